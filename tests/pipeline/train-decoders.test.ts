import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BehaviourLibrary } from '../../src/behaviours/behaviour-library.ts';
import { readCareCorpus } from '../../src/corpus/read-care-corpus.ts';
import { createLogger } from '../../src/log/logger.ts';
import { LstmPolicy } from '../../src/model/lstm-policy.ts';
import { ChrF } from '../../src/pipeline/chrf.ts';
import { evaluateCare } from '../../src/pipeline/evaluate-care.ts';
import { trainCare } from '../../src/pipeline/train-care.ts';
import { trainDecoders } from '../../src/pipeline/train-decoders.ts';
import type { RobotProfile } from '../../src/robot/profile/robot-profile.ts';
import { TINY_CORPUS } from '../fixtures.ts';
import { runCarebot, shippedLibraryAndProfile } from '../helpers.ts';

function carebot(args: string[]) {
  return runCarebot([...args, '--log-level', 'warn'], { timeout: 120_000 });
}

/** Reference lines and gestures for some turns of the tiny corpus (what `robot_text` holds). */
const REFERENCES: Record<string, [string, string]> = {
  'en:greet': ['Hello, Rose! How lovely to see you.', 'wave'],
  'en:tell_time': ["It's 10:00 AM right now.", 'look_wrist'],
  'en:respond_thanks': ["You're very welcome, Rose.", 'bow'],
  'ko:greet': ['안녕하세요! 다시 뵈니 정말 좋네요.', 'wave'],
  'ko:respond_thanks': ['천만에요. 언제든 말씀하세요.', 'bow'],
};

async function tinyCorpusWithReferences(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'carebot-gen-corpus-'));
  const file = path.join(dir, 'tiny-gen.jsonl');
  const dialogues = TINY_CORPUS.map((d) => ({
    ...d,
    turns: d.turns.map((t) => {
      const ref = REFERENCES[`${d.lang}:${t.robot}`];
      return ref ? { ...t, robot_text: ref[0], gesture: ref[1] } : t;
    }),
  }));
  await writeFile(file, `${dialogues.map((d) => JSON.stringify(d)).join('\n')}\n`);
  return file;
}

describe('decoders as a second training stage', () => {
  let library: BehaviourLibrary;
  let profile: RobotProfile;
  let corpus: string;
  beforeAll(async () => {
    [library, profile] = await shippedLibraryAndProfile();
    corpus = await tinyCorpusWithReferences();
  });

  it('adds decoders beside a frozen memory model: same action choices, generation scored, metadata records how', async () => {
    const base = path.join(await mkdtemp(path.join(tmpdir(), 'carebot-gen-')), 'base');
    const log = createLogger('t', () => {});
    await trainCare({
      library,
      corpora: [corpus],
      devCorpora: [],
      outDir: base,
      command: 't',
      settings: { epochs: 2, embedSize: 8, hiddenSize: 8, maxVocabulary: 200, members: 1 },
      log,
    });
    const out = path.join(path.dirname(base), 'with-decoders');
    const epochs: string[] = [];
    const result = await trainDecoders({
      library,
      modelDir: base,
      outDir: out,
      corpora: [corpus],
      devCorpora: [corpus],
      command: 'carebot train --decoders (test)',
      limits: profile.joints,
      settings: {
        speech: { epochs: 2, embedSize: 8, conditionSize: 8, hiddenSize: 16, minUsers: 1 },
        gesture: { epochs: 2, embedSize: 4, encoderSize: 8, hiddenSize: 8 },
      },
      onEpoch: (stage, r) => epochs.push(`${stage} ${r.epoch}`),
      log,
    });
    expect(epochs).toEqual(['speech 1', 'speech 2', 'gesture 1', 'gesture 2']);
    for (const file of ['speech.json', 'speech.bin', 'gesture.json', 'gesture.bin'])
      expect(existsSync(path.join(out, 'decoders', file)), file).toBe(true);
    const [before, after] = await Promise.all([
      readFile(path.join(base, 'weights.bin')),
      readFile(path.join(out, 'weights.bin')),
    ]);
    expect(after.equals(before)).toBe(true);
    const metadata = JSON.parse(await readFile(path.join(out, 'metadata.json'), 'utf8'));
    const original = JSON.parse(await readFile(path.join(base, 'metadata.json'), 'utf8'));
    expect({ ...metadata, decoders: undefined }).toEqual({ ...original, decoders: undefined });
    expect(metadata.decoders).toMatchObject({
      formatVersion: 1,
      command: 'carebot train --decoders (test)',
      memoryModel: { createdAt: original.createdAt, frozen: true },
      speech: { file: 'decoders/speech.json' },
      gesture: { file: 'decoders/gesture.json' },
    });
    expect(metadata.decoders.speech.examples.references).toBeGreaterThan(3);
    expect(result.dev['tiny-gen.jsonl']?.text.references).toBe(6);

    const dialogues = await readCareCorpus(corpus, { actionIds: new Set(library.actionIds()) });
    const score = async (dir: string) => {
      const policy = await LstmPolicy.load(dir, library.actionIds());
      const report = await evaluateCare(dialogues, library, policy, {
        generation: { limits: profile.joints },
      });
      policy.dispose();
      return report;
    };
    const [plain, generating] = await Promise.all([score(base), score(out)]);
    expect(generating.turn_accuracy).toBe(plain.turn_accuracy);
    expect(generating.per_action).toEqual(plain.per_action);
    expect(plain.generation).toBeUndefined();
    const g = generating.generation;
    expect(g?.text.references).toBe(6);
    expect(g?.gesture.references).toBe(6);
    expect(g?.text.slot_fill).toBe(1);
    expect(g?.gesture.joint_error.library).toBe(0);
    expect(g?.gesture.clamp_share.generate).toBeGreaterThanOrEqual(0);
    expect(g?.latency_ms.generate.p99).toBeGreaterThan(0);
  }, 120_000);
});

describe('the CLI', () => {
  it('carebot eval scores generation with the shipped decoders; train --decoders refuses bAbI files', async () => {
    const corpus = await tinyCorpusWithReferences();
    const evaluated = carebot(['eval', '--corpus', corpus, '--json']);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toContain(
      'generation (expected actions; 6 reference lines, 6 reference gestures)',
    );
    const report = JSON.parse(evaluated.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['turns', 'turn_accuracy', 'per_action', 'latency_ms', 'generation']),
    );
    expect(report.generation.text.chrf).toMatchObject({
      template: expect.any(Number),
      generate: expect.any(Number),
    });
    const refused = carebot([
      'train',
      '--decoders',
      '--corpus',
      'x.txt',
      '--out',
      path.join(tmpdir(), 'never'),
    ]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--decoders');
  }, 60_000);
});

describe('chrF', () => {
  it('is 100 for identical text, 0 for no shared characters, and between for a near miss', () => {
    const same = new ChrF();
    same.add('Good night, Rose.', 'Good night, Rose.');
    expect(same.score()).toBeCloseTo(100, 6);
    const none = new ChrF();
    none.add('abc', 'xyz');
    expect(none.score()).toBe(0);
    const near = new ChrF();
    near.add('Good night, Rose', 'Good night, Rose. Sleep well.');
    expect(near.score()).toBeGreaterThan(40);
    expect(near.score()).toBeLessThan(100);
  });
});
