import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CarebotError } from '../../src/core/carebot-error.ts';
import { createLogger } from '../../src/log/logger.ts';
import { parseRecording } from '../../src/recording/read-recording.ts';
import { Recorder } from '../../src/recording/recorder.ts';
import {
  careEvent,
  correction,
  memory,
  robotAction,
  sessionInfo,
  steppingClock,
  utterance,
} from './session-events.ts';

const FILE = '/recordings/x.jsonl';

/** Parses; returns 'ok', 'skipped' or 'error' (a RecordingError naming the file and a line). Anything else fails. */
function outcome(text: string, warnings: string[] = []): 'ok' | 'skipped' | 'error' {
  try {
    const session = parseRecording(
      text,
      FILE,
      createLogger('p', (l) => warnings.push(l)),
    );
    return session ? 'ok' : 'skipped';
  } catch (error) {
    expect(error).toBeInstanceOf(CarebotError);
    expect((error as CarebotError).code).toBe('RECORDING_INVALID');
    expect((error as CarebotError).message).toMatch(new RegExp(`^${FILE}:\\d+: \\S`));
    return 'error';
  }
}

describe('readRecording on arbitrary input (fast-check)', () => {
  let valid: string[];
  beforeAll(async () => {
    const recorder = new Recorder({
      dir: await mkdtemp(path.join(tmpdir(), 'carebot-prop-')),
      now: steppingClock(),
    });
    const rec = recorder.open(sessionInfo('p', 'u', { user_name: 'Rose' }));
    rec.append(careEvent('person_arrived'));
    rec.append(robotAction('greet', 0, { text: '안녕하세요, Rose!' }));
    rec.append(utterance('hello'));
    rec.append(robotAction('ask_wellbeing', 1));
    rec.append(memory('u', [{ text: 'your son Jim' }]));
    rec.append(correction(1, 'acknowledge'));
    rec.close('done');
    valid = readFileSync(rec.file, 'utf8').split('\n').slice(0, -1);
  });

  /** Lines that look like recording lines, some subtly wrong. */
  const lineArb = () =>
    fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.json(),
      fc.constantFrom(...valid),
      fc.constantFrom(...valid).chain((l) => fc.nat(l.length).map((n) => l.slice(0, n))),
      fc
        .record({
          t: fc.oneof(
            fc.string(),
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            fc.integer(),
          ),
          seq: fc.oneof(fc.integer({ min: -2, max: 8 }), fc.string(), fc.constant(null)),
          type: fc.constantFrom(
            'user.utterance',
            'robot.action',
            'robot.memory',
            'session.end',
            'session.start',
            'x',
          ),
          text: fc.oneof(fc.string(), fc.integer()),
          facts: fc.oneof(fc.constant(null), fc.array(fc.record({ text: fc.string() }))),
        })
        .map((r) => JSON.stringify(r)),
    );

  it('random lines: a clear error naming file:line, a skip, or a session — never a crash', () => {
    fc.assert(
      fc.property(fc.array(lineArb(), { maxLength: 12 }), fc.boolean(), (lines, newline) => {
        outcome(lines.join('\n') + (newline ? '\n' : ''));
      }),
      { numRuns: 1500 },
    );
  });

  it('a valid recording with garbage spliced in is an error or loses at most the tail', () => {
    fc.assert(
      fc.property(fc.nat(), lineArb(), fc.boolean(), (at, garbage, asTail) => {
        const lines = [...valid];
        if (asTail) {
          // A write cut short: text after the last newline is skipped with a warning.
          const warnings: string[] = [];
          const text = `${lines.join('\n')}\n${garbage.replace(/\n/g, '')}`;
          expect(outcome(text, warnings)).toBe('ok');
          expect(warnings.some((w) => w.includes('partial last line'))).toBe(
            garbage.replace(/\n/g, '') !== '',
          );
        } else {
          lines.splice(at % (lines.length + 1), 0, garbage);
          outcome(`${lines.join('\n')}\n`);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
