import { z } from 'zod';
import { CARE_EVENTS } from '../core/care-event.ts';
import { DIALOGUE_STATES } from '../core/dialogue-state.ts';
import { LANGUAGES } from '../core/language.ts';
import { RECORDING_FORMAT_VERSION } from './recording-format.ts';

const time = z.string().refine((t) => !Number.isNaN(Date.parse(t)), 'must be an ISO time');
const base = { t: time, seq: z.number().int().nonnegative() };
const actionId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be an action id');
const gesture = z.looseObject({
  name: z.string(),
  trajectory: z.looseObject({ jointNames: z.array(z.string()), points: z.array(z.unknown()) }),
});

/** The header line, validated (later fields of a newer writer are kept). */
export const sessionStartSchema = z.looseObject({
  ...base,
  seq: z.literal(0),
  type: z.literal('session.start'),
  formatVersion: z.number().int(),
  sessionId: z.string(),
  userId: z.string(),
  startedAt: time,
  modelId: z.string(),
  profile: z.looseObject({ name: z.string(), file: z.string() }),
  userSlots: z.record(z.string(), z.string()).optional(),
  carebotVersion: z.string(),
});

/**
 * Every line after the header, keyed on `type`: what the export reads is checked strictly, the
 * rest loosely (a recording keeps whatever the machine saw).
 */
export const recordLineSchema = z.discriminatedUnion('type', [
  z.looseObject({
    ...base,
    type: z.literal('user.utterance'),
    text: z.string(),
    lang: z.enum(LANGUAGES).optional(),
  }),
  z.looseObject({
    ...base,
    type: z.literal('robot.event'),
    event: z.enum(CARE_EVENTS),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  }),
  z.looseObject({ ...base, type: z.literal('carer.ack'), by: z.string().optional() }),
  z.looseObject({
    ...base,
    type: z.literal('operator.correction'),
    turn: z.number().int().nonnegative(),
    actionId,
    text: z.string().optional(),
  }),
  z.looseObject({
    ...base,
    type: z.literal('robot.action'),
    actionId,
    lang: z.enum(LANGUAGES),
    text: z.string(),
    gesture,
    top: z.array(z.looseObject({ id: z.string(), score: z.number().nullable() })),
    state: z.enum(DIALOGUE_STATES),
    turn: z.number().int().nonnegative(),
    // JSON has no NaN: a non-finite latency is written as null.
    latencyMs: z.number().nullable(),
    /** The seq of the input this action answers (when the runtime linked it). */
    answers: z.number().int().nonnegative().optional(),
  }),
  z.looseObject({
    ...base,
    type: z.literal('robot.backchannel'),
    lang: z.enum(LANGUAGES),
    text: z.string(),
    gesture,
  }),
  z.looseObject({
    ...base,
    type: z.literal('robot.state'),
    path: z.string(),
    state: z.enum(DIALOGUE_STATES),
  }),
  z.looseObject({
    ...base,
    type: z.literal('robot.memory'),
    userId: z.string(),
    facts: z.array(z.looseObject({ text: z.string(), lang: z.enum(LANGUAGES), saidAt: z.string() })),
  }),
  z.looseObject({ ...base, type: z.literal('session.end'), reason: z.string() }),
]);

/** Event types this reader knows; a line of another type is skipped with a warning. */
export const KNOWN_TYPES: ReadonlySet<string> = new Set(
  recordLineSchema.options.map((o) => o.shape.type.value),
);

/** True when `version` is one this code reads. */
export function readableVersion(version: number): boolean {
  return version === RECORDING_FORMAT_VERSION;
}
