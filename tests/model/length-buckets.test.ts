import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/random.ts';
import { lengthBuckets } from '../../src/model/training/train-memory-model.ts';

const sequences = Array.from({ length: 50 }, (_, i) => ({
  id: `s${i}`,
  turns: Array.from({ length: 3 + ((i * 7) % 40) }, () => 0),
}));

describe('lengthBuckets', () => {
  it('puts every sequence in exactly one batch, with sequences of similar length together', () => {
    const batches = lengthBuckets(sequences, 8, seededRandom(1));
    expect(
      batches
        .flat()
        .map((s) => s.id)
        .sort(),
    ).toEqual(sequences.map((s) => s.id).sort());
    expect(batches.every((b) => b.length <= 8)).toBe(true);
    // Padding is to the longest sequence of a batch: bucketing keeps it well below random batches'.
    const padded = (bs: (typeof sequences)[]) =>
      bs.reduce((n, b) => n + b.length * Math.max(...b.map((s) => s.turns.length)), 0);
    const random: (typeof sequences)[] = [];
    for (let i = 0; i < sequences.length; i += 8) random.push(sequences.slice(i, i + 8));
    expect(padded(batches)).toBeLessThan(0.7 * padded(random));
  });

  it('is reproducible with the same seed and varies the batch order with another', () => {
    const ids = (seed: number) =>
      lengthBuckets(sequences, 8, seededRandom(seed)).map((b) => b.map((s) => s.id));
    expect(ids(4)).toEqual(ids(4));
    expect(ids(4)).not.toEqual(ids(5));
  });
});
