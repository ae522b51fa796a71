import { CARE_EVENTS, isCareEvent } from '../../core/care-event.ts';
import type { SessionInput } from '../../core/operator-input.ts';
import type { RobotEvent, UserUtterance } from '../../core/robot-input.ts';

/** A parsed input, or what is wrong with the message (said plainly, for the log). */
export type ParsedRosInput<T> = { ok: true; input: T } | { ok: false; problem: string };

/** Longest utterance accepted, in characters (ASR output, not documents). */
export const MAX_UTTERANCE_CHARS = 2000;
/** Longest event message accepted, in characters. */
export const MAX_EVENT_CHARS = 16_384;
/** Event names that acknowledge an emergency (a carer's button, a nurse call system). */
export const CARER_ACK_EVENTS = ['carer_ack', 'carer.ack'] as const;

const EVENT_KEYS = ['event', 'data', 'by'];

const fail = (problem: string) => ({ ok: false as const, problem });

/** Reads the `data` field of a std_msgs/String utterance message. */
export function parseUtteranceMessage(data: unknown): ParsedRosInput<UserUtterance> {
  if (typeof data !== 'string') return fail(`'data' must be a string (got ${typeof data})`);
  const text = data.trim();
  if (text === '') return fail('the utterance is empty');
  if (text.length > MAX_UTTERANCE_CHARS)
    return fail(`the utterance has ${text.length} characters (at most ${MAX_UTTERANCE_CHARS})`);
  return { ok: true, input: { type: 'user.utterance', text } };
}

function eventInput(
  event: unknown,
  data: unknown,
  by: unknown,
): ParsedRosInput<RobotEvent | Extract<SessionInput, { type: 'carer.ack' }>> {
  if (typeof event !== 'string' || event === '') return fail(`'event' must be a non-empty string`);
  if ((CARER_ACK_EVENTS as readonly string[]).includes(event)) {
    if (data !== undefined) return fail(`'${event}' takes no 'data' (only 'by', a string)`);
    if (by !== undefined && typeof by !== 'string') return fail(`'by' must be a string`);
    return { ok: true, input: by === undefined ? { type: 'carer.ack' } : { type: 'carer.ack', by } };
  }
  if (!isCareEvent(event)) {
    const known = [...CARE_EVENTS, CARER_ACK_EVENTS[0]].join(', ');
    return fail(`unknown event '${event.slice(0, 60)}' (known: ${known})`);
  }
  if (by !== undefined) return fail(`'by' belongs to carer_ack only`);
  if (data === undefined) return { ok: true, input: { type: 'robot.event', event } };
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return fail(`'data' must be an object of strings, numbers and booleans`);
  const entries = Object.entries(data);
  for (const [key, value] of entries) {
    const finite = typeof value === 'number' ? Number.isFinite(value) : true;
    if (!['string', 'number', 'boolean'].includes(typeof value) || !finite)
      return fail(`data.${key.slice(0, 40)} must be a string, a number or a boolean`);
  }
  // fromEntries defines own properties (a "__proto__" key stays a plain key).
  const values = Object.fromEntries(entries) as Record<string, string | number | boolean>;
  return { ok: true, input: { type: 'robot.event', event, data: values } };
}

/**
 * Reads the `data` field of a std_msgs/String event message: JSON such as
 * `{"event": "fall_detected", "data": {"room": "kitchen"}}` or `{"event": "carer_ack", "by": "nurse"}`,
 * or a bare event name (`fall_detected`) for hand-typed `rostopic pub`. Never throws.
 */
export function parseEventMessage(data: unknown): ParsedRosInput<SessionInput> {
  if (typeof data !== 'string') return fail(`'data' must be a string (got ${typeof data})`);
  const text = data.trim();
  if (text === '') return fail('the event message is empty');
  if (text.length > MAX_EVENT_CHARS)
    return fail(`the event message has ${text.length} characters (at most ${MAX_EVENT_CHARS})`);
  if (/^[A-Za-z_.]+$/.test(text)) return eventInput(text, undefined, undefined);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(`not JSON (${(error as Error).message}); expected {"event": "<name>", "data": {...}}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return fail(`expected a JSON object such as {"event": "fall_detected"}`);
  const unknown = Object.keys(parsed).filter((key) => !EVENT_KEYS.includes(key));
  if (unknown.length > 0)
    return fail(`unknown field '${unknown[0]?.slice(0, 40)}' (allowed: ${EVENT_KEYS.join(', ')})`);
  const { event, data: eventData, by } = parsed as Record<string, unknown>;
  return eventInput(event, eventData, by);
}
