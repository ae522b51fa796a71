import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.ts';
import { parseRecording, readRecording, readRecordings } from '../../src/recording/read-recording.ts';
import { Recorder } from '../../src/recording/recorder.ts';
import {
  careEvent,
  correction,
  memory,
  robotAction,
  sessionInfo,
  stateChange,
  steppingClock,
  utterance,
} from './session-events.ts';

const tempDir = () => mkdtemp(path.join(tmpdir(), 'carebot-rec-'));

/** A logger whose lines the test can read. */
function captureLog() {
  const lines: string[] = [];
  return { lines, log: createLogger('test', (line) => lines.push(line)) };
}

/** Records a short session with every kind of event; returns the file. */
function recordSample(dir: string, sessionId = 'console'): string {
  const { log } = captureLog();
  const recorder = new Recorder({ dir, log, now: steppingClock(), carebotVersion: '0.1.0' });
  const rec = recorder.open(sessionInfo(sessionId, 'u-rose', { user_name: 'Rose' }));
  rec.append(careEvent('person_arrived'));
  rec.append(stateChange('engaged.deciding'));
  rec.append(robotAction('greet', 0, { text: 'Hello Rose!' }));
  rec.append(utterance('my grandson Tom is visiting on Sunday'));
  rec.append(robotAction('acknowledge', 1));
  rec.append(memory('u-rose', [{ text: 'your grandson Tom is visiting on Sunday' }]));
  rec.append(correction(1, 'share_joy', 'How lovely, Tom is coming!'));
  rec.append({ type: 'carer.ack', by: 'station 2' });
  rec.close('person left');
  return rec.file;
}

describe('Recorder', () => {
  it('writes one owner-only JSON Lines file per session: header, {t, seq, ...event} lines, session.end', async () => {
    const dir = path.join(await tempDir(), 'recordings');
    const file = recordSample(dir);
    expect(path.dirname(file)).toBe(dir);
    expect(path.basename(file)).toBe('2026-11-24T10-00-00.000Z_console.jsonl');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    const json = lines.slice(0, -1).map((l) => JSON.parse(l));
    expect(json[0]).toEqual({
      t: '2026-11-24T10:00:00.000Z',
      seq: 0,
      type: 'session.start',
      formatVersion: 1,
      sessionId: 'console',
      userId: 'u-rose',
      startedAt: '2026-11-24T10:00:00.000Z',
      modelId: 'lstm:test',
      profile: { name: 'carebot_humanoid', file: 'robot/profiles/carebot_humanoid.yaml' },
      userSlots: { user_name: 'Rose' },
      carebotVersion: '0.1.0',
    });
    expect(Object.keys(json[1]).slice(0, 3)).toEqual(['t', 'seq', 'type']);
    expect(json[1]).toEqual({
      t: '2026-11-24T10:00:01.000Z',
      seq: 1,
      type: 'robot.event',
      event: 'person_arrived',
    });
    expect(json.map((j) => j.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(json.at(-1)).toMatchObject({ type: 'session.end', reason: 'person left', seq: 9 });
    expect(json[3]).toEqual({
      t: expect.any(String),
      seq: 3,
      ...robotAction('greet', 0, { text: 'Hello Rose!' }),
    });
  });

  it('reads back every event exactly as appended', async () => {
    const file = recordSample(await tempDir());
    const session = await readRecording(file);
    expect(session?.header).toMatchObject({ sessionId: 'console', userId: 'u-rose', modelId: 'lstm:test' });
    expect(session?.events.map((e) => e.type)).toEqual([
      'robot.event',
      'robot.state',
      'robot.action',
      'user.utterance',
      'robot.action',
      'robot.memory',
      'operator.correction',
      'carer.ack',
    ]);
    const { t, seq, ...greet } = session?.events[2] ?? {};
    expect(greet).toEqual(robotAction('greet', 0, { text: 'Hello Rose!' }));
    expect(session?.end).toMatchObject({ reason: 'person left' });
    expect(session?.partialLine).toBe(false);
  });

  it('keeps session ids with path characters inside the folder, and never shares a file between sessions', async () => {
    const dir = await tempDir();
    const recorder = new Recorder({
      dir,
      now: () => new Date('2026-11-24T10:00:00Z'),
      log: captureLog().log,
    });
    const evil = recorder.open(sessionInfo('../../etc/passwd'));
    const again = recorder.open(sessionInfo('../../etc/passwd'));
    const slash = recorder.open(sessionInfo('/abs\\win:name\0'));
    for (const r of [evil, again, slash]) {
      expect(path.dirname(r.file)).toBe(dir);
      r.close('done');
    }
    expect(path.basename(evil.file)).toBe('2026-11-24T10-00-00.000Z_______etc_passwd.jsonl');
    expect(again.file).not.toBe(evil.file);
    expect(readdirSync(dir)).toHaveLength(3);
    expect((await readRecording(evil.file))?.header.sessionId).toBe('../../etc/passwd');
  });

  it('refuses to append after close, and close twice is harmless', async () => {
    const recorder = new Recorder({ dir: await tempDir(), log: captureLog().log });
    const rec = recorder.open(sessionInfo('s'));
    rec.close('done');
    rec.close('again');
    expect(rec.closed).toBe(true);
    expect(() => rec.append(utterance('hello'))).toThrow(
      expect.objectContaining({ code: 'RECORDING_FAILED' }),
    );
    const lines = readFileSync(rec.file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
  });

  it('a folder it cannot create is a RECORDING_FAILED error', async () => {
    const file = path.join(await tempDir(), 'a-file');
    writeFileSync(file, '');
    const recorder = new Recorder({ dir: path.join(file, 'sub'), log: captureLog().log });
    expect(() => recorder.open(sessionInfo('s'))).toThrow(
      expect.objectContaining({ code: 'RECORDING_FAILED' }),
    );
  });
});

describe('readRecording', () => {
  it('skips a partial last line with a warning', async () => {
    const file = recordSample(await tempDir());
    appendFileSync(file, '{"t":"2026-11-24T10:00:10.000Z","seq":10,"type":"user.utt');
    const { lines, log } = captureLog();
    const session = await readRecording(file, { log });
    expect(session?.partialLine).toBe(true);
    expect(session?.events).toHaveLength(8);
    expect(lines.join('')).toMatch(/warn: .*:11: partial last line \(\d+ bytes\) skipped/);
  });

  it('a malformed line in the middle is an error naming file:line', async () => {
    const file = recordSample(await tempDir());
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[3] = lines[3]?.replace('"actionId":"greet"', '"actionId":7') ?? '';
    writeFileSync(file, lines.join('\n'));
    await expect(readRecording(file)).rejects.toMatchObject({
      code: 'RECORDING_INVALID',
      message: `${file}:4: actionId: Invalid input: expected string, received number`,
    });
    lines[3] = '{"t": garbage';
    writeFileSync(file, lines.join('\n'));
    await expect(readRecording(file)).rejects.toThrow(new RegExp(`^${file}:4: not valid JSON`));
    lines.splice(3, 1);
    writeFileSync(file, lines.join('\n'));
    await expect(readRecording(file)).rejects.toThrow(`${file}:4: seq 4 does not follow 2`);
  });

  it('an action linked to something not an earlier input is an error', async () => {
    const file = recordSample(await tempDir());
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[3] = lines[3]?.replace('"latencyMs":3.5', '"latencyMs":3.5,"answers":2') ?? '';
    writeFileSync(file, lines.join('\n'));
    await expect(readRecording(file)).rejects.toThrow(
      `${file}:4: answers 2, which is not an earlier input's seq`,
    );
  });

  it('cut at any byte, a recording reads back as a prefix of its events, at most one partial line skipped', async () => {
    const file = recordSample(await tempDir());
    const bytes = readFileSync(file);
    const text = bytes.toString('utf8');
    const all = parseRecording(text, file, captureLog().log);
    const ends = [...text.matchAll(/\n/g)].map((m) => Buffer.byteLength(text.slice(0, (m.index ?? 0) + 1)));
    for (let cut = 0; cut <= bytes.length; cut++) {
      const { lines, log } = captureLog();
      const partial = bytes.subarray(0, cut).toString('utf8');
      const session = parseRecording(partial, file, log);
      const complete = ends.filter((e) => e <= cut).length;
      if (complete === 0) {
        expect(session).toBeUndefined();
      } else {
        expect(session?.events).toEqual(all?.events.slice(0, Math.min(complete - 1, 8)));
      }
      expect(lines.length > 0).toBe(!ends.includes(cut));
    }
  });

  it('readRecordings yields a folder’s sessions in start order and skips a file killed before its header', async () => {
    const dir = await tempDir();
    const recorder = new Recorder({
      dir,
      now: steppingClock('2026-11-24T09:00:00.000Z'),
      log: captureLog().log,
    });
    const first = recorder.open(sessionInfo('b'));
    const second = recorder.open(sessionInfo('a'));
    first.close('done');
    second.close('done');
    writeFileSync(path.join(dir, '2026-11-24T11-00-00.000Z_empty.jsonl'), '{"t":"2026-11-2', { mode: 0o600 });
    writeFileSync(path.join(dir, 'notes.txt'), 'not a recording');
    const { lines, log } = captureLog();
    const ids: string[] = [];
    for await (const s of readRecordings(dir, { log })) ids.push(s.header.sessionId);
    expect(ids).toEqual(['b', 'a']);
    expect(lines.join('')).toMatch(/no complete line .*skipped/);
  });
});
