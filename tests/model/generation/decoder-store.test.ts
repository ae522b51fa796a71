import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/model/backend.ts';
import { CareFeaturizer } from '../../../src/model/care-featurizer.ts';
import { LstmPolicy } from '../../../src/model/lstm-policy.ts';
import { buildMemoryModel } from '../../../src/model/memory-model.ts';
import { DECODER_FORMAT_VERSION } from '../../../src/model/persistence/decoder-metadata.ts';
import { saveGestureDecoder, saveSpeechDecoder } from '../../../src/model/persistence/decoder-store.ts';
import { saveModel } from '../../../src/model/persistence/model-store.ts';
import { Vocabulary } from '../../../src/model/vocabulary.ts';
import { MID_DIALOGUE_FLAGS, tinyModelMetadata } from '../../fixtures.ts';
import { TINY_ACTIONS, tinyGestureDecoder, tinySpeechDecoder } from './tiny-decoders.ts';

const VOCABULARY = ['w:hello', 'w:time', 'w:bye'];

/** A tiny care model (hidden size 2: 4 memory features) with tiny decoders; `decoders: false` leaves them out. */
async function tinyModel(decoders = true): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'carebot-decoders-'));
  const contextSize = new CareFeaturizer(new Vocabulary(VOCABULARY), TINY_ACTIONS).contextSize;
  const model = buildMemoryModel({
    vocabSize: VOCABULARY.length,
    contextSize,
    actionCount: 3,
    embedSize: 4,
    hiddenSize: 2,
    seed: 2,
  });
  const metadata = tinyModelMetadata({
    actionIds: TINY_ACTIONS,
    vocabulary: VOCABULARY,
    contextSize,
    shape: { embedSize: 4, hiddenSize: 2, dropout: 0 },
  });
  await saveModel(dir, model, metadata);
  model.dispose();
  if (!decoders) return dir;
  const speech = tinySpeechDecoder().decoder;
  const gesture = tinyGestureDecoder().decoder;
  const speechFile = await saveSpeechDecoder(dir, speech, { minConfidence: 0.5, beamWidth: 2 });
  const gestureFile = await saveGestureDecoder(dir, gesture);
  speech.dispose();
  gesture.dispose();
  const meta = JSON.parse(await readFile(path.join(dir, 'metadata.json'), 'utf8'));
  meta.decoders = {
    formatVersion: DECODER_FORMAT_VERSION,
    createdAt: '2026-01-02T00:00:00.000Z',
    command: 'test',
    memoryModel: { createdAt: metadata.createdAt, frozen: true, weightsSha256: 'x' },
    speech: {
      file: speechFile,
      parameters: 1,
      vocabulary: 1,
      examples: { train: 1, dev: 0, references: 0 },
      training: {},
    },
    gesture: { file: gestureFile, parameters: 1, examples: { train: 1, dev: 0 }, training: {} },
    dev: {},
  };
  await writeFile(path.join(dir, 'metadata.json'), JSON.stringify(meta));
  return dir;
}

const context = (sessionId: string) => ({
  sessionId,
  lang: 'en' as const,
  state: 'engaged' as const,
  slots: { user_name: 'Rose' },
  memory: [],
  flags: MID_DIALOGUE_FLAGS,
});

describe('decoders in the model folder', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('load with the model and generate plain data after a decision, leaking no tensors', async () => {
    const policy = await LstmPolicy.load(await tinyModel(), TINY_ACTIONS);
    expect(policy.generates).toEqual({ speech: true, gesture: true });
    expect(
      policy.generateLine({ sessionId: 'none', actionId: 'greet', lang: 'en', slots: {}, allowedSlots: [] }),
    ).toBeUndefined();
    await policy.decide({ type: 'user.utterance', text: 'hello' }, context('warm'));
    policy.generateLine({ sessionId: 'warm', actionId: 'greet', lang: 'en', slots: {}, allowedSlots: [] });
    policy.endSession('warm');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 30; i++) {
      const session = `s${i % 3}`;
      await policy.decide({ type: 'user.utterance', text: 'hello' }, context(session));
      const line = policy.generateLine({
        sessionId: session,
        actionId: 'greet',
        lang: 'en',
        slots: { user_name: 'Rose' },
        allowedSlots: ['user_name'],
      });
      expect(typeof line?.template).toBe('string');
      expect(line?.minConfidence).toBe(0.5);
      const gesture = policy.generateGesture({
        text: 'Hello, Rose!',
        slots: { user_name: 'Rose' },
        actionId: 'greet',
        lang: 'en',
      });
      expect(gesture?.jointNames).toEqual(['a', 'b']);
      expect(gesture?.positions.every((row) => row.length === 2 && row.every(Number.isFinite))).toBe(true);
    }
    for (let s = 0; s < 3; s++) policy.endSession(`s${s}`);
    expect(tf.memory().numTensors).toBe(before);
    policy.dispose();
  });

  it('a model without decoders still loads and works in select', async () => {
    const policy = await LstmPolicy.load(await tinyModel(false), TINY_ACTIONS);
    expect(policy.generates).toEqual({ speech: false, gesture: false });
    await policy.decide({ type: 'user.utterance', text: 'hello' }, context('a'));
    expect(
      policy.generateLine({ sessionId: 'a', actionId: 'greet', lang: 'en', slots: {}, allowedSlots: [] }),
    ).toBeUndefined();
    expect(policy.generateGesture({ text: 'Hi', slots: {}, actionId: 'greet', lang: 'en' })).toBeUndefined();
    policy.dispose();
  });

  it('refuses truncated weights, an unknown format version and decoders of another memory model', async () => {
    const truncated = await tinyModel();
    const bin = path.join(truncated, 'decoders', 'speech.bin');
    await writeFile(bin, (await readFile(bin)).subarray(8));
    await expect(LstmPolicy.load(truncated, TINY_ACTIONS)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringContaining('bytes'),
    });
    const future = await tinyModel();
    const gestureJson = path.join(future, 'decoders', 'gesture.json');
    await writeFile(
      gestureJson,
      (await readFile(gestureJson, 'utf8')).replace('"formatVersion":1', '"formatVersion":9'),
    );
    await expect(LstmPolicy.load(future, TINY_ACTIONS)).rejects.toMatchObject({ code: 'MODEL_INVALID' });
    const other = await tinyModel();
    const speechJson = path.join(other, 'decoders', 'speech.json');
    await writeFile(
      speechJson,
      (await readFile(speechJson, 'utf8')).replace('"featureSize":4', '"featureSize":6'),
    );
    await expect(LstmPolicy.load(other, TINY_ACTIONS)).rejects.toMatchObject({
      code: 'MODEL_MISMATCH',
      message: expect.stringContaining('memory features'),
    });
  });
});
