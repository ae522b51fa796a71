import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CARE_EVENTS } from '../core/care-event.ts';
import type { CareDialogue, CareTurn } from './care-dialogue.ts';
import { CorpusError } from './corpus-error.ts';

const turnSchema = z
  .object({
    user: z.string().optional(),
    event: z.enum(CARE_EVENTS).optional(),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    robot: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be an action id'),
    robot_text: z.string().optional(),
    gesture: z.string().optional(),
  })
  .strict()
  .refine((t) => (t.user === undefined) !== (t.event === undefined), 'needs exactly one of "user" or "event"')
  .refine((t) => t.data === undefined || t.event !== undefined, '"data" goes with "event" only');

const dialogueSchema = z
  .object({
    id: z.string().min(1),
    lang: z.enum(['en', 'ko']),
    profile: z.record(z.string(), z.string()).optional(),
    session: z.string().min(1).optional(),
    turns: z.array(turnSchema).min(1, 'needs at least one turn'),
  })
  .strict();

/** Options for reading a care corpus. */
export interface ReadCareOptions {
  /** Action ids a turn may name (the behaviour library's); unknown ids are an error. */
  actionIds?: ReadonlySet<string>;
}

/**
 * Reads a care corpus (.jsonl): one dialogue a line. Any malformed line is an error naming the
 * file, the line and the problem; nothing is returned from a file that has one. Reads
 * `facts.jsonl` beside it and `<name>.facts.jsonl`, if present, for the fact labels.
 */
export async function readCareCorpus(file: string, options: ReadCareOptions = {}): Promise<CareDialogue[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CorpusError(file, 0, 'cannot read the corpus file');
  }
  const facts = await readFacts(path.join(path.dirname(file), 'facts.jsonl'));
  for (const [key, fact] of await readFacts(file.replace(/\.jsonl$/, '.facts.jsonl'))) facts.set(key, fact);
  const dialogues: CareDialogue[] = [];
  const ids = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new CorpusError(file, line, `not valid JSON (${(error as Error).message})`);
    }
    const parsed = dialogueSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      throw new CorpusError(file, line, `${where}${issue?.message ?? 'invalid dialogue'}`);
    }
    const d = parsed.data;
    if (ids.has(d.id)) throw new CorpusError(file, line, `duplicate dialogue id '${d.id}'`);
    ids.add(d.id);
    const turns: CareTurn[] = d.turns.map((t, i) => {
      if (options.actionIds && !options.actionIds.has(t.robot)) {
        throw new CorpusError(file, line, `turns.${i}.robot: unknown action id '${t.robot}'`);
      }
      const turn: CareTurn = {
        input:
          t.user !== undefined
            ? { type: 'user.utterance', text: t.user, lang: d.lang }
            : { type: 'robot.event', event: t.event ?? 'silence', ...(t.data ? { data: t.data } : {}) },
        robot: t.robot,
      };
      if (t.robot_text !== undefined) turn.robotText = t.robot_text;
      if (t.gesture !== undefined) turn.gesture = t.gesture;
      const fact = facts.get(`${d.id}#${i}`);
      if (fact) turn.fact = fact;
      return turn;
    });
    dialogues.push({
      id: d.id,
      lang: d.lang,
      profile: d.profile ?? {},
      ...(d.session ? { session: d.session } : {}),
      turns,
      source: { file, line },
    });
  });
  return dialogues;
}

async function readFacts(file: string): Promise<Map<string, { memory?: string }>> {
  const facts = new Map<string, { memory?: string }>();
  if (!existsSync(file)) return facts;
  const text = await readFile(file, 'utf8').catch(() => {
    throw new CorpusError(file, 0, 'cannot read the fact labels');
  });
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    let entry: { dialogue?: unknown; turn?: unknown; memory?: unknown } | null;
    try {
      entry = JSON.parse(raw);
    } catch {
      throw new CorpusError(file, index + 1, 'not valid JSON');
    }
    // `null`, a number or a string is valid JSON too, and has no fields to read.
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new CorpusError(file, index + 1, 'a fact label must be a JSON object');
    if (typeof entry.dialogue !== 'string' || typeof entry.turn !== 'number') {
      throw new CorpusError(file, index + 1, 'needs "dialogue" (string) and "turn" (number)');
    }
    facts.set(
      `${entry.dialogue}#${entry.turn}`,
      typeof entry.memory === 'string' ? { memory: entry.memory } : {},
    );
  });
  return facts;
}
