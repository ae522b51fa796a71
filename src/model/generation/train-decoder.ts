import * as tf from '@tensorflow/tfjs';
import { seededRandom, shuffleInPlace } from '../../core/random.ts';
import type { TrainingProgress } from '../training/train-memory-model.ts';
import type { DecoderWeights, WeightData } from './decoder-weights.ts';

/** A decoder as training sees it: weights and a teacher-forced loss over a batch. */
export interface TrainableDecoder<E> {
  weights: DecoderWeights;
  loss(batch: readonly E[], dropout: number, seed: number): tf.Scalar;
}

/** One epoch of a decoder's training curve. */
export interface DecoderEpoch {
  epoch: number;
  loss: number;
  devLoss: number | null;
  seconds: number;
}

/** Settings of a decoder training run; defaults in brackets. */
export interface DecoderTrainOptions<E> {
  /** [20] */
  epochs?: number;
  /** [32] */
  batchSize?: number;
  /** Adam learning rate. [0.003] */
  learningRate?: number;
  /** Stop after this many epochs without a lower dev loss. [3] */
  patience?: number;
  /** Dropout while training. [0.2] */
  dropout?: number;
  /** [1] */
  seed?: number;
  /** Batches hold examples of similar length (less padding): the length of an example. [none] */
  length?: (example: E) => number;
  onProgress?: (progress: TrainingProgress) => void;
  onEpoch?: (record: DecoderEpoch) => void;
}

/** What a decoder training run returns. */
export interface DecoderTrainResult {
  history: DecoderEpoch[];
  bestEpoch: number;
  bestDevLoss: number | null;
  seconds: number;
}

/** Seeded batches; with `length`, shuffled examples are sorted by length within groups of 16 batches. */
function batchesOf<E>(
  examples: readonly E[],
  size: number,
  random: () => number,
  length?: (e: E) => number,
): E[][] {
  const order = shuffleInPlace([...examples], random);
  const group = size * 16;
  const batches: E[][] = [];
  for (let g = 0; g < order.length; g += group) {
    const slice = order.slice(g, g + group);
    if (length) slice.sort((a, b) => length(a) - length(b));
    for (let b = 0; b < slice.length; b += size) batches.push(slice.slice(b, b + size));
  }
  return shuffleInPlace(batches, random);
}

function meanLoss<E>(
  decoder: TrainableDecoder<E>,
  examples: readonly E[],
  size: number,
  length?: (e: E) => number,
): number {
  let total = 0;
  let count = 0;
  for (const batch of batchesOf(examples, size, seededRandom(0), length)) {
    const loss = decoder.loss(batch, 0, 0);
    total += (loss.dataSync()[0] ?? 0) * batch.length;
    count += batch.length;
    loss.dispose();
  }
  return count ? total / count : 0;
}

/**
 * Trains a decoder with Adam, seeded shuffling, early stopping on the dev loss (the best epoch's
 * weights are kept) and progress after every batch. Only the decoder's own weights change.
 */
export async function trainDecoder<E>(
  decoder: TrainableDecoder<E>,
  train: readonly E[],
  dev: readonly E[],
  options: DecoderTrainOptions<E> = {},
): Promise<DecoderTrainResult> {
  const epochs = options.epochs ?? 20;
  const size = options.batchSize ?? 32;
  const patience = options.patience ?? 3;
  const dropout = options.dropout ?? 0.2;
  const random = seededRandom(options.seed ?? 1);
  const optimizer = tf.train.adam(options.learningRate ?? 0.003);
  const variables = decoder.weights.variables();
  const history: DecoderEpoch[] = [];
  let best: { epoch: number; loss: number; weights: WeightData[] } | undefined;
  let stale = 0;
  let step = 0;
  const started = performance.now();
  const batchCount = Math.ceil(train.length / size);
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const epochStart = performance.now();
      let sum = 0;
      const batches = batchesOf(train, size, random, options.length);
      for (const [b, batch] of batches.entries()) {
        step += 1;
        const seed = (options.seed ?? 1) * 7919 + step;
        const loss = optimizer.minimize(() => decoder.loss(batch, dropout, seed), true, variables);
        const value = loss?.dataSync()[0] ?? 0;
        loss?.dispose();
        sum += value;
        const done = (epoch - 1) * batchCount + b + 1;
        const elapsed = (performance.now() - started) / 1000;
        options.onProgress?.({
          epoch,
          epochs,
          batch: b + 1,
          batches: batches.length,
          loss: value,
          etaSeconds: (elapsed / done) * (epochs * batchCount - done),
        });
        // Let timers and I/O run between batches (progress output, signals).
        if (b % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
      }
      const devLoss = dev.length > 0 ? meanLoss(decoder, dev, size, options.length) : null;
      const record = {
        epoch,
        loss: sum / Math.max(1, batches.length),
        devLoss,
        seconds: (performance.now() - epochStart) / 1000,
      };
      history.push(record);
      options.onEpoch?.(record);
      const score = devLoss ?? record.loss;
      if (!best || score < best.loss) {
        best = { epoch, loss: score, weights: decoder.weights.snapshot() };
        stale = 0;
      } else if (++stale >= patience) {
        break;
      }
    }
  } finally {
    optimizer.dispose();
  }
  if (best) decoder.weights.restore(best.weights);
  return {
    history,
    bestEpoch: best?.epoch ?? 0,
    bestDevLoss: dev.length > 0 ? (best?.loss ?? null) : null,
    seconds: (performance.now() - started) / 1000,
  };
}
