import * as tf from '@tensorflow/tfjs';
import type { TrainingSequence } from './sequence-example.ts';

/**
 * Tensors for a batch, padded to the longest sequence: inputs [text indices, text weights,
 * context] (the sparse twin's, see sparse-twin.ts) and targets [actions, fact].
 */
export interface Batch {
  inputs: [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
  targets: [tf.Tensor3D, tf.Tensor3D];
  dispose(): void;
}

/**
 * Packs sequences into tensors. A turn's text features are indices padded to the batch's
 * longest bag (weight 1 for a feature, 0 for padding). Action targets hold 1 for the expected
 * action, 0 for other allowed actions and -1 for masked ones (padding turns are all -1), so the
 * loss can apply the mask; fact targets hold 0/1, or -1 where there is no label.
 */
export function makeBatch(
  sequences: readonly TrainingSequence[],
  contextSize: number,
  actionCount: number,
): Batch {
  const b = sequences.length;
  const t = Math.max(1, ...sequences.map((s) => s.turns.length));
  const l = Math.max(1, ...sequences.flatMap((s) => s.turns.map((turn) => turn.text.length)));
  const indices = new Int32Array(b * t * l);
  const weights = new Float32Array(b * t * l);
  const context = new Float32Array(b * t * contextSize);
  const actions = new Float32Array(b * t * actionCount).fill(-1);
  const fact = new Float32Array(b * t).fill(-1);
  sequences.forEach((sequence, i) => {
    sequence.turns.forEach((turn, j) => {
      const row = i * t + j;
      turn.text.forEach((k, n) => {
        indices[row * l + n] = k;
        weights[row * l + n] = 1;
      });
      context.set(turn.context, row * contextSize);
      for (let a = 0; a < actionCount; a++) actions[row * actionCount + a] = turn.allowed[a] ? 0 : -1;
      actions[row * actionCount + turn.label] = 1;
      if (turn.fact !== undefined) fact[row] = turn.fact;
    });
  });
  const inputs: [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D] = [
    tf.tensor3d(indices, [b, t, l], 'int32'),
    tf.tensor3d(weights, [b, t, l]),
    tf.tensor3d(context, [b, t, contextSize]),
  ];
  const targets: [tf.Tensor3D, tf.Tensor3D] = [
    tf.tensor3d(actions, [b, t, actionCount]),
    tf.tensor3d(fact, [b, t, 1]),
  ];
  return {
    inputs,
    targets,
    dispose: () => {
      for (const x of [...inputs, ...targets]) x.dispose();
    },
  };
}

/**
 * Cross-entropy of the masked softmax, averaged over the turns that have a label, plus
 * `unmaskedWeight` times the cross-entropy over all actions: without it the logits of masked
 * actions are never trained, and the bare model (`carebot eval --model-only`) would be meaningless.
 */
export function maskedActionLoss(yTrue: tf.Tensor, logits: tf.Tensor, unmaskedWeight = 0.2): tf.Scalar {
  return tf.tidy(() => {
    const allowed = tf.cast(tf.greaterEqual(yTrue, 0), 'float32');
    const gold = tf.cast(tf.equal(yTrue, 1), 'float32');
    const count = tf.maximum(tf.sum(gold), 1);
    const masked = tf.add(logits, tf.mul(tf.sub(1, allowed), -1e4));
    const maskedLoss = tf.neg(tf.sum(tf.mul(gold, tf.logSoftmax(masked))));
    const unmaskedLoss = tf.neg(tf.sum(tf.mul(gold, tf.logSoftmax(logits))));
    return tf.div(tf.add(maskedLoss, tf.mul(unmaskedLoss, unmaskedWeight)), count) as tf.Scalar;
  });
}

/**
 * Binary cross-entropy of the fact head over the turns with a fact label; positives weigh
 * `positiveWeight` times more (facts are rare: about one user turn in nine).
 */
export function factLoss(yTrue: tf.Tensor, p: tf.Tensor, positiveWeight = 1): tf.Scalar {
  return tf.tidy(() => {
    const valid = tf.cast(tf.greaterEqual(yTrue, 0), 'float32');
    const y = tf.mul(yTrue, valid);
    const q = tf.clipByValue(p, 1e-6, 1 - 1e-6);
    const positive = tf.mul(tf.mul(y, tf.log(q)), positiveWeight);
    const bce = tf.neg(tf.add(positive, tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q)))));
    return tf.div(tf.sum(tf.mul(bce, valid)), tf.maximum(tf.sum(valid), 1)) as tf.Scalar;
  });
}
