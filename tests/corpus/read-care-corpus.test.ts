import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorpusError } from '../../src/corpus/corpus-error.ts';
import { readCareCorpus } from '../../src/corpus/read-care-corpus.ts';
import { writeTinyCorpus } from '../fixtures.ts';

describe('readCareCorpus', () => {
  it('reads dialogues, turns, sessions and fact labels', async () => {
    const dialogues = await readCareCorpus(await writeTinyCorpus());
    expect(dialogues.map((d) => d.id)).toEqual(['t1', 't2', 't3']);
    expect(dialogues[0]?.session).toBe('u-rose');
    expect(dialogues[0]?.turns[2]?.fact?.memory).toContain('Tom');
    expect(dialogues[0]?.turns[3]?.input).toEqual({
      type: 'robot.event',
      event: 'silence',
      data: { seconds: 30 },
    });
    expect(dialogues[2]?.turns[1]?.input).toEqual({ type: 'user.utterance', text: '몇 시예요?', lang: 'ko' });
  });

  it.each([
    ['{"id": "x", "lang": "en", "turns": [', /:2: not valid JSON/],
    ['{"id": "x", "lang": "fr", "turns": [{"user": "hi", "robot": "greet"}]}', /:2: lang: /],
    [
      '{"id": "x", "lang": "en", "turns": [{"user": "hi", "event": "silence", "robot": "greet"}]}',
      /:2: turns\.0: needs exactly one of "user" or "event"/,
    ],
    [
      '{"id": "x", "lang": "en", "turns": [{"event": "earthquake", "robot": "greet"}]}',
      /:2: turns\.0\.event: /,
    ],
    ['{"id": "x", "lang": "en", "turns": []}', /:2: turns: needs at least one turn/],
    [
      '{"id": "t1", "lang": "en", "turns": [{"user": "hi", "robot": "greet"}]}',
      /:2: duplicate dialogue id 't1'/,
    ],
    [
      '{"id": "x", "lang": "en", "turns": [{"user": "hi", "robot": "dance"}]}',
      /:2: turns\.0\.robot: unknown action id 'dance'/,
    ],
  ])('names the file and line of a malformed dialogue: %s', async (line, message) => {
    const file = path.join(path.dirname(await writeTinyCorpus()), 'bad.jsonl');
    await writeFile(
      file,
      `${JSON.stringify({ id: 't1', lang: 'en', turns: [{ user: 'hi', robot: 'greet' }] })}\n${line}\n`,
    );
    const error = await readCareCorpus(file, { actionIds: new Set(['greet']) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message.startsWith(file)).toBe(true);
  });
});
