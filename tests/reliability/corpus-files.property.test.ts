/**
 * Corpus lines (care .jsonl, fact labels, bAbI dialogues and knowledge bases) as they come from
 * disk, broken every way fast-check finds: each read returns dialogues or a CorpusError naming
 * `file:line`, and leaves the folder as it was.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { REQUIRED_ACTIONS } from '../../src/core/care-action.ts';
import { readBabi, readBabiKb } from '../../src/corpus/read-babi.ts';
import { readCareCorpus } from '../../src/corpus/read-care-corpus.ts';
import { ROOT } from '../helpers.ts';
import { hostileText, loadsOrExplains, mutated, snapshot } from './hostile-input.ts';

const BABI = [
  '1 hi\thello what can i help you with today',
  '2 <SILENCE>\tapi_call italian paris six cheap',
  '3 resto_a R_rating 4',
  '4 api_call no result',
  '5 <SILENCE>\twhat do you think of this option: resto_a',
  '',
  '1 bye\tyou are welcome',
].join('\n');
const KB = '1 resto_a R_cuisine italian\n1 resto_a R_rating 4\n1 resto_b R_phone resto_b_phone\n';

let dir: string;
let careLines: string[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'carebot-corpus-prop-'));
  const dev = await readFile(path.join(ROOT, 'corpora', 'care', 'en-dev.jsonl'), 'utf8');
  careLines = dev.split('\n').filter(Boolean).slice(0, 3);
});

/** A JSON value shaped like a care dialogue, with any field possibly wrong. */
const dialogueLike = fc.record(
  {
    id: fc.oneof(fc.string({ maxLength: 8 }), fc.anything()),
    lang: fc.oneof(fc.constantFrom('en', 'ko', 'fr'), fc.anything()),
    profile: fc.oneof(fc.dictionary(fc.string(), fc.string()), fc.anything()),
    session: fc.oneof(fc.string(), fc.anything()),
    turns: fc.oneof(
      fc.array(
        fc.record(
          {
            user: fc.oneof(hostileText(60), fc.anything()),
            event: fc.oneof(fc.constantFrom('fall_detected', 'silence', 'party'), fc.anything()),
            data: fc.oneof(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.double())), fc.anything()),
            robot: fc.oneof(fc.constantFrom(...REQUIRED_ACTIONS, 'dance', 'Greet'), fc.anything()),
            robot_text: fc.oneof(hostileText(40), fc.anything()),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 4 },
      ),
      fc.anything(),
    ),
  },
  { requiredKeys: [] },
);

/** One line of a corpus file: real, mutated, JSON of a near-dialogue, or anything at all. */
const careLine = () =>
  fc.oneof(
    fc.constantFrom(...careLines),
    fc.constantFrom(...careLines).chain(mutated),
    dialogueLike.map((d) => JSON.stringify(d) ?? 'null'),
    fc.anything().map((v) => JSON.stringify(v) ?? 'undefined'),
    hostileText(120),
  );

describe('corpus files on arbitrary input (fast-check)', () => {
  it('a care corpus: dialogues, or a CorpusError naming file:line; the folder is untouched', async () => {
    const file = path.join(dir, 'care.jsonl');
    const actionIds = new Set<string>(REQUIRED_ACTIONS);
    await fc.assert(
      fc.asyncProperty(fc.array(careLine(), { minLength: 1, maxLength: 5 }), async (lines) => {
        await writeFile(file, lines.join('\n'));
        const before = await snapshot(dir);
        await loadsOrExplains(() => readCareCorpus(file, { actionIds }), 'CORPUS_INVALID', file);
        const error = await readCareCorpus(file).catch((e: unknown) => e);
        if (error instanceof Error) expect(error.message).toMatch(/:\d+: \S/);
        expect(await snapshot(dir)).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });

  it('fact labels beside a corpus: any line is read or named (was: `null` crashed with a TypeError)', async () => {
    const sub = await mkdtemp(path.join(dir, 'facts-'));
    const corpus = path.join(sub, 'c.jsonl');
    await writeFile(corpus, `${careLines[0]}\n`);
    const facts = path.join(sub, 'facts.jsonl');
    const label = fc.oneof(
      fc.record({ dialogue: fc.string(), turn: fc.integer(), memory: fc.string() }, { requiredKeys: [] }),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            label.map((v) => JSON.stringify(v) ?? 'null'),
            hostileText(40),
          ),
          { maxLength: 4 },
        ),
        async (lines) => {
          await writeFile(facts, lines.join('\n'));
          await loadsOrExplains(() => readCareCorpus(corpus), 'CORPUS_INVALID', facts);
        },
      ),
      { numRuns: 150 },
    );
    for (const line of ['null', '42', '"x"', '[]', 'true']) {
      await writeFile(facts, `${line}\n`);
      await expect(readCareCorpus(corpus)).rejects.toThrow(`${facts}:1: a fact label must be a JSON object`);
    }
  });

  it('bAbI dialogues and knowledge bases: dialogues, or a CorpusError naming file:line', async () => {
    const file = path.join(dir, 'dialog-babi-task1-trn.txt');
    const kb = path.join(dir, 'dialog-babi-kb-all.txt');
    await fc.assert(
      fc.asyncProperty(mutated(BABI), mutated(KB), async (dialogues, facts) => {
        await writeFile(file, dialogues);
        await writeFile(kb, facts);
        await loadsOrExplains(() => readBabi(file), 'CORPUS_INVALID', file);
        await loadsOrExplains(() => readBabiKb(kb), 'CORPUS_INVALID', kb);
      }),
      { numRuns: 200 },
    );
  });

  it('reads hostile text inside valid lines as ordinary text', async () => {
    const file = path.join(dir, 'text.jsonl');
    await fc.assert(
      fc.asyncProperty(hostileText(300), async (text) => {
        const line = { id: 'x', lang: 'ko', turns: [{ user: text, robot: 'acknowledge' }] };
        await writeFile(file, `${JSON.stringify(line)}\n`);
        const [dialogue] = await readCareCorpus(file);
        expect(dialogue?.turns[0]?.input).toEqual({ type: 'user.utterance', text, lang: 'ko' });
      }),
      { numRuns: 100 },
    );
  });
});
