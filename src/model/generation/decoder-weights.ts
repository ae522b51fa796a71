import * as tf from '@tensorflow/tfjs';
import { CarebotError } from '../../core/carebot-error.ts';

/** How a weight starts: Glorot-uniform, zeros, or an LSTM bias (forget gate at 1, the rest 0). */
export type WeightInit = 'glorot' | 'zeros' | 'lstm-bias';

/** A named weight of a decoder and its shape. */
export interface WeightSpec {
  name: string;
  shape: number[];
  init: WeightInit;
}

/** A weight as plain numbers, for saving. */
export interface WeightData {
  name: string;
  shape: number[];
  values: Float32Array;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function initial(spec: WeightSpec, seed: number): tf.Tensor {
  if (spec.init === 'zeros') return tf.zeros(spec.shape);
  if (spec.init === 'lstm-bias') {
    const units = (spec.shape[0] ?? 0) / 4;
    const values = new Float32Array(units * 4);
    values.fill(1, units, 2 * units);
    return tf.tensor(values, spec.shape);
  }
  const fanIn = spec.shape[0] ?? 1;
  const fanOut = spec.shape[1] ?? 1;
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return tf.randomUniform(spec.shape, -limit, limit, 'float32', seed);
}

/** The weights of a decoder as tfjs variables, by name (trainable while training, read-only in use). */
export class DecoderWeights {
  private readonly byName: Map<string, tf.Variable>;

  private constructor(byName: Map<string, tf.Variable>) {
    this.byName = byName;
  }

  /** Fresh weights, initialised reproducibly from `seed`. */
  static create(specs: readonly WeightSpec[], seed: number): DecoderWeights {
    return new DecoderWeights(
      new Map(
        specs.map((spec, i) => {
          const start = initial(spec, seed * 1009 + i);
          const variable = tf.variable(start, true, undefined, 'float32');
          start.dispose();
          return [spec.name, variable];
        }),
      ),
    );
  }

  /** Weights from saved data; every spec must be there with its shape (`what` names the decoder in errors). */
  static fromData(specs: readonly WeightSpec[], data: readonly WeightData[], what: string): DecoderWeights {
    const given = new Map(data.map((d) => [d.name, d]));
    for (const spec of specs) {
      const d = given.get(spec.name);
      if (!d || d.shape.join('x') !== spec.shape.join('x') || d.values.length !== size(spec.shape)) {
        throw new CarebotError(
          'MODEL_INVALID',
          `${what}: weight '${spec.name}' is ${d ? `[${d.shape.join(', ')}]` : 'missing'}, expected [${spec.shape.join(', ')}]`,
        );
      }
    }
    return new DecoderWeights(
      new Map(
        specs.map((spec) => {
          const start = tf.tensor((given.get(spec.name) as WeightData).values, spec.shape);
          const variable = tf.variable(start, false, undefined, 'float32');
          start.dispose();
          return [spec.name, variable];
        }),
      ),
    );
  }

  get(name: string): tf.Variable {
    const w = this.byName.get(name);
    if (!w) throw new CarebotError('MODEL_INVALID', `decoder weight '${name}' is missing`);
    return w;
  }

  get2d(name: string): tf.Tensor2D {
    return this.get(name) as unknown as tf.Tensor2D;
  }

  get1d(name: string): tf.Tensor1D {
    return this.get(name) as unknown as tf.Tensor1D;
  }

  variables(): tf.Variable[] {
    return [...this.byName.values()];
  }

  /** Copies of the current values (to keep the best epoch's weights). */
  snapshot(): WeightData[] {
    return [...this.byName.entries()].map(([name, v]) => ({
      name,
      shape: [...v.shape],
      values: new Float32Array(v.dataSync()),
    }));
  }

  /** Sets the values from a snapshot of the same weights. */
  restore(data: readonly WeightData[]): void {
    for (const d of data) tf.tidy(() => this.get(d.name).assign(tf.tensor(d.values, d.shape)));
  }

  /** Number of parameters. */
  get count(): number {
    return [...this.byName.values()].reduce((n, v) => n + v.size, 0);
  }

  dispose(): void {
    for (const v of this.byName.values()) v.dispose();
  }
}
