import * as tf from '@tensorflow/tfjs';

type GradientFunction = Parameters<typeof tf.customGrad>[0];

/**
 * `a · b` whose gradient transposes explicitly before multiplying: on the wasm backend a matMul
 * with transposeA/transposeB (what tfjs's own gradient uses) is about ten times slower than a
 * plain one (shared/notes/tfjs.md).
 */
export const matMul = tf.customGrad(((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(dy as tf.Tensor2D, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy as tf.Tensor2D)];
    },
  };
}) as GradientFunction) as unknown as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

/**
 * Rows of `table` by index, with a gradient summed row by row in plain JavaScript: the gradient
 * of tf.gather needs UnsortedSegmentSum, which the wasm backend does not have.
 */
export function lookup(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  const f = tf.customGrad(((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [t, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    save([ids]);
    return {
      value: tf.gather(t, ids),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [rows, width] = table.shape;
        const index = (saved[0] as tf.Tensor1D).dataSync();
        const g = dy.dataSync();
        const sum = new Float32Array(rows * width);
        index.forEach((row, i) => {
          for (let k = 0; k < width; k++)
            sum[row * width + k] = (sum[row * width + k] ?? 0) + (g[i * width + k] ?? 0);
        });
        return tf.tensor2d(sum, [rows, width]);
      },
    };
  }) as GradientFunction);
  return f(table) as tf.Tensor2D;
}

/** The weights of one LSTM layer, tfjs-layers' gate order (input, forget, cell, output). */
export interface LstmWeights {
  kernel: tf.Tensor2D;
  recurrent: tf.Tensor2D;
  bias: tf.Tensor1D;
}

/** One LSTM step over a batch: x [B, in], h and c [B, units] → the next h and c. */
export function lstmStep(
  w: LstmWeights,
  x: tf.Tensor2D,
  h: tf.Tensor2D,
  c: tf.Tensor2D,
): { h: tf.Tensor2D; c: tf.Tensor2D } {
  const z = tf.add(tf.add(matMul(x, w.kernel), matMul(h, w.recurrent)), w.bias) as tf.Tensor2D;
  const [zi, zf, zc, zo] = tf.split(z, 4, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const next = tf.add(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), tf.tanh(zc))) as tf.Tensor2D;
  return { h: tf.mul(tf.sigmoid(zo), tf.tanh(next)) as tf.Tensor2D, c: next };
}

/** A dense layer over a batch: x · kernel + bias. */
export function dense(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  return tf.add(matMul(x, kernel), bias) as tf.Tensor2D;
}
