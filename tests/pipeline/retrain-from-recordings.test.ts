import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BehaviourLibrary } from '../../src/behaviours/behaviour-library.ts';
import { loadBehaviourLibrary } from '../../src/behaviours/load-behaviour-library.ts';
import type { CareDialogue } from '../../src/corpus/care-dialogue.ts';
import { createLogger } from '../../src/log/logger.ts';
import { LstmPolicy } from '../../src/model/lstm-policy.ts';
import { RulePolicy } from '../../src/model/rule-policy.ts';
import { careDialoguesFromRecords } from '../../src/pipeline/care-dialogues-from-records.ts';
import { evaluateCare } from '../../src/pipeline/evaluate-care.ts';
import {
  type CareTrainingSettings,
  type TrainCareRequest,
  trainCare,
} from '../../src/pipeline/train-care.ts';
import { exportRecordings, toJsonl } from '../../src/recording/export-recordings.ts';
import { readRecordings } from '../../src/recording/read-recording.ts';
import { Recorder } from '../../src/recording/recorder.ts';
import { writeTinyCorpus } from '../fixtures.ts';
import { BEHAVIOURS_DIR, ROOT } from '../helpers.ts';
import { correction } from '../recording/session-events.ts';
import { runtimeHarness } from '../runtime/runtime-harness.ts';

const quiet = createLogger('t', () => {});
const SMALL: Partial<CareTrainingSettings> = {
  epochs: 30,
  patience: 30,
  embedSize: 16,
  hiddenSize: 16,
  maxVocabulary: 500,
  learningRate: 0.01,
  seed: 3,
  members: 1,
};
/** What the operator said the robot should have done, by utterance. */
const CORRECTED: Record<string, string> = {
  "I'm so bored, nothing to do today": 'suggest_exercise',
  'what day is it today?': 'tell_date',
};

/** Records sessions through the running robot (rule policy, simulated clock), an operator correcting two turns each. */
async function recordCorrectedSessions(dir: string, sessions: number): Promise<void> {
  const recorder = new Recorder({ dir, log: quiet });
  const h = await runtimeHarness({ policy: new RulePolicy(), recorder, userSlots: { user_name: 'Ann' } });
  for (let s = 0; s < sessions; s++) {
    const id = `sim-${s}`;
    await h.turn({ type: 'robot.event', event: 'person_arrived' }, id, `u-${s}`);
    const bored = await h.say("I'm so bored, nothing to do today", id);
    h.runtime.send(id, correction(bored?.turn ?? -1, 'suggest_exercise'));
    const day = await h.say('what day is it today?', id);
    h.runtime.send(id, correction(day?.turn ?? -1, 'tell_date', 'It is Tuesday the 24th of November.'));
    await h.say('thank you', id);
    await h.runtime.endSession(id, 'person left');
  }
}

/** The predicted action of every corrected turn when the model replays the dialogues. */
async function correctedPredictions(
  modelDir: string,
  dialogues: CareDialogue[],
  library: BehaviourLibrary,
): Promise<Array<[string, string]>> {
  const policy = await LstmPolicy.load(modelDir, library.actionIds());
  const out: Array<[string, string]> = [];
  await evaluateCare(dialogues, library, policy, {
    onPrediction: (p) => {
      if (Object.values(CORRECTED).includes(p.expected)) out.push([p.expected, p.predicted]);
    },
  });
  policy.dispose();
  return out;
}

describe('retraining on recordings', () => {
  let library: BehaviourLibrary;
  let corpus: string;
  let root: string;
  let recordings: string;
  let recorded: CareDialogue[];
  let baseline: string;

  beforeAll(async () => {
    library = await loadBehaviourLibrary(BEHAVIOURS_DIR);
    corpus = await writeTinyCorpus();
    root = await mkdtemp(path.join(tmpdir(), 'carebot-retrain-'));
    recordings = path.join(root, 'recordings');
    await recordCorrectedSessions(recordings, 3);
    const exported = await exportRecordings(readRecordings(recordings, { log: quiet }), { log: quiet });
    expect(exported.corrected).toBe(6);
    recorded = careDialoguesFromRecords(exported.dialogues, {
      source: 'recordings',
      actionIds: new Set(library.actionIds()),
    });
    writeFileSync(path.join(root, 'recorded-dev.jsonl'), toJsonl(exported.dialogues));
    baseline = path.join(root, 'baseline');
    await trainSmall(baseline, {});
  });
  /** Trains on the tiny corpus (plus what `extra` adds) into `outDir`. */
  const trainSmall = (outDir: string, extra: Partial<TrainCareRequest>) =>
    trainCare({
      library,
      corpora: [corpus],
      devCorpora: [],
      outDir,
      command: 't',
      settings: SMALL,
      log: quiet,
      ...extra,
    });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('a model retrained with the exported recordings predicts the corrected turns as corrected', async () => {
    const before = await correctedPredictions(baseline, recorded, library);
    expect(before).toHaveLength(6);
    expect(before.filter(([expected, predicted]) => expected === predicted)).toEqual([]);
    const out = path.join(root, 'retrained');
    const result = await trainSmall(out, {
      extraDialogues: recorded,
      extraSources: [{ file: 'recordings', sha256: 'x', dialogues: recorded.length }],
    });
    expect(result.metadata.corpora.map((c) => c.file)).toContain('recordings');
    const after = await correctedPredictions(out, recorded, library);
    expect(after).toHaveLength(6);
    expect(after.filter(([expected, predicted]) => expected !== predicted)).toEqual([]);
  });

  it('--from fine-tunes an existing model (its vocabulary kept) to the corrections', async () => {
    const out = path.join(root, 'fine-tuned');
    const result = await trainSmall(out, {
      settings: { ...SMALL, epochs: 20, embedSize: 64 },
      extraDialogues: recorded,
      from: baseline,
    });
    const base = JSON.parse(readFileSync(path.join(baseline, 'metadata.json'), 'utf8'));
    expect(result.metadata.vocabulary).toEqual(base.vocabulary);
    expect(result.metadata.shape.embedSize).toBe(16);
    expect(result.metadata.extra.fineTunedFrom).toBe(baseline);
    const after = await correctedPredictions(out, recorded, library);
    expect(after.filter(([expected, predicted]) => expected !== predicted)).toEqual([]);
  });

  it('carebot train --recordings prints old and new dev scores side by side; only --promote replaces the model', async () => {
    const current = path.join(root, 'models', 'current');
    cpSync(baseline, current, { recursive: true });
    const before = readFileSync(path.join(current, 'metadata.json'), 'utf8');
    const train = (out: string, ...extra: string[]) =>
      spawnSync(
        process.execPath,
        [
          path.join(ROOT, 'bin/carebot.mjs'),
          'train',
          '--corpus',
          corpus,
          '--recordings',
          recordings,
          '--dev',
          path.join(root, 'recorded-dev.jsonl'),
          '--out',
          out,
          '--model',
          current,
          '--epochs',
          '30',
          '--seed',
          '3',
          '--members',
          '1',
          '--log-level',
          'warn',
          ...extra,
        ],
        { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
      );
    const refused = train(current);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('only --promote replaces: train into another folder and add --promote');

    const run = train(path.join(root, 'models', 'candidate'), '--promote');
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    const header = lines.find((l) => l.startsWith('dev (turn / dialogue accuracy)')) ?? '';
    expect(header).toMatch(/old .*current +new .*candidate/);
    const row = lines[lines.indexOf(header) + 1] ?? '';
    const scores = [...row.matchAll(/([\d.]+) %/g)].map((m) => Number(m[1]));
    expect(row.startsWith('recorded-dev.jsonl')).toBe(true);
    expect(scores).toHaveLength(4);
    // The old model missed the six corrected turns of 12; the new one learned them.
    expect(scores[0]).toBeLessThanOrEqual(50);
    expect(scores[2]).toBeGreaterThan(scores[0] ?? 100);
    expect(run.stdout).toContain(`promoted ${path.join(root, 'models', 'candidate')} to ${current}`);
    const promoted = readFileSync(path.join(current, 'metadata.json'), 'utf8');
    expect(promoted).not.toBe(before);
    expect(JSON.parse(promoted).command).toContain('--recordings');
    expect(JSON.parse(promoted).corpora.at(-1)).toMatchObject({
      dialogues: 3,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(readdirSync(path.join(root, 'models')).sort()).toEqual(['candidate', 'current']);
  }, 120_000);
});
