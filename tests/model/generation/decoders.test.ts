import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/model/backend.ts';
import { joinTokens } from '../../../src/model/generation/line-tokens.ts';
import { trainDecoder } from '../../../src/model/generation/train-decoder.ts';
import { tinyGestureDecoder, tinySpeechDecoder } from './tiny-decoders.ts';

describe('the speech decoder', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('learns lines per action and language, and decodes them greedily and with a beam', async () => {
    const { decoder, examples } = tinySpeechDecoder();
    const run = await trainDecoder(decoder, examples, examples, {
      epochs: 60,
      batchSize: 6,
      learningRate: 0.03,
      patience: 60,
      dropout: 0,
    });
    expect(run.history.at(-1)?.loss).toBeLessThan(run.history[0]?.loss ?? 0);
    const request = (actionId: string, lang: 'en' | 'ko', beamWidth = 1) => ({
      features: new Float32Array(4),
      actionId,
      lang,
      slots: { user_name: 'Rose', time: '3:05 PM' },
      allowedSlots: ['user_name', 'time'],
      beamWidth,
    });
    const hello = decoder.generate(request('greet', 'en'));
    expect(joinTokens(hello.template)).toBe('Hello, {user_name}!');
    expect(hello.finished).toBe(true);
    expect(hello.confidence).toBeGreaterThan(0.5);
    expect(joinTokens(decoder.generate(request('farewell', 'ko', 3)).template)).toBe('안녕히 가세요!');
    expect(joinTokens(decoder.generate(request('tell_time', 'en', 2)).template)).toBe("It's {time} now.");
    decoder.dispose();
  });

  it('never emits a slot without a value, the other language, or an unfinished line past its limit', () => {
    const { decoder } = tinySpeechDecoder(5);
    const before = tf.memory().numTensors;
    for (const lang of ['en', 'ko'] as const) {
      for (let i = 0; i < 20; i++) {
        const features = Float32Array.from({ length: 4 }, (_, k) => Math.sin(i * 3 + k));
        const line = decoder.generate({
          features,
          actionId: 'greet',
          lang,
          slots: {},
          allowedSlots: ['user_name'],
          beamWidth: 1 + (i % 3),
        });
        expect(line.template.some((t) => t.includes('{'))).toBe(false);
        const text = joinTokens(line.template);
        if (lang === 'en') expect(text).not.toMatch(/[가-힣]/);
        else expect(text).not.toMatch(/[A-Za-z]/);
        expect(line.template.length).toBeLessThanOrEqual(decoder.config.maxTokens + 1);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
    decoder.dispose();
  });
});

describe('the gesture decoder', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('learns poses per action, covers the line, and batches give the same frames as one by one', async () => {
    const { decoder, examples } = tinyGestureDecoder();
    const run = await trainDecoder(decoder, examples, examples, {
      epochs: 80,
      batchSize: 6,
      learningRate: 0.03,
      patience: 80,
      dropout: 0,
    });
    expect(run.bestDevLoss).toBeLessThan(0.01);
    const before = tf.memory().numTensors;
    const greet = decoder.generate('Hello, {user_name}!', 'greet', 'en');
    expect(greet.jointNames).toEqual(['a', 'b']);
    expect(greet.frameRate).toBe(10);
    expect(greet.positions).toHaveLength(decoder.timeline('Hello, {user_name}!', 'greet').frames);
    const middle = greet.positions[Math.floor(greet.positions.length / 2)] as number[];
    expect(middle[0]).toBeGreaterThan(0.3);
    const long = 'Hello, {user_name}! It is a lovely day and I am so glad to see you here again today.';
    expect(decoder.generate(long, 'greet', 'en').positions.length).toBeGreaterThan(long.length / 14 / 0.1);
    const batch = decoder.generateBatch([
      { line: 'Goodbye!', actionId: 'farewell', lang: 'en' },
      { line: long, actionId: 'greet', lang: 'en' },
    ]);
    const single = decoder.generate('Goodbye!', 'farewell', 'en');
    batch[0]?.positions.forEach((row, k) => {
      row.forEach((v, j) => {
        expect(v).toBeCloseTo(single.positions[k]?.[j] ?? Number.NaN, 4);
      });
    });
    expect(tf.memory().numTensors).toBe(before);
    decoder.dispose();
  });
});
