import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BabiTracker } from '../../src/babi/babi-tracker.ts';
import { CorpusError } from '../../src/corpus/corpus-error.ts';
import { readBabi } from '../../src/corpus/read-babi.ts';
import { babiDomain, defaultKbFile } from '../../src/pipeline/babi-data.ts';

const DATA = path.resolve(import.meta.dirname, '../../../shared/data/dialog-babi');

async function file(text: string): Promise<string> {
  const f = path.join(await mkdtemp(path.join(tmpdir(), 'carebot-babi-')), 'dialog-babi-task5-x-trn.txt');
  await writeFile(f, text);
  return f;
}

describe('bAbI dialog tasks', () => {
  it('reads turns, KB result lines and dialogue boundaries', async () => {
    const f = await file(
      '1 hi\thello what can i help you with today\n2 <SILENCE>\tapi_call italian paris six cheap\n3 resto_a R_rating 4\n4 resto_b R_rating 7\n5 <SILENCE>\twhat do you think of this option: resto_b\n\n1 bye\tyou are welcome\n',
    );
    const dialogues = await readBabi(f);
    expect(dialogues).toHaveLength(2);
    expect(dialogues[0]?.turns.map((t) => t.bot)).toEqual([
      'hello what can i help you with today',
      'api_call italian paris six cheap',
      'what do you think of this option: resto_b',
    ]);
    expect(dialogues[0]?.turns[2]?.results).toEqual([
      { entity: 'resto_a', attribute: 'R_rating', value: '4' },
      { entity: 'resto_b', attribute: 'R_rating', value: '7' },
    ]);
  });

  it.each([
    ['hello\tthere\n', /:1: expected "N user<TAB>bot"/],
    ['2 hi\thello\n', /:1: a dialogue must start at 1/],
    ['1 hi\thello\n3 x\ty\n', /:2: line number 3 out of order/],
    ['1 hi\thello\n2 resto_a rating\n', /:2: a KB result line needs/],
    ['1 hi\t\n', /:1: the bot utterance after the tab is empty/],
  ])('names the file and line of a malformed line: %j', async (text, message) => {
    const f = await file(text);
    const error = await readBabi(f).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as Error).message).toMatch(message);
  });

  it.each([
    ['dialog-babi-task4-phone-address-dev.txt', 1],
    ['dialog-babi-task5-full-dialogs-dev.txt', 1],
    ['dialog-babi-task6-dstc2-dev.txt', 0.6],
  ])(
    'fills the expected template back into the exact response (%s: at least %d of turns)',
    async (name, share) => {
      const dialogues = (await readBabi(path.join(DATA, name))).slice(0, 100);
      const { kb, delex } = await babiDomain(defaultKbFile(path.join(DATA, name)), dialogues);
      let right = 0;
      let total = 0;
      for (const d of dialogues) {
        const tracker = new BabiTracker(kb);
        for (const turn of d.turns) {
          tracker.observe(turn);
          const template = delex.delexicalize(turn.bot, tracker.results);
          right += Number(tracker.lexicalize(template) === turn.bot);
          total += 1;
          tracker.commit(turn.bot);
        }
      }
      expect(right / total).toBeGreaterThanOrEqual(share);
    },
  );

  it('delexicalises names, slot values and DSTC2 spaced names, and keeps "ask" a word in the welcome', async () => {
    const t5 = path.join(DATA, 'dialog-babi-task5-full-dialogs-dev.txt');
    const { delex } = await babiDomain(defaultKbFile(t5), []);
    expect(delex.delexicalize('api_call italian paris six cheap')).toBe(
      'api_call <cuisine> <location> <number> <price>',
    );
    expect(delex.delexicalize('here it is resto_paris_cheap_italian_1stars_phone')).toBe(
      'here it is <phone>',
    );
    const t6 = path.join(DATA, 'dialog-babi-task6-dstc2-dev.txt');
    const { delex: dstc2 } = await babiDomain(defaultKbFile(t6), await readBabi(t6));
    expect(dstc2.delexicalize('You can ask for restaurants by area , price range or food type .')).toContain(
      'You can ask for',
    );
    expect(
      dstc2.delexicalize(
        'the cow pizza kitchen and bar is a nice restaurant in the centre of town serving gastropub food',
      ),
    ).toBe('<name> is a nice restaurant in the <location> of town serving <cuisine> food');
  });
});
