import { CARE_EVENTS } from '../core/care-event.ts';
import type { PolicyContext } from '../core/policy.ts';
import type { RobotInput } from '../core/robot-input.ts';
import { CUE_COUNT, cueVector } from '../nlu/cue-features.ts';
import { INTENT_PATTERNS, matchIntents } from '../nlu/intent-patterns.ts';
import { normalizeText } from '../nlu/normalize-text.ts';
import { textFeatures } from './text-features.ts';
import type { Vocabulary } from './vocabulary.ts';

/** What the model reads for one turn: sparse text feature indices and a dense context vector. */
export interface TurnFeatures {
  text: number[];
  context: Float32Array;
}

const KNOWN_SLOTS = ['user_name', 'medication', 'contact'] as const;
const INTENT_IDS = INTENT_PATTERNS.map(([id]) => id);

/**
 * The care domain's turn encoder inputs (Hybrid Code Networks' features): a bag of text
 * features, and a context vector of the input kind (utterance or which event), the previous
 * action, the action mask, known slots, memory, dialogue flags, keyword intents, whether the
 * utterance names a known entity, and lexical cues (people, plans, feelings, pain, ...).
 */
export class CareFeaturizer {
  readonly vocabulary: Vocabulary;
  readonly actionIds: readonly string[];
  private readonly actionIndex: Map<string, number>;
  readonly contextSize: number;

  constructor(vocabulary: Vocabulary, actionIds: readonly string[]) {
    this.vocabulary = vocabulary;
    this.actionIds = actionIds;
    this.actionIndex = new Map(actionIds.map((a, i) => [a, i]));
    this.contextSize =
      1 +
      CARE_EVENTS.length +
      2 * actionIds.length +
      1 +
      KNOWN_SLOTS.length +
      2 +
      8 +
      INTENT_IDS.length +
      1 +
      CUE_COUNT;
  }

  /** Text features of an input (events have none). */
  static inputText(input: RobotInput): string[] {
    return input.type === 'user.utterance' ? textFeatures(input.text) : [];
  }

  encode(input: RobotInput, context: Omit<PolicyContext, 'sessionId'>): TurnFeatures {
    const v = new Float32Array(this.contextSize);
    let o = 0;
    const put = (value: number | boolean): void => {
      v[o++] = Number(value);
    };
    put(input.type === 'user.utterance');
    for (const e of CARE_EVENTS) put(input.type === 'robot.event' && input.event === e);
    const prev =
      context.previousAction === undefined ? -1 : (this.actionIndex.get(context.previousAction) ?? -1);
    for (let a = 0; a < this.actionIds.length; a++) put(a === prev);
    for (const a of this.actionIds) put(context.allowed ? context.allowed.has(a) : true);
    put(context.lang === 'ko');
    for (const slot of KNOWN_SLOTS) put((context.slots[slot] ?? '') !== '');
    const unrecalled = context.memory.filter((f) => !f.recalled).length;
    put(unrecalled > 0);
    put(Math.min(unrecalled, 3) / 3);
    const f = context.flags;
    put(f.turn === 0);
    put(Math.min(f.turn, 10) / 10);
    put(f.wellbeingAsked);
    put(f.feelingsTold);
    put(f.emergencyActive);
    put(f.emergencyDetected);
    put(f.fineAgain);
    put(f.medicationReminded);
    const intents = new Set(input.type === 'user.utterance' ? matchIntents(input.text) : []);
    for (const id of INTENT_IDS) put(intents.has(id));
    put(input.type === 'user.utterance' && mentionsKnownEntity(input.text, context.slots));
    const cues =
      input.type === 'user.utterance' ? cueVector(input.text) : new Array<number>(CUE_COUNT).fill(0);
    for (const c of cues) put(c);
    const text = this.vocabulary.indices(CareFeaturizer.inputText(input));
    return { text, context: v };
  }
}

/** Whether the utterance names a known entity (the user's name, contact or medication). */
function mentionsKnownEntity(text: string, slots: Readonly<Record<string, string>>): boolean {
  const normalized = normalizeText(text);
  return KNOWN_SLOTS.some((slot) =>
    (slots[slot] ?? '')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length >= 2 && !['your', 'my', 'the', 'pills', 'tablets'].includes(w))
      .some((w) => normalized.includes(w)),
  );
}
