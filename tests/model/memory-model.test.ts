import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/model/backend.ts';
import {
  buildMemoryModel,
  disposeStepWeights,
  step,
  stepWeights,
  zeroState,
} from '../../src/model/memory-model.ts';
import type { ModelMetadata } from '../../src/model/persistence/model-metadata.ts';
import { loadModel, saveModel } from '../../src/model/persistence/model-store.ts';
import { factLoss, makeBatch, maskedActionLoss } from '../../src/model/training/batch-tensors.ts';
import type { TrainingSequence } from '../../src/model/training/sequence-example.ts';
import { sparseTwin } from '../../src/model/training/sparse-twin.ts';
import { tinyModelMetadata } from '../fixtures.ts';

const shape = {
  vocabSize: 40,
  contextSize: 7,
  actionCount: 5,
  embedSize: 8,
  hiddenSize: 6,
  dropout: 0,
  seed: 3,
};

function metadata(): ModelMetadata {
  return tinyModelMetadata(
    {
      actionIds: ['a', 'b', 'c', 'd', 'e'],
      vocabulary: Array.from({ length: shape.vocabSize }, (_, i) => `w:${i}`),
      contextSize: shape.contextSize,
      shape: { embedSize: 8, hiddenSize: 6, dropout: 0 },
    },
    3,
  );
}

describe('the memory model', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('one incremental step per turn gives the same outputs as the layers model over the whole sequence', () => {
    const model = buildMemoryModel(shape);
    const turns = [
      { text: [1, 5, 9], context: [1, 0, 0, 1, 0, 0.5, 0] },
      { text: [], context: [0, 1, 0, 0, 0, 0, 1] },
      { text: [2, 39], context: [1, 0, 1, 0, 0, 0.2, 0] },
    ];
    const bag = new Float32Array(turns.length * shape.vocabSize);
    turns.forEach((t, i) => {
      for (const k of t.text) bag[i * shape.vocabSize + k] = 1;
    });
    const [logits, fact] = model.predict([
      tf.tensor3d(bag, [1, turns.length, shape.vocabSize]),
      tf.tensor3d(
        turns.flatMap((t) => t.context),
        [1, turns.length, shape.contextSize],
      ),
    ]) as tf.Tensor3D[];
    const full = logits!.arraySync()[0]!;
    const fullFact = fact!.arraySync()[0]!;
    const weights = stepWeights(model);
    let state = zeroState(shape.hiddenSize);
    turns.forEach((t, i) => {
      const out = step(weights, t.text, new Float32Array(t.context), state);
      state.h.dispose();
      state.c.dispose();
      state = out.state;
      expect(out.features.shape).toEqual([1, 2 * shape.hiddenSize]);
      out.features.dispose();
      for (const [a, l] of [...out.logits].entries()) expect(l).toBeCloseTo(full[i]![a]!, 4);
      expect(out.fact).toBeCloseTo(fullFact[i]![0]!, 4);
    });
    disposeStepWeights(weights);
  });

  it('its sparse training twin computes the same outputs from feature indices, and trains its weights', async () => {
    const model = buildMemoryModel(shape);
    const twin = sparseTwin(model);
    const sequences: TrainingSequence[] = [
      {
        id: 'u1',
        turns: [
          {
            text: [1, 5, 9],
            context: new Float32Array([1, 0, 0, 1, 0, 0.5, 0]),
            allowed: [true, true, true, true, true],
            label: 2,
            fact: 1,
          },
          {
            text: [],
            context: new Float32Array([0, 1, 0, 0, 0, 0, 1]),
            allowed: [true, false, true, true, true],
            label: 0,
          },
        ],
      },
      {
        id: 'u2',
        turns: [
          {
            text: [39],
            context: new Float32Array(7),
            allowed: [true, true, true, true, true],
            label: 4,
            fact: 0,
          },
        ],
      },
    ];
    const batch = makeBatch(sequences, shape.contextSize, shape.actionCount);
    const bag = new Float32Array(2 * 2 * shape.vocabSize);
    sequences.forEach((sq, i) => {
      sq.turns.forEach((t, j) => {
        for (const k of t.text) bag[(i * 2 + j) * shape.vocabSize + k] = 1;
      });
    });
    const dense = model.predict([
      tf.tensor3d(bag, [2, 2, shape.vocabSize]),
      batch.inputs[2],
    ]) as tf.Tensor3D[];
    const sparse = twin.predict(batch.inputs) as tf.Tensor3D[];
    for (const k of [0, 1]) {
      const a = dense[k]!.arraySync().flat(2);
      const b = sparse[k]!.arraySync().flat(2);
      expect(b).toHaveLength(a.length);
      for (const [i, v] of b.entries()) expect(v).toBeCloseTo(a[i]!, 5);
    }
    const before = model.getLayer('text_embed').getWeights()[0]!.arraySync() as number[][];
    twin.compile({ optimizer: tf.train.adam(0.01), loss: [maskedActionLoss, (y, p) => factLoss(y, p, 3)] });
    await twin.trainOnBatch(batch.inputs, batch.targets);
    const after = model.getLayer('text_embed').getWeights()[0]!.arraySync() as number[][];
    // The rows of features the batch has moved; a feature it does not have (row 20) did not.
    expect(after[5]).not.toEqual(before[5]);
    expect(after[39]).not.toEqual(before[39]);
    expect(after[20]).toEqual(before[20]);
    batch.dispose();
  });

  it('saves the layers format and loads it back with identical weights', async () => {
    const model = buildMemoryModel(shape);
    const dir = await mkdtemp(path.join(tmpdir(), 'carebot-model-'));
    await saveModel(dir, model, metadata());
    const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    const loaded = await loadModel(dir);
    expect(loaded.metadata.actionIds).toEqual(['a', 'b', 'c', 'd', 'e']);
    const before = model.getWeights().map((w) => [...w.dataSync()]);
    const after = loaded.models[0]!.getWeights().map((w) => [...w.dataSync()]);
    expect(after).toEqual(before);
  });

  it('says clearly what is wrong with a missing, corrupted or mismatched model', async () => {
    await expect(loadModel('/no/such/model')).rejects.toThrow(
      /cannot read the model metadata.*carebot train/,
    );
    const dir = await mkdtemp(path.join(tmpdir(), 'carebot-model-'));
    await saveModel(dir, buildMemoryModel(shape), metadata());
    const weights = await readFile(path.join(dir, 'weights.bin'));
    await writeFile(path.join(dir, 'weights.bin'), weights.subarray(0, weights.length - 8));
    await expect(loadModel(dir)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringContaining('weights.bin has'),
    });
    await writeFile(path.join(dir, 'metadata.json'), '{"formatVersion": 99}');
    await expect(loadModel(dir)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringContaining('metadata.json'),
    });
  });
});
