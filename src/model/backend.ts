import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';

import { CarebotError } from '../core/carebot-error.ts';

/** The TensorFlow.js backends carebot can run on, fastest first. */
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Which backend runs, and why the faster ones did not. */
export interface BackendInfo {
  name: BackendName;
  /** Backend → why it could not be used (e.g. tfjs-node not installed on this machine). */
  skipped: Partial<Record<BackendName, string>>;
}

let selected: Promise<BackendInfo> | undefined;

async function tryBackend(name: BackendName): Promise<void> {
  if (name === 'tensorflow') {
    // tfjs-node is an optional dependency: absent where its binary host is unreachable, and
    // present-but-broken after --ignore-scripts (no error code then), so catch everything.
    const specifier = '@tensorflow/tfjs-node';
    await import(/* @vite-ignore */ specifier);
  } else if (name === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
  }
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
}

function firstLine(error: unknown): string {
  return (
    String((error as Error)?.message ?? error)
      .split('\n')[0]
      ?.slice(0, 200) ?? 'failed'
  );
}

/**
 * Selects the fastest working backend once per process: tfjs-node where it loads, else wasm,
 * else cpu. `preferred` forces one (an error if it does not load).
 */
export function initBackend(preferred?: BackendName): Promise<BackendInfo> {
  selected ??= (async () => {
    const skipped: BackendInfo['skipped'] = {};
    const order = preferred ? [preferred] : BACKENDS;
    for (const name of order) {
      try {
        await tryBackend(name);
        return { name, skipped };
      } catch (error) {
        skipped[name] = firstLine(error);
      }
    }
    throw new CarebotError(
      'CONFIG_INVALID',
      `no TensorFlow.js backend could start (${Object.entries(skipped)
        .map(([n, why]) => `${n}: ${why}`)
        .join('; ')})`,
    );
  })();
  return selected;
}

/** A one-line description for start-up logs: `backend: wasm (tensorflow unavailable: ...)`. */
export function describeBackend(info: BackendInfo): string {
  const skipped = Object.entries(info.skipped).map(([name, why]) => `${name} unavailable: ${why}`);
  return `TensorFlow.js backend: ${info.name}${skipped.length ? ` (${skipped.join('; ')})` : ''}`;
}

/** Tensors alive in the TensorFlow.js engine (for leak checks outside src/model). */
export function tensorCount(): number {
  return tf.memory().numTensors;
}

/**
 * How many models to train at once: wasm (single-threaded in Node) and cpu train on one core
 * each, so one per core; tfjs-node already spreads one model over all cores.
 */
export function trainingThreads(info: BackendInfo, models: number): number {
  return info.name === 'tensorflow' ? 1 : Math.max(1, Math.min(models, availableParallelism()));
}
