import { Worker } from 'node:worker_threads';
import type * as tfl from '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../backend.ts';
import { buildMemoryModel, type MemoryModelShape } from '../memory-model.ts';
import type { TrainingSequence } from './sequence-example.ts';
import {
  type EpochRecord,
  runFraction,
  type TrainingProgress,
  type TrainOptions,
  type TrainResult,
  trainMemoryModel,
} from './train-memory-model.ts';

/** The weights of a model as plain data (what crosses to and from a worker thread). */
export interface WeightValues {
  shape: number[];
  values: Float32Array;
}

/** One ensemble member to train: its shape (with its seed), its options, and where it starts. */
export interface MemberSpec {
  shape: MemoryModelShape;
  options: Omit<TrainOptions, 'onProgress' | 'onEpoch'>;
  /** Starting weights when fine-tuning; default: fresh weights from `shape.seed`. */
  start?: WeightValues[];
}

/** Which member a callback is about, of how many. */
export interface MemberTag {
  member: number;
  members: number;
}

export interface TrainMembersOptions {
  /**
   * Members trained at once, each in its own worker thread (wasm and cpu run a model on one
   * core). Default 1: one after the other in this thread. Seeded results are the same either way.
   */
  parallel?: number;
  /** The backend the workers start (the one this thread runs). */
  backend?: BackendName;
  /** After every batch of any member; `etaSeconds` and `ensembleDone` are for the whole ensemble. */
  onProgress?: (progress: TrainingProgress, tag: MemberTag) => void;
  onEpoch?: (record: EpochRecord, tag: MemberTag) => void;
}

/** What a worker thread reads at start. */
export interface WorkerData {
  backend?: BackendName;
  train: TrainingSequence[];
  dev: TrainingSequence[];
}

/** Messages between the training thread and a worker. */
export type ToWorker = { index: number; spec: MemberSpec };
export type FromWorker =
  | { kind: 'progress'; index: number; progress: TrainingProgress }
  | { kind: 'epoch'; index: number; record: EpochRecord }
  | { kind: 'done'; index: number; result: TrainResult; weights: WeightValues[] }
  | { kind: 'failed'; index: number; message: string };

export function weightValues(model: tfl.LayersModel): WeightValues[] {
  return model.getWeights().map((w) => ({ shape: [...w.shape], values: w.dataSync() as Float32Array }));
}

/** A member's model: built from its shape, with given weights when there are any. */
export function memberModel(shape: MemoryModelShape, weights?: readonly WeightValues[]): tfl.LayersModel {
  const model = buildMemoryModel(shape);
  if (weights) {
    const tensors = weights.map((w) => tf.tensor(w.values, w.shape));
    model.setWeights(tensors);
    for (const t of tensors) t.dispose();
  }
  return model;
}

/** Trains one member in this thread (what a worker runs too). */
export async function trainMember(
  spec: MemberSpec,
  train: TrainingSequence[],
  dev: TrainingSequence[],
  callbacks: Pick<TrainOptions, 'onProgress' | 'onEpoch'> = {},
): Promise<{ model: tfl.LayersModel; result: TrainResult }> {
  const model = memberModel(spec.shape, spec.start);
  const result = await trainMemoryModel(model, train, dev, spec.shape, { ...spec.options, ...callbacks });
  return { model, result };
}

/**
 * Trains the members of an ensemble, `parallel` at a time in worker threads (or one after the
 * other in this thread), and returns their models and results in member order.
 */
export async function trainMembers(
  specs: readonly MemberSpec[],
  train: TrainingSequence[],
  dev: TrainingSequence[],
  options: TrainMembersOptions = {},
): Promise<{ models: tfl.LayersModel[]; results: TrainResult[] }> {
  const members = specs.length;
  const progress = ensembleProgress(members, options.onProgress);
  const epoch = (member: number, record: EpochRecord) => options.onEpoch?.(record, { member, members });
  const parallel = Math.max(1, Math.min(options.parallel ?? 1, members));
  if (parallel === 1) {
    const models: tfl.LayersModel[] = [];
    const results: TrainResult[] = [];
    for (const [k, spec] of specs.entries()) {
      const { model, result } = await trainMember(spec, train, dev, {
        onProgress: (p) => progress(k, p),
        onEpoch: (r) => epoch(k, r),
      });
      models.push(model);
      results.push(result);
    }
    return { models, results };
  }
  const done = await inWorkers(
    specs,
    { train, dev, ...(options.backend ? { backend: options.backend } : {}) },
    parallel,
    { progress, epoch },
  );
  return {
    models: done.map(({ weights }, k) => memberModel((specs[k] as MemberSpec).shape, weights)),
    results: done.map(({ result }) => result),
  };
}

/** Turns per-member progress into one for the ensemble: the ETA and fraction of all members. */
function ensembleProgress(
  members: number,
  onProgress: TrainMembersOptions['onProgress'],
): (member: number, p: TrainingProgress) => void {
  const fractions = new Array<number>(members).fill(0);
  const started = performance.now();
  return (member, p) => {
    fractions[member] = runFraction(p);
    const done = fractions.reduce((s, f) => s + f, 0) / members;
    const elapsed = (performance.now() - started) / 1000;
    onProgress?.(
      { ...p, etaSeconds: done > 0 ? (elapsed / done) * (1 - done) : p.etaSeconds, ensembleDone: done },
      { member, members },
    );
  };
}

/** Runs the specs on a pool of `parallel` worker threads. */
function inWorkers(
  specs: readonly MemberSpec[],
  data: WorkerData,
  parallel: number,
  on: { progress: (k: number, p: TrainingProgress) => void; epoch: (k: number, r: EpochRecord) => void },
): Promise<Array<{ result: TrainResult; weights: WeightValues[] }>> {
  const out: Array<{ result: TrainResult; weights: WeightValues[] }> = [];
  let next = 0;
  let finished = 0;
  const workers: Worker[] = [];
  const retired = new Set<Worker>();
  const retire = (worker: Worker): void => {
    retired.add(worker);
    void worker.terminate();
  };
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      for (const w of workers) retire(w);
      reject(new Error(`training an ensemble member in a worker thread failed: ${why}`));
    };
    const give = (worker: Worker): void => {
      if (next >= specs.length) {
        retire(worker);
        return;
      }
      const index = next++;
      worker.postMessage({ index, spec: specs[index] as MemberSpec } satisfies ToWorker);
    };
    for (let i = 0; i < parallel; i++) {
      const worker = new Worker(new URL('./member-worker.mjs', import.meta.url), { workerData: data });
      workers.push(worker);
      worker.on('message', (message: FromWorker) => {
        if (message.kind === 'progress') on.progress(message.index, message.progress);
        else if (message.kind === 'epoch') on.epoch(message.index, message.record);
        else if (message.kind === 'failed') fail(`member ${message.index + 1}: ${message.message}`);
        else {
          out[message.index] = { result: message.result, weights: message.weights };
          if (++finished === specs.length) resolve(out);
          give(worker);
        }
      });
      worker.on('error', (error) => fail(error.message));
      worker.on('exit', (code) => {
        if (!retired.has(worker)) fail(`the worker thread exited with code ${code}`);
      });
      give(worker);
    }
  });
}
