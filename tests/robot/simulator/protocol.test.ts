import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REQUIRED_ACTIONS } from '../../../src/core/care-action.ts';
import { CARE_EVENTS } from '../../../src/core/care-event.ts';
import {
  type ClientMessage,
  LIMITS,
  type ParseContext,
  parseClientMessage,
  parseHandshake,
} from '../../../src/robot/simulator/protocol.ts';

const ACTIONS = new Set<string>(REQUIRED_ACTIONS);
const OPERATOR: ParseContext = { operator: true, actionIds: ACTIONS };
const GUEST: ParseContext = { operator: false, actionIds: ACTIONS };
const ERROR_CODES = ['invalid_payload', 'unknown_event', 'unknown_action', 'unauthorized', 'rate_limited'];

/** A non-blank string of at most `max` characters. */
const line = (max: number) =>
  fc
    .string({ minLength: 1, maxLength: max, unit: 'grapheme' })
    .filter((s) => s.trim().length > 0 && s.length <= max);

/** Every message the page may legitimately send. */
const validMessage: fc.Arbitrary<ClientMessage> = fc.oneof(
  fc.record(
    {
      type: fc.constant('user.utterance' as const),
      text: line(LIMITS.utteranceChars),
      lang: fc.constantFrom('en', 'ko'),
    },
    { requiredKeys: ['type', 'text'] },
  ),
  fc.record(
    {
      type: fc.constant('robot.event' as const),
      event: fc.constantFrom(...CARE_EVENTS),
      data: fc.dictionary(
        fc.string({ minLength: 1, maxLength: 20 }).filter((k) => k !== '__proto__'),
        fc.oneof(
          fc.string({ maxLength: 50 }),
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.boolean(),
        ),
        { maxKeys: LIMITS.dataEntries },
      ),
    },
    { requiredKeys: ['type', 'event'] },
  ),
  fc.record(
    { type: fc.constant('carer.ack' as const), by: line(LIMITS.ackByChars) },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    {
      type: fc.constant('operator.correction' as const),
      turn: fc.nat({ max: LIMITS.maxTurn }),
      actionId: fc.constantFrom(...REQUIRED_ACTIONS),
      text: line(LIMITS.correctionChars),
    },
    { requiredKeys: ['type', 'turn', 'actionId'] },
  ),
);

/** A valid message with one field broken, or anything at all. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    withNullPrototype: true,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withTypedArray: true,
  }),
  fc
    .tuple(
      validMessage,
      fc.constantFrom('type', 'text', 'event', 'data', 'turn', 'actionId', 'by', 'lang', 'extra'),
      fc.anything(),
    )
    .map(([message, key, value]) => ({ ...message, [key]: value })),
  fc
    .string({ minLength: LIMITS.utteranceChars + 1, maxLength: 2000 })
    .map((text) => ({ type: 'user.utterance', text })),
);

describe('simulator protocol: validation of what the page sends', () => {
  it('accepts every well-formed message and returns the same content', () => {
    fc.assert(
      fc.property(validMessage, (message) => {
        const parsed = parseClientMessage(message, OPERATOR);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(parsed.value.type).toBe(message.type);
        if (message.type === 'user.utterance')
          expect(parsed.value).toMatchObject({ text: message.text.trim() });
        if (message.type === 'operator.correction')
          expect(parsed.value).toMatchObject({ turn: message.turn, actionId: message.actionId });
      }),
    );
  });

  it('never throws on any payload, answers a clear error or a clean message, and leaves the payload unchanged', () => {
    fc.assert(
      fc.property(hostile, fc.boolean(), (payload, operator) => {
        const before = fc.stringify(payload);
        const parsed = parseClientMessage(payload, operator ? OPERATOR : GUEST);
        expect(fc.stringify(payload)).toBe(before);
        if (parsed.ok) {
          // Whatever passes is exactly one of the four inputs, with no stray fields.
          const again = parseClientMessage(parsed.value, OPERATOR);
          expect(again).toEqual(parsed);
        } else {
          expect(ERROR_CODES).toContain(parsed.error.code);
          expect(parsed.error.message.length).toBeGreaterThan(10);
          expect(parsed.error.message.length).toBeLessThan(400);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('says what is wrong in words a person can act on', () => {
    const long = parseClientMessage({ type: 'user.utterance', text: 'a'.repeat(501) }, GUEST);
    expect(long).toEqual({
      ok: false,
      error: {
        code: 'invalid_payload',
        field: 'text',
        message: "user.utterance: 'text' must be at most 500 characters (got 501)",
      },
    });
    const event = parseClientMessage({ type: 'robot.event', event: 'earthquake' }, GUEST);
    expect(!event.ok && event.error.message).toMatch(/'event' must be one of person_arrived, .*head_touched/);
    const extra = parseClientMessage({ type: 'carer.ack', shout: true }, GUEST);
    expect(!extra.ok && extra.error.message).toBe("carer.ack: unknown field 'shout' (allowed: type, by)");
    const type = parseClientMessage({ type: 'robot.action' }, GUEST);
    expect(!type.ok && type.error.field).toBe('type');
    expect(parseClientMessage({ type: 'user.utterance', text: '   ' }, GUEST).ok).toBe(false);
  });

  it('takes corrections only from the token holder, and only to actions of the library', () => {
    const correction = { type: 'operator.correction', turn: 2, actionId: 'comfort', text: ' There, there. ' };
    const guest = parseClientMessage(correction, GUEST);
    expect(!guest.ok && guest.error.code).toBe('unauthorized');
    expect(!guest.ok && guest.error.message).toContain('token');
    expect(parseClientMessage(correction, OPERATOR)).toEqual({
      ok: true,
      value: { type: 'operator.correction', turn: 2, actionId: 'comfort', text: 'There, there.' },
    });
    const unknown = parseClientMessage({ ...correction, actionId: 'dance' }, OPERATOR);
    expect(!unknown.ok && unknown.error.code).toBe('unknown_action');
    for (const turn of [-1, 1.5, '3', Number.NaN, LIMITS.maxTurn + 1])
      expect(parseClientMessage({ ...correction, turn }, OPERATOR).ok).toBe(false);
  });

  it('ignores prototype tricks', () => {
    const proto = JSON.parse('{"type":"carer.ack","__proto__":{"by":"x"}}');
    expect(parseClientMessage(proto, GUEST).ok).toBe(false);
    class Fake {
      type = 'carer.ack';
    }
    expect(parseClientMessage(new Fake(), GUEST).ok).toBe(false);
    expect(parseClientMessage(Object.assign(Object.create(null), { type: 'carer.ack' }), GUEST).ok).toBe(
      true,
    );
  });

  it('reads the handshake: a user id the user store accepts (it names a file), a token string', () => {
    expect(parseHandshake(undefined)).toEqual({ ok: true, value: {} });
    expect(parseHandshake({ userId: '' })).toEqual({ ok: true, value: {} });
    expect(parseHandshake({ userId: 'kim.younghee-2', token: 't' })).toEqual({
      ok: true,
      value: { userId: 'kim.younghee-2', token: 't' },
    });
    // Refused at the door, with a reason the page shows, rather than a session that never answers.
    for (const userId of ['김영희', 'rose@home', '.hidden', '..'])
      expect(parseHandshake({ userId })).toMatchObject({ ok: false, error: { field: 'userId' } });
    expect(parseHandshake({ userId: 'rose smith' }).ok).toBe(false);
    expect(parseHandshake({ userId: 'x'.repeat(65) }).ok).toBe(false);
    expect(parseHandshake({ token: 42 }).ok).toBe(false);
    fc.assert(
      fc.property(fc.anything(), (auth) => {
        const parsed = parseHandshake(auth);
        expect(parsed.ok || parsed.error.message.length > 0).toBe(true);
      }),
    );
  });
});
