import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBehaviourLibrary } from '../../src/behaviours/load-behaviour-library.ts';
import { readCareCorpus } from '../../src/corpus/read-care-corpus.ts';
import { createLogger } from '../../src/log/logger.ts';
import { careDialoguesFromRecords } from '../../src/pipeline/care-dialogues-from-records.ts';
import { exportRecordings } from '../../src/recording/export-recordings.ts';
import { NameRedactor } from '../../src/recording/name-redactor.ts';
import { readRecordings } from '../../src/recording/read-recording.ts';
import { Recorder } from '../../src/recording/recorder.ts';
import type { RecordedSession } from '../../src/recording/recording-format.ts';
import { BEHAVIOURS_DIR, ROOT } from '../helpers.ts';
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

const quiet = createLogger('t', () => {});

/** Records two sessions of Rose (en, with corrections and a fact) and one of Mrs Kim (ko). */
async function recordSessions(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'carebot-export-'));
  const recorder = new Recorder({ dir, now: steppingClock('2026-11-24T10:00:00.000Z'), log: quiet });
  const slots = { user_name: 'Rose', medication: 'heart pills', contact: 'your son Jim' };
  const a = recorder.open(sessionInfo('console', 'u-rose', slots));
  a.append(memory('u-rose', []));
  a.append(careEvent('person_arrived', { name: 'Rose' }));
  a.append(stateChange('engaged.deciding'));
  a.append(robotAction('greet', 0, { text: 'Hello Rose!' }));
  a.append(utterance('my grandson Tom is visiting on Sunday'));
  a.append({ type: 'robot.backchannel', lang: 'en', text: 'mm-hm', gesture: robotAction('nod', 0).gesture });
  a.append(robotAction('acknowledge', 1));
  a.append(
    memory('u-rose', [
      { text: 'your grandson Tom is visiting on Sunday', saidAt: '2026-11-24T10:00:05.000Z' },
    ]),
  );
  a.append(correction(1, 'share_joy', 'How lovely that Tom is coming, Rose!'));
  a.append(utterance('I fell and I can not get up'));
  a.append(robotAction('emergency_help', 2, { state: 'emergency' }));
  a.append({ type: 'carer.ack', by: 'nurse station' });
  a.append(robotAction('reassure', 3, { state: 'emergency' }));
  a.append(utterance('is Tom here yet?'));
  a.append(robotAction('clarify', 4));
  a.append(correction(4, 'recall_memory'));
  a.append(correction(99, 'greet'));
  a.close('person left');
  const b = recorder.open(sessionInfo('console', 'u-rose', slots));
  b.append(utterance('thank you'));
  b.append(robotAction('respond_thanks', 0));
  b.append(utterance('unanswered, the robot was killed'));
  const ko = recorder.open(
    sessionInfo('tab-7', 'u-kim', { user_name: '김영자 어르신', contact: '따님 민지 씨' }),
  );
  ko.append(utterance('우리 민지가 토요일에 온대요. 손주 도윤이가 벌써 일곱 살이야'));
  ko.append(robotAction('share_joy', 0, { lang: 'ko' }));
  ko.append(
    memory('u-kim', [
      { text: '"손주 도윤이가 벌써 일곱 살이야"라고', lang: 'ko', saidAt: '2026-11-24T11:00:00.000Z' },
    ]),
  );
  ko.append(utterance('김영자 할머니는 괜찮아'));
  ko.append(robotAction('acknowledge', 1, { lang: 'ko' }));
  ko.close('tab closed');
  return dir;
}

describe('exportRecordings', () => {
  it('one dialogue per session: inputs with the action taken, or the operator correction as the label', async () => {
    const dir = await recordSessions();
    const result = await exportRecordings(readRecordings(dir, { log: quiet }), { log: quiet });
    expect(result).toMatchObject({ sessions: 3, turns: 7, corrected: 2 });
    const [rose1, rose2, kim] = result.dialogues;
    expect(rose1).toEqual({
      id: '2026-11-24T10-00-00.000Z_console',
      lang: 'en',
      profile: { user_name: 'Rose', medication: 'heart pills', contact: 'your son Jim' },
      session: 'u-rose',
      turns: [
        { event: 'person_arrived', data: { name: 'Rose' }, robot: 'greet' },
        {
          user: 'my grandson Tom is visiting on Sunday',
          robot: 'share_joy',
          robot_text: 'How lovely that Tom is coming, Rose!',
        },
        { user: 'I fell and I can not get up', robot: 'emergency_help' },
        { user: 'is Tom here yet?', robot: 'recall_memory' },
      ],
    });
    expect(rose2?.turns).toEqual([{ user: 'thank you', robot: 'respond_thanks' }]);
    expect(kim).toMatchObject({ lang: 'ko', session: 'u-kim' });
    expect(result.facts).toEqual([
      { dialogue: rose1?.id, turn: 1, memory: 'your grandson Tom is visiting on Sunday' },
      { dialogue: kim?.id, turn: 0, memory: '"손주 도윤이가 벌써 일곱 살이야"라고' },
    ]);
  });

  it('pairs each action with the input it answers when the runtime links them: queued events, interrupts, timers', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'carebot-export-'));
    const rec = new Recorder({ dir, now: steppingClock(), log: quiet }).open(sessionInfo('s'));
    const asked = utterance('tell me about the weather');
    const due = careEvent('medication_due', { medication: 'heart pills' });
    rec.append(asked);
    rec.append(due); // waits its turn while the robot decides on `asked`
    rec.append(robotAction('acknowledge', 0), { answers: asked });
    rec.append(robotAction('remind_medication', 1), { answers: due });
    rec.append(utterance('what'));
    const interrupting = utterance('what time is it?');
    rec.append(interrupting); // the decision on 'what' is dropped
    rec.append(robotAction('tell_time', 2), { answers: interrupting });
    const silence = careEvent('silence', { seconds: 30 }); // the machine's own timer: never appended before
    const seq = rec.append(robotAction('ask_about_family', 3, { state: 'initiative' }), { answers: silence });
    rec.close('done');
    const lines = readFileSync(rec.file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.at(-2)).toMatchObject({ seq, type: 'robot.action', answers: seq - 1 });
    expect(lines.at(-3)).toMatchObject({ seq: seq - 1, type: 'robot.event', event: 'silence' });
    const { dialogues } = await exportRecordings(readRecordings(dir, { log: quiet }), { log: quiet });
    expect(dialogues[0]?.turns).toEqual([
      { user: 'tell me about the weather', robot: 'acknowledge' },
      { event: 'medication_due', data: { medication: 'heart pills' }, robot: 'remind_medication' },
      { user: 'what time is it?', robot: 'tell_time' },
      { event: 'silence', data: { seconds: 30 }, robot: 'ask_about_family' },
    ]);
  });

  it('carebot export writes an owner-only corpus the corpus reader reads, the same as the in-memory export', async () => {
    const dir = await recordSessions();
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'carebot-export-out-')), 'recorded.jsonl');
    const run = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'bin/carebot.mjs'),
        'export',
        '--recordings',
        dir,
        '--out',
        out,
        '--log-level',
        'warn',
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'exported 3 dialogues (7 turns, 2 corrected by an operator, 2 facts) from 3 sessions',
    );
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const library = await loadBehaviourLibrary(BEHAVIOURS_DIR);
    const known = new Set(library.actionIds());
    const fromFile = await readCareCorpus(out, { actionIds: known });
    expect(fromFile).toHaveLength(3);
    expect(fromFile[0]?.turns[1]).toMatchObject({
      robot: 'share_joy',
      fact: { memory: expect.stringContaining('Tom') },
    });
    const exported = await exportRecordings(readRecordings(dir, { log: quiet }), { log: quiet });
    const inMemory = careDialoguesFromRecords(exported.dialogues, {
      source: out,
      facts: exported.facts,
      actionIds: known,
    });
    expect(inMemory).toEqual(fromFile);
  });

  it('--redact replaces the names memory knows with [NAME], in English and Korean, and pseudonymises the user', async () => {
    const dir = await recordSessions();
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'carebot-export-out-')), 'redacted.jsonl');
    const run = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin/carebot.mjs'), 'export', '--recordings', dir, '--out', out, '--redact'],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    const text = readFileSync(out, 'utf8') + readFileSync(out.replace(/\.jsonl$/, '.facts.jsonl'), 'utf8');
    for (const name of ['Rose', 'Tom', 'Jim', '김영자', '영자', '민지', '도윤'])
      expect(text).not.toContain(name);
    expect(text).not.toContain('u-rose');
    const [rose1, , kim] = text.split('\n').map((l) => (l ? JSON.parse(l) : undefined));
    expect(rose1.profile).toEqual({
      user_name: '[NAME]',
      medication: 'heart pills',
      contact: 'your son [NAME]',
    });
    expect(rose1.session).toMatch(/^user-[0-9a-f]{12}$/);
    expect(rose1.turns[0]).toEqual({ event: 'person_arrived', data: { name: '[NAME]' }, robot: 'greet' });
    expect(rose1.turns[1].user).toBe('my grandson [NAME] is visiting on Sunday');
    expect(kim.turns[0].user).toBe('우리 [NAME]가 토요일에 온대요. 손주 [NAME]이가 벌써 일곱 살이야');
    expect(kim.turns[1].user).toBe('[NAME] 할머니는 괜찮아');
    expect(kim.profile.contact).toBe('따님 [NAME] 씨');
  });

  it('takes names from facts: capitals past a sentence start, or before a name-like verb; Korean by particle', () => {
    const facts = [
      'Tom is coming on Sunday with your daughter Karen',
      'Definitely going to the Corinthians match. Stretching helps, says Dr Patel and Everybody else',
      "you couldn't make it to Brighton in May",
    ].map((text) => ({ text, lang: 'en' as const, kind: 'other' as const, saidAt: 'x', recalled: false }));
    const ko = {
      text: '"우리 손주 도윤이가 학교에 가고 허리가 아파"라고',
      lang: 'ko' as const,
      kind: 'other' as const,
      saidAt: 'x',
      recalled: false,
    };
    const header = { userSlots: { user_name: 'Mrs. Park', contact: 'your son Jim' } };
    const session = {
      header,
      events: [{ type: 'robot.memory', userId: 'u', facts: [...facts, ko], t: 'x', seq: 1 }],
    };
    const redactor = NameRedactor.fromSessions([session as unknown as RecordedSession]);
    // "May" is a month and a name: privacy first, it counts as a name.
    expect([...redactor.names].sort()).toEqual([
      'Brighton',
      'Corinthians',
      'Jim',
      'Karen',
      'May',
      'Mrs. Park',
      'Park',
      'Patel',
      'Tom',
      '도윤',
    ]);
  });

  it('finds names, not ordinary words', () => {
    const redactor = new NameRedactor(['Tom', 'May', '민지']);
    expect(redactor.redact('Tom and Tomas met in May; may I? 민지가 왔어')).toBe(
      '[NAME] and Tomas met in [NAME]; may I? [NAME]가 왔어',
    );
  });
});
