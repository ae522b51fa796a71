import type * as tfl from '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs';
import { seededRandom, shuffleInPlace } from '../../core/random.ts';
import { factLoss, makeBatch, maskedActionLoss } from './batch-tensors.ts';
import type { TrainingSequence } from './sequence-example.ts';
import { sparseTwin } from './sparse-twin.ts';

/** Progress of a training run, reported after every batch. */
export interface TrainingProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number;
  /** Seconds left at the current pace, for the whole run (all epochs). */
  etaSeconds: number;
  /** In an ensemble: the fraction of all members' training done (see trainMembers). */
  ensembleDone?: number;
}

/** The fraction of a run's batches done (over all its epochs). */
export function runFraction(p: TrainingProgress): number {
  return ((p.epoch - 1) * p.batches + p.batch) / (p.epochs * p.batches);
}

/** One epoch of the training curve. */
export interface EpochRecord {
  epoch: number;
  loss: number;
  /** On the first 256 training sequences. */
  trainAccuracy: number;
  devAccuracy: number | null;
  seconds: number;
}

export interface TrainOptions {
  /** Default 40. */
  epochs?: number;
  /** Default 16. */
  batchSize?: number;
  /** Adam learning rate. Default 0.004. */
  learningRate?: number;
  /** Stop after this many epochs without a better dev accuracy. Default 6. */
  patience?: number;
  /** Weight of the fact head's loss. Default 1. */
  factWeight?: number;
  /** Weight of positive fact labels in that loss. Default 3. */
  factPositiveWeight?: number;
  seed?: number;
  onProgress?: (progress: TrainingProgress) => void;
  onEpoch?: (record: EpochRecord) => void;
}

export interface TrainResult {
  history: EpochRecord[];
  bestEpoch: number;
  bestDevAccuracy: number | null;
  samplesPerSecond: number;
}

/** Masked-argmax turn accuracy over sequences (teacher-forced features), of a memory model's sparse twin. */
export function sequenceAccuracy(
  twin: tfl.LayersModel,
  sequences: readonly TrainingSequence[],
  contextSize: number,
  actionCount: number,
  batchSize = 32,
): number {
  let right = 0;
  let total = 0;
  const byLength = [...sequences].sort((a, b) => a.turns.length - b.turns.length);
  for (let start = 0; start < byLength.length; start += batchSize) {
    const slice = byLength.slice(start, start + batchSize);
    const batch = makeBatch(slice, contextSize, actionCount);
    const [logits, fact] = twin.predict(batch.inputs) as [tf.Tensor3D, tf.Tensor3D];
    const values = logits.arraySync();
    logits.dispose();
    fact.dispose();
    batch.dispose();
    slice.forEach((sequence, i) => {
      sequence.turns.forEach((turn, j) => {
        const row = values[i]?.[j] ?? [];
        let best = -1;
        let bestValue = -Infinity;
        row.forEach((v, a) => {
          if (turn.allowed[a] && v > bestValue) {
            bestValue = v;
            best = a;
          }
        });
        right += Number(best === turn.label);
        total += 1;
      });
    });
  }
  return total === 0 ? 0 : right / total;
}

/**
 * One epoch's batches: sequences of similar length together (a batch is padded to its longest
 * sequence, and sessions run from 3 to 46 turns: random batches were 3× padding), with the ties,
 * and then the order of the batches, shuffled by the seeded random.
 */
export function lengthBuckets<T extends { turns: readonly unknown[] }>(
  sequences: readonly T[],
  batchSize: number,
  random: () => number,
): T[][] {
  const byLength = shuffleInPlace([...sequences], random).sort((a, b) => a.turns.length - b.turns.length);
  const batches: T[][] = [];
  for (let start = 0; start < byLength.length; start += batchSize)
    batches.push(byLength.slice(start, start + batchSize));
  return shuffleInPlace(batches, random);
}

/**
 * Trains the memory model with seeded shuffling, a masked loss, early stopping on dev accuracy
 * (the best epoch's weights are kept), and progress after every batch.
 */
export async function trainMemoryModel(
  model: tfl.LayersModel,
  train: TrainingSequence[],
  dev: TrainingSequence[],
  shape: { contextSize: number; actionCount: number },
  options: TrainOptions = {},
): Promise<TrainResult> {
  const epochs = options.epochs ?? 40;
  const batchSize = options.batchSize ?? 16;
  const patience = options.patience ?? 6;
  const random = seededRandom(options.seed ?? 1);
  const factWeight = options.factWeight ?? 1;
  const factPositive = options.factPositiveWeight ?? 3;
  // Trained through its sparse twin (same weights); snapshots and the result stay on `model`.
  const twin = sparseTwin(model);
  twin.compile({
    optimizer: tf.train.adam(options.learningRate ?? 0.004),
    // tfjs-layers has no lossWeights: the fact loss is scaled inside its function.
    loss: [
      maskedActionLoss,
      (y: tf.Tensor, p: tf.Tensor) =>
        tf.tidy(() => tf.mul(factLoss(y, p, factPositive), factWeight) as tf.Scalar),
    ],
  });
  const history: EpochRecord[] = [];
  let best: { epoch: number; accuracy: number; weights: tf.Tensor[] } | undefined;
  const batches = Math.ceil(train.length / batchSize);
  const trainSample = train.slice(0, 256);
  const started = performance.now();
  let turnsSeen = 0;
  let stale = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const epochStart = performance.now();
    const order = lengthBuckets(train, batchSize, random);
    let lossSum = 0;
    for (let b = 0; b < batches; b++) {
      const slice = order[b] ?? [];
      const batch = makeBatch(slice, shape.contextSize, shape.actionCount);
      const result = await twin.trainOnBatch(batch.inputs, batch.targets);
      batch.dispose();
      const loss = Array.isArray(result) ? (result[0] ?? 0) : result;
      lossSum += loss;
      turnsSeen += slice.reduce((n, s) => n + s.turns.length, 0);
      const elapsed = (performance.now() - started) / 1000;
      const done = (epoch - 1) * batches + b + 1;
      options.onProgress?.({
        epoch,
        epochs,
        batch: b + 1,
        batches,
        loss,
        etaSeconds: (elapsed / done) * (epochs * batches - done),
      });
    }
    // The curve's train accuracy on a fixed sample: scoring the whole set each epoch cost as much as training.
    const trainAccuracy = sequenceAccuracy(twin, trainSample, shape.contextSize, shape.actionCount);
    const devAccuracy =
      dev.length > 0 ? sequenceAccuracy(twin, dev, shape.contextSize, shape.actionCount) : null;
    const record: EpochRecord = {
      epoch,
      loss: lossSum / batches,
      trainAccuracy,
      devAccuracy,
      seconds: (performance.now() - epochStart) / 1000,
    };
    history.push(record);
    options.onEpoch?.(record);
    const score = devAccuracy ?? trainAccuracy;
    if (!best || score > best.accuracy) {
      for (const w of best?.weights ?? []) w.dispose();
      best = { epoch, accuracy: score, weights: model.getWeights().map((w) => tf.clone(w)) };
      stale = 0;
    } else if (++stale >= patience) {
      break;
    }
  }
  if (best) {
    model.setWeights(best.weights);
    for (const w of best.weights) w.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    history,
    bestEpoch: best?.epoch ?? 0,
    bestDevAccuracy: dev.length > 0 ? (best?.accuracy ?? null) : null,
    samplesPerSecond: turnsSeen / seconds,
  };
}
