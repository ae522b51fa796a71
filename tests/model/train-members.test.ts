import type { LayersModel } from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/model/backend.ts';
import type { TrainingSequence } from '../../src/model/training/sequence-example.ts';
import {
  type MemberSpec,
  type MemberTag,
  trainMembers,
  weightValues,
} from '../../src/model/training/train-members.ts';
import type { TrainingProgress } from '../../src/model/training/train-memory-model.ts';

const shape = { vocabSize: 12, contextSize: 3, actionCount: 4, embedSize: 6, hiddenSize: 5, dropout: 0.2 };

/** Sequences whose label is the first word's index mod 4: learnable, and different per seed. */
function sequences(count: number, offset: number): TrainingSequence[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `s${i}`,
    turns: Array.from({ length: 2 + (i % 4) }, (_, j) => {
      const word = (i * 5 + j * 3 + offset) % shape.vocabSize;
      return {
        text: [word],
        context: new Float32Array([j === 0 ? 1 : 0, (i % 3) / 2, 0]),
        allowed: [true, true, true, true],
        label: word % 4,
        ...(j % 2 === 0 ? { fact: (word % 2) as 0 | 1 } : {}),
      };
    }),
  }));
}

/** Every member's weights as plain arrays. */
function plain(models: readonly LayersModel[]): Array<Array<{ shape: number[]; values: number[] }>> {
  return models.map((m) => weightValues(m).map((w) => ({ shape: w.shape, values: [...w.values] })));
}

function specs(members: number): MemberSpec[] {
  return Array.from({ length: members }, (_, k) => ({
    shape: { ...shape, seed: 5 + 101 * k },
    options: { epochs: 3, batchSize: 8, patience: 3, seed: 5 + 101 * k },
  }));
}

describe('training ensemble members', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('in worker threads gives the same weights and curves as one after the other in this thread', async () => {
    const train = sequences(40, 0);
    const dev = sequences(10, 7);
    const here = await trainMembers(specs(3), train, dev, { parallel: 1 });
    const progress: Array<{ p: TrainingProgress; tag: MemberTag }> = [];
    const epochs: MemberTag[] = [];
    const threads = await trainMembers(specs(3), train, dev, {
      parallel: 2,
      onProgress: (p, tag) => progress.push({ p, tag }),
      onEpoch: (_r, tag) => epochs.push(tag),
    });
    expect(threads.models).toHaveLength(3);
    expect(plain(threads.models)).toEqual(plain(here.models));
    expect(threads.results.map((r) => r.history.map((h) => h.devAccuracy))).toEqual(
      here.results.map((r) => r.history.map((h) => h.devAccuracy)),
    );
    // The members differ (seeds), and every member reported its epochs and progress.
    expect(plain(here.models)[0]).not.toEqual(plain(here.models)[1]);
    expect(epochs.map((t) => t.member).sort()).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    expect(new Set(progress.map(({ tag }) => tag.members))).toEqual(new Set([3]));
    const done = progress.map(({ p }) => p.ensembleDone ?? 0);
    expect(done.every((d, i) => i === 0 || d >= (done[i - 1] ?? 0))).toBe(true);
    expect(done.at(-1)).toBeCloseTo(1, 6);
    for (const m of [...here.models, ...threads.models]) m.dispose();
  }, 60_000);

  it('a member that fails in a worker rejects with what went wrong', async () => {
    const bad = specs(2).map((s) => ({ ...s, start: [{ shape: [1], values: new Float32Array(1) }] }));
    await expect(trainMembers(bad, sequences(8, 0), [], { parallel: 2 })).rejects.toThrow(/member \d: .*/);
  }, 60_000);
});
