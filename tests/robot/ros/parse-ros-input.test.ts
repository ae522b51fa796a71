import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CARE_EVENTS } from '../../../src/core/care-event.ts';
import {
  MAX_EVENT_CHARS,
  MAX_UTTERANCE_CHARS,
  parseEventMessage,
  parseUtteranceMessage,
} from '../../../src/robot/ros/parse-ros-input.ts';

/** A parse result must be an input or a plain, non-empty, one-line problem. */
function wellFormed(result: ReturnType<typeof parseEventMessage>): boolean {
  if (result.ok) return typeof result.input.type === 'string';
  return typeof result.problem === 'string' && /\S/.test(result.problem) && !result.problem.includes('\n');
}

describe('parseUtteranceMessage', () => {
  it('takes the trimmed text', () => {
    expect(parseUtteranceMessage('  hello there \n')).toEqual({
      ok: true,
      input: { type: 'user.utterance', text: 'hello there' },
    });
  });

  it('says what is wrong with an empty, overlong or non-string message', () => {
    expect(parseUtteranceMessage('   ')).toEqual({ ok: false, problem: 'the utterance is empty' });
    expect(parseUtteranceMessage('a'.repeat(MAX_UTTERANCE_CHARS + 1))).toMatchObject({
      ok: false,
      problem: expect.stringContaining(`at most ${MAX_UTTERANCE_CHARS}`),
    });
    expect(parseUtteranceMessage(undefined)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('string'),
    });
  });

  it('never throws, whatever the data (fast-check)', () => {
    fc.assert(
      fc.property(fc.anything(), (data) => {
        const result = parseUtteranceMessage(data);
        return result.ok
          ? result.input.text.trim() === result.input.text && result.input.text !== ''
          : /\S/.test(result.problem);
      }),
    );
  });
});

describe('parseEventMessage', () => {
  it('reads every care event, with and without data', () => {
    for (const event of CARE_EVENTS) {
      expect(parseEventMessage(JSON.stringify({ event }))).toEqual({
        ok: true,
        input: { type: 'robot.event', event },
      });
    }
    expect(
      parseEventMessage(
        '{"event": "medication_due", "data": {"medication": "pills", "dose": 2, "late": true}}',
      ),
    ).toEqual({
      ok: true,
      input: {
        type: 'robot.event',
        event: 'medication_due',
        data: { medication: 'pills', dose: 2, late: true },
      },
    });
  });

  it('reads a bare event name, as typed with rostopic pub', () => {
    expect(parseEventMessage(' fall_detected ')).toEqual({
      ok: true,
      input: { type: 'robot.event', event: 'fall_detected' },
    });
  });

  it('reads a carer acknowledgement', () => {
    expect(parseEventMessage('{"event": "carer_ack", "by": "nurse Ada"}')).toEqual({
      ok: true,
      input: { type: 'carer.ack', by: 'nurse Ada' },
    });
    expect(parseEventMessage('carer_ack')).toEqual({ ok: true, input: { type: 'carer.ack' } });
  });

  it.each([
    ['', 'empty'],
    ['{"event": "fall_detected"', 'not JSON'],
    ['[1, 2]', 'JSON object'],
    ['"fall_detected"', 'JSON object'],
    ['{"data": {}}', "'event' must be a non-empty string"],
    ['{"event": 3}', "'event' must be a non-empty string"],
    ['{"event": "party"}', "unknown event 'party'"],
    ['party', "unknown event 'party'"],
    ['{"event": "fall_detected", "room": "kitchen"}', "unknown field 'room'"],
    ['{"event": "fall_detected", "data": [1]}', "'data' must be an object"],
    [
      '{"event": "fall_detected", "data": {"room": {"floor": 1}}}',
      'data.room must be a string, a number or a boolean',
    ],
    ['{"event": "fall_detected", "data": {"who": null}}', 'data.who must be'],
    ['{"event": "fall_detected", "by": "x"}', "'by' belongs to carer_ack only"],
    ['{"event": "carer_ack", "by": 7}', "'by' must be a string"],
    ['{"event": "carer_ack", "data": {}}', "'carer_ack' takes no 'data'"],
  ])('says what is wrong with %j', (text, problem) => {
    const result = parseEventMessage(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain(problem);
  });

  it('refuses an overlong message before parsing it', () => {
    const result = parseEventMessage(
      JSON.stringify({ event: 'silence', data: { x: 'y'.repeat(MAX_EVENT_CHARS) } }),
    );
    expect(result).toMatchObject({
      ok: false,
      problem: expect.stringContaining(`at most ${MAX_EVENT_CHARS}`),
    });
  });

  it('keeps a "__proto__" data key as a plain key', () => {
    const result = parseEventMessage('{"event": "silence", "data": {"__proto__": "x"}}');
    expect(result.ok && result.input.type === 'robot.event' && Object.getPrototypeOf(result.input.data)).toBe(
      Object.prototype,
    );
  });

  it('never throws on any string, and answers with an input or a one-line problem (fast-check)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => wellFormed(parseEventMessage(text))));
    fc.assert(fc.property(fc.anything(), (data) => wellFormed(parseEventMessage(data))));
  });

  it('never throws on any JSON shaped like an event (fast-check)', () => {
    const eventName = fc.oneof(fc.constantFrom(...CARE_EVENTS, 'carer_ack'), fc.string({ maxLength: 20 }));
    const shaped = fc.record(
      {
        event: fc.oneof(eventName, fc.jsonValue()),
        data: fc.jsonValue(),
        by: fc.jsonValue(),
        extra: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(shaped, (value) => {
        const result = parseEventMessage(JSON.stringify(value));
        if (result.ok && result.input.type === 'robot.event')
          expect(CARE_EVENTS).toContain(result.input.event);
        return wellFormed(result);
      }),
    );
  });

  it('accepts every valid event whatever its data values (fast-check)', () => {
    const data = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 10 }),
      fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
      ),
      { maxKeys: 5 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...CARE_EVENTS), data, (event, values) => {
        const result = parseEventMessage(JSON.stringify({ event, data: values }));
        expect(result).toEqual({
          ok: true,
          input: { type: 'robot.event', event, data: JSON.parse(JSON.stringify(values)) },
        });
      }),
    );
  });
});
