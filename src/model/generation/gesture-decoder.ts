import * as tf from '@tensorflow/tfjs';
import type { Lang } from '../../core/language.ts';
import { dense, lookup, lstmStep } from '../tensor-ops.ts';
import { DecoderWeights, type WeightData, type WeightSpec } from './decoder-weights.ts';
import {
  FRAME_FEATURES,
  frameFeatures,
  type GestureTimeline,
  gestureTimeline,
  wordAlignment,
} from './gesture-timeline.ts';
import { lineTokens } from './line-tokens.ts';
import { PAD, UNK } from './speech-decoder.ts';

/** What a gesture decoder is: sizes, vocabulary, the joints it moves (saved beside its weights). */
export interface GestureDecoderConfig {
  /** Input tokens (line-tokens of delexicalised lines), the special tokens first. */
  tokens: string[];
  actionIds: string[];
  /** Joints it outputs, and their rest positions (outputs are offsets from rest). */
  jointNames: string[];
  rest: number[];
  /** Frames per second of its output. */
  frameRate: number;
  /** A gesture's usual length per action (seconds): a short line still gets the whole gesture. */
  actionSeconds: number[];
  charsPerSecond: number;
  maxSeconds: number;
  embedSize: number;
  encoderSize: number;
  hiddenSize: number;
}

/** One training example: the line, the action, and the target positions at the decoder's frame rate. */
export interface GestureExample {
  tokens: number[];
  action: number;
  lang: Lang;
  timeline: GestureTimeline;
  /** `[frames][joints]` positions (radians). */
  target: Float32Array[];
}

/** A generated gesture: positions per frame for `jointNames`, at `frameRate`. */
export interface GeneratedFrames {
  jointNames: string[];
  frameRate: number;
  positions: number[][];
}

/**
 * The gesture decoder (after Yoon et al., ICRA 2019): an LSTM encoder reads the line's words; an
 * LSTM decoder, started from the action, writes one pose per frame from the words being spoken
 * at that moment (attention along the line's timeline), the action and where the frame is in the
 * gesture. Poses are offsets from the rest pose.
 */
export class GestureDecoder {
  readonly config: GestureDecoderConfig;
  readonly weights: DecoderWeights;
  private readonly tokenIndex: Map<string, number>;
  private readonly actionIndex: Map<string, number>;

  constructor(config: GestureDecoderConfig, weights: DecoderWeights) {
    this.config = config;
    this.weights = weights;
    this.tokenIndex = new Map(config.tokens.map((t, i) => [t, i]));
    this.actionIndex = new Map(config.actionIds.map((a, i) => [a, i]));
  }

  static specs(c: GestureDecoderConfig): WeightSpec[] {
    const actions = c.actionIds.length + 1;
    return [
      { name: 'embed', shape: [c.tokens.length, c.embedSize], init: 'glorot' },
      { name: 'encoder_kernel', shape: [c.embedSize, 4 * c.encoderSize], init: 'glorot' },
      { name: 'encoder_recurrent', shape: [c.encoderSize, 4 * c.encoderSize], init: 'glorot' },
      { name: 'encoder_bias', shape: [4 * c.encoderSize], init: 'lstm-bias' },
      { name: 'init_kernel', shape: [actions, 2 * c.hiddenSize], init: 'glorot' },
      { name: 'init_bias', shape: [2 * c.hiddenSize], init: 'zeros' },
      {
        name: 'decoder_kernel',
        shape: [c.encoderSize + actions + FRAME_FEATURES, 4 * c.hiddenSize],
        init: 'glorot',
      },
      { name: 'decoder_recurrent', shape: [c.hiddenSize, 4 * c.hiddenSize], init: 'glorot' },
      { name: 'decoder_bias', shape: [4 * c.hiddenSize], init: 'lstm-bias' },
      { name: 'out_kernel', shape: [c.hiddenSize, c.jointNames.length], init: 'glorot' },
      { name: 'out_bias', shape: [c.jointNames.length], init: 'zeros' },
    ];
  }

  static create(config: GestureDecoderConfig, seed: number): GestureDecoder {
    return new GestureDecoder(config, DecoderWeights.create(GestureDecoder.specs(config), seed));
  }

  static fromData(config: GestureDecoderConfig, data: readonly WeightData[]): GestureDecoder {
    return new GestureDecoder(
      config,
      DecoderWeights.fromData(GestureDecoder.specs(config), data, 'gesture decoder'),
    );
  }

  /** Token ids of a (delexicalised) line; unknown tokens are UNK, an empty line one UNK. */
  encodeLine(line: string): number[] {
    const ids = lineTokens(line).map((t) => this.tokenIndex.get(t) ?? UNK);
    return ids.length > 0 ? ids : [UNK];
  }

  /** The timeline of a line for an action (its length follows the line and the action's usual gesture). */
  timeline(line: string, actionId: string): GestureTimeline {
    const c = this.config;
    const a = this.actionIndex.get(actionId);
    return gestureTimeline(line, a === undefined ? 1 : (c.actionSeconds[a] ?? 1), {
      charsPerSecond: c.charsPerSecond,
      maxSeconds: c.maxSeconds,
      frameRate: c.frameRate,
    });
  }

  /** Index of an action (-1 when the decoder does not know it). */
  action(actionId: string): number {
    return this.actionIndex.get(actionId) ?? -1;
  }

  /** Poses `[frames·batch, joints]` (frame-major) for a batch, and the frame mask. */
  private forward(
    batch: readonly GestureExample[],
    dropout: number,
    seed: number,
  ): { poses: tf.Tensor2D; mask: Float32Array } {
    const c = this.config;
    const w = this.weights;
    const b = batch.length;
    const words = Math.max(...batch.map((e) => e.tokens.length));
    const frames = Math.max(...batch.map((e) => e.timeline.frames));
    const actions = c.actionIds.length + 1;
    const ids = new Int32Array(words * b).fill(PAD);
    const align = new Float32Array(b * frames * words);
    const features = new Float32Array(frames * b * FRAME_FEATURES);
    const actionLang = new Float32Array(b * actions);
    const mask = new Float32Array(frames * b);
    batch.forEach((e, i) => {
      e.tokens.forEach((id, l) => {
        ids[l * b + i] = id;
      });
      wordAlignment(e.timeline, e.tokens.length, c.frameRate).forEach((row, k) => {
        align.set(row, (i * frames + k) * words);
      });
      for (let k = 0; k < e.timeline.frames; k++) {
        features.set(frameFeatures(e.timeline, k, c.frameRate), (k * b + i) * FRAME_FEATURES);
        mask[k * b + i] = 1;
      }
      if (e.action >= 0) actionLang[i * actions + e.action] = 1;
      actionLang[i * actions + actions - 1] = e.lang === 'ko' ? 1 : 0;
    });
    const poses = tf.tidy(() => {
      const encoderWeights = {
        kernel: w.get2d('encoder_kernel'),
        recurrent: w.get2d('encoder_recurrent'),
        bias: w.get1d('encoder_bias'),
      };
      let h = tf.zeros([b, c.encoderSize]) as tf.Tensor2D;
      let cell = tf.zeros([b, c.encoderSize]) as tf.Tensor2D;
      const encoded: tf.Tensor2D[] = [];
      for (let l = 0; l < words; l++) {
        const x = lookup(w.get2d('embed'), tf.tensor1d(ids.subarray(l * b, (l + 1) * b), 'int32'));
        ({ h, c: cell } = lstmStep(encoderWeights, x, h, cell));
        encoded.push(h);
      }
      const context = tf.matMul(tf.tensor3d(align, [b, frames, words]), tf.stack(encoded, 1) as tf.Tensor3D);
      const perFrame = tf.unstack(tf.transpose(context, [1, 0, 2])) as tf.Tensor2D[];
      const act = tf.tensor2d(actionLang, [b, actions]);
      const init = dense(act, w.get2d('init_kernel'), w.get1d('init_bias'));
      const [h0, c0] = tf.split(init, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      let dh = tf.tanh(h0) as tf.Tensor2D;
      let dc = c0;
      const decoderWeights = {
        kernel: w.get2d('decoder_kernel'),
        recurrent: w.get2d('decoder_recurrent'),
        bias: w.get1d('decoder_bias'),
      };
      const outputs: tf.Tensor2D[] = [];
      for (let k = 0; k < frames; k++) {
        const phase = tf.tensor2d(features.subarray(k * b * FRAME_FEATURES, (k + 1) * b * FRAME_FEATURES), [
          b,
          FRAME_FEATURES,
        ]);
        const x = tf.concat([perFrame[k] as tf.Tensor2D, act, phase], 1);
        ({ h: dh, c: dc } = lstmStep(decoderWeights, x, dh, dc));
        outputs.push(dh);
      }
      let all = tf.concat(outputs, 0) as tf.Tensor2D;
      if (dropout > 0) all = tf.dropout(all, dropout, undefined, seed) as tf.Tensor2D;
      return tf.add(
        dense(all, w.get2d('out_kernel'), w.get1d('out_bias')),
        tf.tensor1d(c.rest),
      ) as tf.Tensor2D;
    });
    return { poses, mask };
  }

  /** Mean squared joint error (rad²) over the frames of a batch. */
  loss(batch: readonly GestureExample[], dropout = 0, seed = 1): tf.Scalar {
    const frames = Math.max(...batch.map((e) => e.timeline.frames));
    const joints = this.config.jointNames.length;
    const b = batch.length;
    const target = new Float32Array(frames * b * joints);
    batch.forEach((e, i) => {
      e.target.forEach((row, k) => {
        target.set(row.subarray(0, joints), (k * b + i) * joints);
      });
    });
    return tf.tidy(() => {
      const { poses, mask } = this.forward(batch, dropout, seed);
      const error = tf.mean(tf.square(tf.sub(poses, tf.tensor2d(target, [frames * b, joints]))), 1);
      const m = tf.tensor1d(mask);
      return tf.div(tf.sum(tf.mul(error, m)), tf.maximum(tf.sum(m), 1)) as tf.Scalar;
    });
  }

  /** A gesture for a (delexicalised) line and action: plain numbers out, no tensor outlives the call. */
  generate(line: string, actionId: string, lang: Lang): GeneratedFrames {
    return this.generateBatch([{ line, actionId, lang }])[0] as GeneratedFrames;
  }

  /** Gestures for many lines in one pass (the same numbers as one by one, faster). */
  generateBatch(requests: ReadonlyArray<{ line: string; actionId: string; lang: Lang }>): GeneratedFrames[] {
    if (requests.length === 0) return [];
    const batch: GestureExample[] = requests.map((r) => ({
      tokens: this.encodeLine(r.line),
      action: this.action(r.actionId),
      lang: r.lang,
      timeline: this.timeline(r.line, r.actionId),
      target: [],
    }));
    const { poses } = this.forward(batch, 0, 0);
    const values = poses.dataSync();
    poses.dispose();
    const joints = this.config.jointNames.length;
    const b = batch.length;
    return batch.map((e, i) => ({
      jointNames: [...this.config.jointNames],
      frameRate: this.config.frameRate,
      positions: Array.from({ length: e.timeline.frames }, (_, k) =>
        Array.from(values.subarray((k * b + i) * joints, (k * b + i + 1) * joints)),
      ),
    }));
  }

  dispose(): void {
    this.weights.dispose();
  }
}
