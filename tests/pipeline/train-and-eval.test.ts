import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BehaviourLibrary } from '../../src/behaviours/behaviour-library.ts';
import { loadBehaviourLibrary } from '../../src/behaviours/load-behaviour-library.ts';
import { createLogger } from '../../src/log/logger.ts';
import { LstmPolicy } from '../../src/model/lstm-policy.ts';
import { type CareTrainingSettings, trainCare } from '../../src/pipeline/train-care.ts';
import { MID_DIALOGUE_FLAGS, writeTinyCorpus } from '../fixtures.ts';
import { BEHAVIOURS_DIR, runCarebot } from '../helpers.ts';

const QUICK = { epochs: 4, embedSize: 8, hiddenSize: 8, maxVocabulary: 200, members: 1 };

function carebot(args: string[]) {
  return runCarebot([...args], { timeout: 120_000 });
}

describe('training and evaluation', () => {
  /** Trains a small model on the tiny corpus into a fresh folder; returns the folder. */
  const trainTiny = async (settings: Partial<CareTrainingSettings>): Promise<string> => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'carebot-tiny-')), 'm');
    await trainCare({
      library,
      corpora: [corpus],
      devCorpora: [],
      outDir: out,
      command: 't',
      settings,
      log: createLogger('t', () => {}),
    });
    return out;
  };

  let library: BehaviourLibrary;
  let corpus: string;
  beforeAll(async () => {
    library = await loadBehaviourLibrary(BEHAVIOURS_DIR);
    corpus = await writeTinyCorpus();
  });

  it('carebot train writes a layers model, metadata with the command and corpus hash, and a training curve', async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'carebot-train-')), 'tiny');
    const result = carebot([
      'train',
      '--corpus',
      corpus,
      '--dev',
      corpus,
      '--out',
      out,
      '--epochs',
      '3',
      '--members',
      '1',
      '--log-level',
      'warn',
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/dev tiny\.jsonl: turn accuracy [\d.]+ %/);
    expect(result.stderr).toMatch(/epoch\s+3\/3 \[#+\] batch 1\/1 loss [\d.]+ ETA/);
    for (const file of ['model.json', 'weights.bin', 'metadata.json', 'training-curve.svg'])
      expect(existsSync(path.join(out, file)), file).toBe(true);
    const metadata = JSON.parse(await readFile(path.join(out, 'metadata.json'), 'utf8'));
    expect(metadata.command).toContain(`train --corpus ${corpus}`);
    expect(metadata.corpora[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(metadata.actionIds).toEqual(library.actionIds());
    expect(metadata.dev['tiny.jsonl'].turns).toBe(21);
    expect(await readFile(path.join(out, 'training-curve.svg'), 'utf8')).toContain('<polyline');

    const evaluated = carebot([
      'eval',
      '--model',
      out,
      '--corpus',
      corpus,
      '--json',
      '--predictions',
      path.join(out, 'p.jsonl'),
      '--log-level',
      'warn',
    ]);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    const report = JSON.parse(evaluated.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(Object.keys(report).sort()).toEqual([
      'dialogue_accuracy',
      'dialogues',
      'latency_ms',
      'per_action',
      'turn_accuracy',
      'turns',
    ]);
    expect(report.turns).toBe(21);
    expect(report.dialogues).toBe(3);
    expect(report.per_action.emergency_help).toEqual({ precision: 1, recall: 1, support: 2 });
    expect(report.latency_ms.p99).toBeGreaterThanOrEqual(report.latency_ms.p50);
    const predictions = (await readFile(path.join(out, 'p.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(predictions).toHaveLength(21);
    expect(Object.keys(predictions[0]).sort()).toEqual([
      'dialogue',
      'expected',
      'predicted',
      'text',
      'top',
      'turn',
    ]);
    expect(predictions[0].text.length).toBeGreaterThan(0);
  });

  it('trains an ensemble: each member a layers model of its own, predictions averaged', async () => {
    const out = await trainTiny({ ...QUICK, members: 2 });
    expect(existsSync(path.join(out, 'model.json'))).toBe(true);
    expect(existsSync(path.join(out, 'member-1', 'model.json'))).toBe(true);
    expect(existsSync(path.join(out, 'member-1', 'weights.bin'))).toBe(true);
    expect(JSON.parse(await readFile(path.join(out, 'metadata.json'), 'utf8')).members).toBe(2);
    const policy = await LstmPolicy.load(out, library.actionIds());
    expect(policy.id).toContain('(2 members)');
    const flags = MID_DIALOGUE_FLAGS;
    const decision = await policy.decide(
      { type: 'user.utterance', text: 'hello' },
      { sessionId: 's', lang: 'en', state: 'engaged', slots: {}, memory: [], flags },
    );
    const scores = decision.top.map((t) => t.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.every((p) => p > 0 && p <= 1)).toBe(true);
    expect(scores.reduce((n, p) => n + p, 0)).toBeLessThanOrEqual(1.0001);
    expect(policy.saveState('s')).toHaveLength(2);
    policy.dispose();
  });

  it('is reproducible under a seed', async () => {
    const run = async () => {
      const out = await trainTiny({ ...QUICK, seed: 5 });
      return readFile(path.join(out, 'weights.bin'));
    };
    expect(Buffer.compare(await run(), await run())).toBe(0);
  });

  it('runs 10,000 turns without leaking tensors, and refuses a model whose actions do not match the library', async () => {
    const out = await trainTiny(QUICK);
    const policy = await LstmPolicy.load(out, library.actionIds());
    const flags = MID_DIALOGUE_FLAGS;
    const context = (sessionId: string) => ({
      sessionId,
      lang: 'en' as const,
      state: 'engaged' as const,
      slots: {},
      memory: [],
      flags,
    });
    await policy.decide({ type: 'user.utterance', text: 'hello' }, context('warm'));
    policy.endSession('warm');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10_000; i++) {
      await policy.decide(
        { type: 'user.utterance', text: i % 2 ? 'what time is it' : '고마워요' },
        context(`s${i % 50}`),
      );
      if (i % 1000 === 999) policy.endSession(`s${i % 50}`);
    }
    for (let s = 0; s < 50; s++) policy.endSession(`s${s}`);
    expect(tf.memory().numTensors).toBe(before);
    policy.dispose();
    await expect(LstmPolicy.load(out, [...library.actionIds(), 'dance'])).rejects.toMatchObject({
      code: 'MODEL_MISMATCH',
      message: expect.stringContaining('not in the model: dance'),
    });
  });
});
