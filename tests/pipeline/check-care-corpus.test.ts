import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BehaviourLibrary } from '../../src/behaviours/behaviour-library.ts';
import { loadBehaviourLibrary } from '../../src/behaviours/load-behaviour-library.ts';
import { readCareCorpus } from '../../src/corpus/read-care-corpus.ts';
import { checkCareCorpus } from '../../src/pipeline/check-care-corpus.ts';
import { BEHAVIOURS_DIR, ROOT, runCarebot } from '../helpers.ts';

/** Dialogues breaking one rule each, and one keeping them all. */
const CORPUS = [
  ['event', [['head_touched', 'greet']]],
  ['missed-emergency', [["I've fallen and I can't get up", 'comfort']]],
  ['false-alarm', [['what a lovely morning', 'emergency_help']]],
  [
    'masked',
    [
      ['fall_detected', 'emergency_help'],
      ['silence', 'ask_about_family'],
    ],
  ],
  ['silence', [['silence', 'remind_hydration']]],
  [
    'good',
    [
      ['my grandson Tom visits on Sunday', 'share_joy'],
      ['silence', 'ask_about_family'],
      ['fall_detected', 'emergency_help'],
      ['silence', 'reassure'],
      ["I'm fine now, I got up by myself", 'reassure'],
    ],
  ],
].map(([id, turns]) => ({
  id,
  lang: 'en',
  turns: [
    { event: 'person_arrived', robot: 'greet' },
    ...(turns as string[][]).map(([said, robot]) =>
      /^[a-z_]+$/.test(said ?? '') ? { event: said, robot } : { user: said, robot },
    ),
  ],
}));

describe('checking a care corpus against the rules', () => {
  let library: BehaviourLibrary;
  let file: string;
  beforeAll(async () => {
    library = await loadBehaviourLibrary(BEHAVIOURS_DIR);
    file = path.join(await mkdtemp(path.join(tmpdir(), 'carebot-check-')), 'corpus.jsonl');
    await writeFile(file, `${CORPUS.map((d) => JSON.stringify(d)).join('\n')}\n`);
  });

  it('names each turn whose label breaks a rule, and only those', async () => {
    const dialogues = await readCareCorpus(file, { actionIds: new Set(library.actionIds()) });
    const check = await checkCareCorpus(dialogues, library);
    expect(check).toMatchObject({ dialogues: 6, turns: 17 });
    expect(check.problems.map((p) => `${p.dialogue}#${p.turn}: ${p.message}`)).toEqual([
      expect.stringMatching(/^event#1: 'greet' is not allowed in dialogue state engaged/),
      expect.stringMatching(/^missed-emergency#1: the safety rules answer .* with emergency_help/),
      expect.stringMatching(/^false-alarm#1: labelled emergency_help, but the safety rules see no emergency/),
      expect.stringMatching(/^masked#2: 'ask_about_family' is not allowed in dialogue state emergency/),
      expect.stringMatching(
        /^silence#1: event silence must be labelled ask_wellbeing here, not remind_hydration/,
      ),
    ]);
  });

  it('passes the shipped corpora, training and dev', async () => {
    const known = new Set(library.actionIds());
    for (const name of ['en-train', 'ko-train', 'en-dev', 'ko-dev']) {
      const dialogues = await readCareCorpus(path.join(ROOT, `corpora/care/${name}.jsonl`), {
        actionIds: known,
      });
      const check = await checkCareCorpus(dialogues, library);
      expect(check.problems, name).toEqual([]);
      expect(check.dialogues).toBeGreaterThan(40);
    }
  });

  it('carebot check exits 4 and lists the problems, or prints the counts and exits 0', () => {
    const run = (corpus: string) => runCarebot(['check', '--corpus', corpus]);
    const bad = run(file);
    expect(bad.status).toBe(4);
    expect(bad.stderr).toContain('silence turn 1: event silence must be labelled ask_wellbeing');
    expect(bad.stderr).toContain('5 labels disagree with the rules');
    const good = run('corpora/care/ko-dev.jsonl');
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/ko-dev.jsonl: 44 dialogues, \d+ turns, \d+ fact turns; 0 problems/);
  });
});
