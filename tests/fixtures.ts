import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DialogueFlags } from '../src/core/policy.ts';
import { MODEL_FORMAT_VERSION, type ModelMetadata } from '../src/model/persistence/model-metadata.ts';

/** A small care corpus written for tests: every line is a whole dialogue. */
export const TINY_CORPUS = [
  {
    id: 't1',
    lang: 'en',
    profile: { user_name: 'Rose', medication: 'heart pills' },
    session: 'u-rose',
    turns: [
      { event: 'person_arrived', robot: 'greet' },
      { user: 'hello dear', robot: 'ask_wellbeing' },
      { user: 'my grandson Tom is visiting on Sunday!', robot: 'share_joy' },
      { event: 'silence', data: { seconds: 30 }, robot: 'recall_memory' },
      { event: 'medication_due', data: { medication: 'heart pills' }, robot: 'remind_medication' },
      { user: 'took them just now', robot: 'confirm_medication' },
      { user: 'thank you', robot: 'respond_thanks' },
      { event: 'person_left', robot: 'farewell' },
    ],
  },
  {
    id: 't2',
    lang: 'en',
    session: 'u-rose',
    turns: [
      { event: 'head_touched', robot: 'greet' },
      { user: "what's the time?", robot: 'tell_time' },
      { event: 'fall_detected', robot: 'emergency_help' },
      { user: 'it hurts', robot: 'reassure' },
      { user: "I'm fine now, the nurse came", robot: 'reassure' },
      { event: 'silence', data: { seconds: 30 }, robot: 'ask_wellbeing' },
      { user: 'good night', robot: 'say_goodnight' },
    ],
  },
  {
    id: 't3',
    lang: 'ko',
    turns: [
      { event: 'person_arrived', robot: 'greet' },
      { user: '몇 시예요?', robot: 'tell_time' },
      { user: '오늘 너무 피곤하네', robot: 'suggest_rest' },
      { event: 'silence', data: { seconds: 30 }, robot: 'ask_about_family' },
      { user: '고마워요', robot: 'respond_thanks' },
      { user: '넘어졌어요 못 일어나겠어', robot: 'emergency_help' },
    ],
  },
];

/** Writes the tiny corpus (and its facts file) to a fresh folder; returns the corpus path. */
export async function writeTinyCorpus(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'carebot-corpus-'));
  const file = path.join(dir, 'tiny.jsonl');
  await writeFile(file, `${TINY_CORPUS.map((d) => JSON.stringify(d)).join('\n')}\n`);
  await writeFile(
    path.join(dir, 'facts.jsonl'),
    `${JSON.stringify({ dialogue: 't1', turn: 2, memory: 'your grandson Tom was visiting on Sunday' })}\n`,
  );
  return file;
}

/** Dialogue flags of an ordinary turn in the middle of a dialogue (tests adjust what they need). */
export const MID_DIALOGUE_FLAGS: DialogueFlags = {
  turn: 1,
  wellbeingAsked: false,
  feelingsTold: false,
  emergencyActive: false,
  emergencyDetected: false,
  fineAgain: false,
  medicationReminded: false,
};

/** Metadata for a small untrained care model saved by a test (what saveModel writes beside the weights). */
export function tinyModelMetadata(
  model: Pick<ModelMetadata, 'actionIds' | 'vocabulary' | 'contextSize' | 'shape'>,
  seed = 1,
): ModelMetadata {
  return {
    formatVersion: MODEL_FORMAT_VERSION,
    domain: 'care',
    createdAt: '2026-01-01T00:00:00.000Z',
    command: 'test',
    gestureIds: [],
    members: 1,
    corpora: [],
    training: {
      seed,
      backend: 'wasm',
      epochs: 0,
      bestEpoch: 0,
      seconds: 0,
      samplesPerSecond: 0,
      history: [],
    },
    dev: {},
    extra: {},
    ...model,
  };
}
