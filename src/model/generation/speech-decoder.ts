import * as tf from '@tensorflow/tfjs';
import type { Lang } from '../../core/language.ts';
import { dense, lookup, lstmStep } from '../tensor-ops.ts';
import { DecoderWeights, type WeightData, type WeightSpec } from './decoder-weights.ts';
import { tokenLanguage, tokenSlot } from './line-tokens.ts';

/** Token ids every decoder vocabulary starts with. */
export const PAD = 0;
export const BOS = 1;
export const EOS = 2;
export const UNK = 3;
export const SPECIAL_TOKENS = ['<pad>', '<s>', '</s>', '<unk>'];

/** The slots whose being known is part of the condition (time and date are always known). */
export const CONDITION_SLOTS = ['user_name', 'medication', 'contact', 'memory'] as const;

/** What a speech decoder is: sizes and vocabulary (saved beside its weights). */
export interface SpeechDecoderConfig {
  /** Output tokens (line-tokens), the special tokens first. */
  tokens: string[];
  /** Size of the memory model's features (2 × its hidden size). */
  featureSize: number;
  actionIds: string[];
  embedSize: number;
  conditionSize: number;
  hiddenSize: number;
  /** Longest line in tokens (without the end token). */
  maxTokens: number;
}

/** What to say a line for. */
export interface LineRequest {
  /** The memory model's features for the turn. */
  features: Float32Array;
  actionId: string;
  lang: Lang;
  /** Slot values known now; only `allowedSlots` with a value may appear. */
  slots: Readonly<Record<string, string>>;
  allowedSlots: readonly string[];
  /** Beam width; 1 is greedy. Default 1. */
  beamWidth?: number;
}

/** A decoded line, its `{slot}`s not filled yet. */
export interface DecodedLine {
  template: string[];
  /** Geometric mean of the chosen tokens' probabilities (end token included), 0-1. */
  confidence: number;
  /** False when the line hit `maxTokens` without ending. */
  finished: boolean;
}

/** One training example: the condition and the line's token ids (no start or end token). */
export interface SpeechExample {
  condition: Float32Array;
  tokens: number[];
}

/**
 * The speech decoder: an LSTM language model conditioned on the turn (memory features, action,
 * language, which slots are known). The condition, through a tanh layer, starts the LSTM's
 * state and is fed beside each token's embedding; a softmax over line tokens follows.
 */
export class SpeechDecoder {
  readonly config: SpeechDecoderConfig;
  readonly weights: DecoderWeights;
  private readonly actionIndex: Map<string, number>;
  private readonly byLanguage: Record<Lang, Float32Array>;
  private readonly slotOf: Array<string | undefined>;

  constructor(config: SpeechDecoderConfig, weights: DecoderWeights) {
    this.config = config;
    this.weights = weights;
    this.actionIndex = new Map(config.actionIds.map((a, i) => [a, i]));
    this.slotOf = config.tokens.map(tokenSlot);
    const mask = (lang: Lang) =>
      Float32Array.from(config.tokens, (t, i) => {
        if (i < SPECIAL_TOKENS.length) return i === EOS ? 0 : -Infinity;
        return tokenLanguage(t) !== 'any' && tokenLanguage(t) !== lang ? -Infinity : 0;
      });
    this.byLanguage = { en: mask('en'), ko: mask('ko') };
  }

  /** The weights a decoder of this config has. */
  static specs(c: SpeechDecoderConfig): WeightSpec[] {
    const inputs = c.featureSize + c.actionIds.length + 1 + CONDITION_SLOTS.length;
    const v = c.tokens.length;
    return [
      { name: 'embed', shape: [v, c.embedSize], init: 'glorot' },
      { name: 'condition_kernel', shape: [inputs, c.conditionSize], init: 'glorot' },
      { name: 'condition_bias', shape: [c.conditionSize], init: 'zeros' },
      { name: 'init_kernel', shape: [c.conditionSize, 2 * c.hiddenSize], init: 'glorot' },
      { name: 'init_bias', shape: [2 * c.hiddenSize], init: 'zeros' },
      { name: 'lstm_kernel', shape: [c.embedSize + c.conditionSize, 4 * c.hiddenSize], init: 'glorot' },
      { name: 'lstm_recurrent', shape: [c.hiddenSize, 4 * c.hiddenSize], init: 'glorot' },
      { name: 'lstm_bias', shape: [4 * c.hiddenSize], init: 'lstm-bias' },
      { name: 'out_kernel', shape: [c.hiddenSize, v], init: 'glorot' },
      { name: 'out_bias', shape: [v], init: 'zeros' },
    ];
  }

  static create(config: SpeechDecoderConfig, seed: number): SpeechDecoder {
    return new SpeechDecoder(config, DecoderWeights.create(SpeechDecoder.specs(config), seed));
  }

  static fromData(config: SpeechDecoderConfig, data: readonly WeightData[]): SpeechDecoder {
    return new SpeechDecoder(
      config,
      DecoderWeights.fromData(SpeechDecoder.specs(config), data, 'speech decoder'),
    );
  }

  /** The condition vector: features, action one-hot, Korean flag, which slots are known. */
  condition(
    features: Float32Array,
    actionId: string,
    lang: Lang,
    slots: Readonly<Record<string, string>>,
  ): Float32Array {
    const c = this.config;
    const v = new Float32Array(c.featureSize + c.actionIds.length + 1 + CONDITION_SLOTS.length);
    v.set(features.subarray(0, c.featureSize));
    const a = this.actionIndex.get(actionId);
    if (a !== undefined) v[c.featureSize + a] = 1;
    let o = c.featureSize + c.actionIds.length;
    v[o++] = lang === 'ko' ? 1 : 0;
    for (const slot of CONDITION_SLOTS) v[o++] = (slots[slot] ?? '').trim() !== '' ? 1 : 0;
    return v;
  }

  private start(condition: tf.Tensor2D): { cond: tf.Tensor2D; h: tf.Tensor2D; c: tf.Tensor2D } {
    const w = this.weights;
    const cond = tf.tanh(dense(condition, w.get2d('condition_kernel'), w.get1d('condition_bias')));
    const init = dense(cond, w.get2d('init_kernel'), w.get1d('init_bias'));
    const [h, c] = tf.split(init, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return { cond, h: tf.tanh(h), c };
  }

  private lstm(): { kernel: tf.Tensor2D; recurrent: tf.Tensor2D; bias: tf.Tensor1D } {
    const w = this.weights;
    return {
      kernel: w.get2d('lstm_kernel'),
      recurrent: w.get2d('lstm_recurrent'),
      bias: w.get1d('lstm_bias'),
    };
  }

  /** Mean cross-entropy per token of a batch, teacher-forced (`dropout` on the LSTM output while training). */
  loss(examples: readonly SpeechExample[], dropout = 0, seed = 1): tf.Scalar {
    const b = examples.length;
    const steps = Math.max(...examples.map((e) => e.tokens.length)) + 1;
    const conditions = new Float32Array(b * (examples[0]?.condition.length ?? 0));
    examples.forEach((e, i) => {
      conditions.set(e.condition, i * e.condition.length);
    });
    const inputs = new Int32Array(steps * b).fill(PAD);
    const targets = new Int32Array(steps * b).fill(PAD);
    const mask = new Float32Array(steps * b);
    examples.forEach((e, i) => {
      const line = [BOS, ...e.tokens, EOS];
      for (let t = 0; t < line.length - 1; t++) {
        inputs[t * b + i] = line[t] ?? PAD;
        targets[t * b + i] = line[t + 1] ?? PAD;
        mask[t * b + i] = 1;
      }
    });
    return tf.tidy(() => {
      const w = this.weights;
      const start = this.start(tf.tensor2d(conditions, [b, conditions.length / b]));
      let { h, c } = start;
      const outputs: tf.Tensor2D[] = [];
      for (let t = 0; t < steps; t++) {
        const ids = tf.tensor1d(inputs.subarray(t * b, (t + 1) * b), 'int32');
        const x = tf.concat([lookup(w.get2d('embed'), ids), start.cond], 1);
        ({ h, c } = lstmStep(this.lstm(), x, h, c));
        outputs.push(h);
      }
      let all = tf.concat(outputs, 0) as tf.Tensor2D;
      if (dropout > 0) all = tf.dropout(all, dropout, undefined, seed) as tf.Tensor2D;
      const logits = dense(all, w.get2d('out_kernel'), w.get1d('out_bias'));
      // Cast: the wasm OneHot kernel writes int32 bits even when asked for float32.
      const gold = tf.cast(tf.oneHot(tf.tensor1d(targets, 'int32'), this.config.tokens.length), 'float32');
      const picked = tf.sum(tf.mul(tf.logSoftmax(logits), gold), 1);
      const m = tf.tensor1d(mask);
      return tf.div(tf.neg(tf.sum(tf.mul(picked, m))), tf.maximum(tf.sum(m), 1)) as tf.Scalar;
    });
  }

  /** Decodes a line (beam search; width 1 is greedy). Plain data out; no tensor outlives the call. */
  generate(request: LineRequest): DecodedLine {
    const width = Math.max(1, Math.floor(request.beamWidth ?? 1));
    const vocab = this.config.tokens.length;
    const allowedSlots = new Set(request.allowedSlots.filter((s) => (request.slots[s] ?? '').trim() !== ''));
    const base = Float32Array.from(this.byLanguage[request.lang], (m, i) => {
      const slot = this.slotOf[i];
      return slot !== undefined && !allowedSlots.has(slot) ? -Infinity : m;
    });
    const condition = this.condition(request.features, request.actionId, request.lang, request.slots);
    interface Beam {
      tokens: number[];
      logProb: number;
      row: number;
    }
    let beams: Beam[] = [{ tokens: [], logProb: 0, row: 0 }];
    const done: Beam[] = [];
    let state = tf.tidy(() => {
      const s = this.start(tf.tensor2d(condition, [1, condition.length]));
      return { cond: s.cond, h: s.h, c: s.c };
    });
    try {
      for (let t = 0; t <= this.config.maxTokens && beams.length > 0; t++) {
        const rows = beams.map((beam) => beam.row);
        const last = beams.map((beam) => beam.tokens.at(-1) ?? BOS);
        const next = tf.tidy(() => {
          const pick = tf.tensor1d(rows, 'int32');
          const h = tf.gather(state.h, pick) as tf.Tensor2D;
          const c = tf.gather(state.c, pick) as tf.Tensor2D;
          const cond = tf.tile(state.cond, [rows.length, 1]) as tf.Tensor2D;
          const x = tf.concat([tf.gather(this.weights.get2d('embed'), tf.tensor1d(last, 'int32')), cond], 1);
          const out = lstmStep(this.lstm(), x as tf.Tensor2D, h, c);
          const logits = dense(out.h, this.weights.get2d('out_kernel'), this.weights.get1d('out_bias'));
          return { h: out.h, c: out.c, logits };
        });
        const logits = next.logits.dataSync();
        next.logits.dispose();
        tf.dispose([state.h, state.c]);
        state = { cond: state.cond, h: next.h, c: next.c };
        const candidates: Beam[] = [];
        beams.forEach((beam, r) => {
          const row = logits.subarray(r * vocab, (r + 1) * vocab);
          const scores = new Float32Array(vocab);
          let max = -Infinity;
          for (let i = 0; i < vocab; i++) {
            let s = (row[i] ?? 0) + (base[i] ?? 0);
            const slot = this.slotOf[i];
            if ((i === EOS && t === 0) || (slot !== undefined && beam.tokens.includes(i))) s = -Infinity;
            scores[i] = s;
            if (s > max) max = s;
          }
          let sum = 0;
          for (let i = 0; i < vocab; i++) sum += Math.exp((scores[i] ?? 0) - max);
          const logZ = max + Math.log(sum);
          const best = topK(scores, width);
          for (const i of best) {
            candidates.push({
              tokens: [...beam.tokens, i],
              logProb: beam.logProb + (scores[i] ?? 0) - logZ,
              row: r,
            });
          }
        });
        candidates.sort((a, b) => b.logProb - a.logProb);
        beams = [];
        for (const candidate of candidates.slice(0, width)) {
          if (!Number.isFinite(candidate.logProb)) continue;
          if (candidate.tokens.at(-1) === EOS) done.push(candidate);
          else beams.push(candidate);
        }
        if (done.length >= width) break;
      }
    } finally {
      tf.dispose([state.cond, state.h, state.c]);
    }
    const score = (beam: Beam) => beam.logProb / beam.tokens.length ** 0.7;
    const best = [...done].sort((a, b) => score(b) - score(a))[0] ?? beams[0];
    if (!best) return { template: [], confidence: 0, finished: false };
    const finished = best.tokens.at(-1) === EOS;
    const tokens = finished ? best.tokens.slice(0, -1) : best.tokens;
    return {
      template: tokens.map((i) => this.config.tokens[i] ?? ''),
      confidence: Math.exp(best.logProb / Math.max(1, best.tokens.length)),
      finished,
    };
  }

  dispose(): void {
    this.weights.dispose();
  }
}

/** Indices of the `k` highest finite scores, best first. */
function topK(scores: Float32Array, k: number): number[] {
  const best: number[] = [];
  scores.forEach((s, i) => {
    if (!Number.isFinite(s)) return;
    if (best.length < k || s > (scores[best[best.length - 1] as number] ?? -Infinity)) {
      best.push(i);
      best.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
      if (best.length > k) best.pop();
    }
  });
  return best;
}
