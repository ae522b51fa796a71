import { readFile } from 'node:fs/promises';
import { CorpusError } from './corpus-error.ts';

/** A knowledge-base result line inside a bAbI dialogue: `resto_x R_cuisine italian`. */
export interface KbFact {
  entity: string;
  attribute: string;
  value: string;
}

/** One bAbI turn: the user's words (`<SILENCE>` for none), the bot's response, and the KB results shown just before. */
export interface BabiTurn {
  user: string;
  bot: string;
  results: KbFact[];
  /** `api_call no result` was shown just before this turn. */
  noResult: boolean;
}

export interface BabiDialogue {
  id: string;
  turns: BabiTurn[];
  source: { file: string; line: number };
}

/**
 * Reads a bAbI dialog task file (Bordes et al. 2017): `N user<TAB>bot`, numbering restarting at 1
 * for each dialogue, blank lines between dialogues, KB result lines (no tab) as context. A
 * malformed line is an error naming the file and the line.
 */
export async function readBabi(file: string): Promise<BabiDialogue[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CorpusError(file, 0, 'cannot read the bAbI file');
  }
  const dialogues: BabiDialogue[] = [];
  let current: BabiDialogue | undefined;
  let pending: KbFact[] = [];
  let noResult = false;
  let expected = 1;
  const name =
    file
      .split('/')
      .at(-1)
      ?.replace(/\.txt$/, '') ?? 'babi';
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.replace(/\r$/, '');
    if (trimmed.trim() === '') {
      current = undefined;
      expected = 1;
      return;
    }
    const match = /^(\d+) (.*)$/.exec(trimmed);
    if (!match)
      throw new CorpusError(file, line, 'expected "N user<TAB>bot" or "N entity R_attribute value"');
    const number = Number(match[1]);
    if (number === 1 && current) current = undefined;
    if (!current) {
      if (number !== 1) throw new CorpusError(file, line, `a dialogue must start at 1, found ${number}`);
      current = { id: `${name}#${dialogues.length + 1}`, turns: [], source: { file, line } };
      dialogues.push(current);
      pending = [];
      noResult = false;
      expected = 1;
    }
    if (number !== expected)
      throw new CorpusError(file, line, `line number ${number} out of order (expected ${expected})`);
    expected += 1;
    const body = match[2] ?? '';
    const tab = body.indexOf('\t');
    if (tab < 0) {
      if (body.trim() === 'api_call no result') {
        noResult = true;
        return;
      }
      const parts = body.trim().split(/\s+/);
      if (parts.length !== 3 || !parts[1]?.startsWith('R_')) {
        throw new CorpusError(file, line, `a KB result line needs "entity R_attribute value", got "${body}"`);
      }
      pending.push({ entity: parts[0] ?? '', attribute: parts[1] ?? '', value: parts[2] ?? '' });
      return;
    }
    const user = body.slice(0, tab).trim();
    const bot = body.slice(tab + 1).trim();
    if (bot === '') throw new CorpusError(file, line, 'the bot utterance after the tab is empty');
    current.turns.push({ user, bot, results: pending, noResult });
    pending = [];
    noResult = false;
  });
  return dialogues.filter((d) => d.turns.length > 0);
}

/** Reads a KB file (`1 name R_attribute value` lines, as dialog-babi-kb-all.txt). */
export async function readBabiKb(file: string): Promise<KbFact[]> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new CorpusError(file, 0, 'cannot read the knowledge-base file');
  });
  const facts: KbFact[] = [];
  text.split('\n').forEach((raw, index) => {
    const parts = raw.trim().split(/\s+/);
    if (parts.length === 1 && parts[0] === '') return;
    if (parts.length < 4 || !parts[2]?.startsWith('R_'))
      throw new CorpusError(file, index + 1, 'expected "N entity R_attribute value"');
    facts.push({ entity: parts[1] ?? '', attribute: parts[2] ?? '', value: parts.slice(3).join('_') });
  });
  return facts;
}
