import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Lang } from '../core/language.ts';
import type { OperatorCorrection } from '../core/operator-input.ts';
import type { RobotInput } from '../core/robot-input.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { NAME_PLACEHOLDER, NameRedactor } from './name-redactor.ts';
import type { RecordedSession } from './recording-format.ts';

/** One turn of the care corpus format (shared/spec/dialogue-corpus.md), as written to the file. */
export interface CorpusTurnRecord {
  user?: string;
  event?: string;
  data?: Record<string, string | number | boolean>;
  robot: string;
  robot_text?: string;
}

/** One dialogue (line) of the care corpus format. */
export interface CorpusDialogueRecord {
  id: string;
  lang: Lang;
  profile?: Record<string, string>;
  session?: string;
  turns: CorpusTurnRecord[];
}

/** Options of an export. */
export interface ExportOptions {
  /** Replace the names known to memory with `[NAME]`. Default: false. */
  redact?: boolean;
  /** Default: a `recording:export` logger. */
  log?: Logger;
}

/** The exported dialogues and what went into them. */
export interface RecordingExport {
  dialogues: CorpusDialogueRecord[];
  sessions: number;
  turns: number;
  /** Turns whose label is an operator's correction. */
  corrected: number;
  /** Names replaced (with `redact`). */
  redactedNames: number;
  /**
   * Utterances the robot stored in long-term memory (a `robot.memory` after the turn grew): the
   * fact labels, in the format of the corpus's `facts.jsonl` (`turn` counts from 0).
   */
  facts: CorpusFactRecord[];
}

/** One line of a corpus facts file: a turn where the user told a personal fact. */
export interface CorpusFactRecord {
  dialogue: string;
  turn: number;
  memory: string;
}

/**
 * Turns recorded sessions into care corpus dialogues, one per session with at least one turn, in
 * start-time order: each input (utterance or event) with the action the robot took, or the
 * operator's correction of it (and its corrected line as `robot_text`). `session` is the user id, so
 * a user's sessions chain into long-term memory; `lang` is the language most of the robot's actions used.
 */
export async function exportRecordings(
  sessions: AsyncIterable<RecordedSession> | Iterable<RecordedSession>,
  options: ExportOptions = {},
): Promise<RecordingExport> {
  const log = options.log ?? createLogger('recording:export');
  const all: RecordedSession[] = [];
  for await (const session of sessions) all.push(session);
  all.sort((a, b) =>
    a.header.startedAt < b.header.startedAt ? -1 : a.header.startedAt > b.header.startedAt ? 1 : 0,
  );
  const redactor = options.redact ? NameRedactor.fromSessions(all) : undefined;
  const ids = new Set<string>();
  const result: RecordingExport = {
    dialogues: [],
    sessions: all.length,
    turns: 0,
    corrected: 0,
    redactedNames: 0,
    facts: [],
  };
  for (const session of all) {
    const { turns, langs, corrected, facts } = sessionTurns(session, log);
    if (turns.length === 0) {
      log.info(`${session.file}: no answered input; not exported`);
      continue;
    }
    // The file name holds the session id, which may hold a name.
    const base = redactor
      ? redactor.redact(path.basename(session.file, '.jsonl'))
      : path.basename(session.file, '.jsonl');
    let id = base;
    for (let k = 2; ids.has(id); k++) id = `${base}-${k}`;
    ids.add(id);
    const profile = { ...(session.header.userSlots ?? {}) };
    const dialogue: CorpusDialogueRecord = {
      id,
      lang: majority(langs),
      ...(Object.keys(profile).length > 0 ? { profile } : {}),
      session: session.header.userId,
      turns,
    };
    result.dialogues.push(redactor ? redactDialogue(dialogue, redactor) : dialogue);
    for (const [turn, memory] of facts) {
      result.facts.push({ dialogue: id, turn, memory: redactor ? redactor.redact(memory) : memory });
    }
    result.turns += turns.length;
    result.corrected += corrected;
  }
  result.redactedNames = redactor?.names.length ?? 0;
  return result;
}

/** Records (dialogues or facts) as JSON Lines. */
export function toJsonl(records: readonly object[]): string {
  return records.map((d) => `${JSON.stringify(d)}\n`).join('');
}

function sessionTurns(
  session: RecordedSession,
  log: Logger,
): { turns: CorpusTurnRecord[]; langs: Lang[]; corrected: number; facts: Map<number, string> } {
  const turns: CorpusTurnRecord[] = [];
  const langs: Lang[] = [];
  /** RobotAction.turn → index in `turns`. */
  const byRobotTurn = new Map<number, number>();
  const corrections: OperatorCorrection[] = [];
  const facts = new Map<number, string>();
  const seen = new Set<string>();
  /** Inputs by seq, and those already answered. */
  const inputs = new Map<number, RobotInput>();
  const answered = new Set<number>();
  /** Without links: the latest input not yet answered. */
  let pending: number | undefined;
  for (const event of session.events) {
    switch (event.type) {
      case 'user.utterance':
      case 'robot.event':
        inputs.set(event.seq, event);
        pending = event.seq;
        break;
      case 'carer.ack':
        // The action after an ack answers the carer, not a dialogue input.
        pending = undefined;
        break;
      case 'operator.correction':
        corrections.push(event);
        break;
      case 'robot.memory': {
        // A fact first seen now, told during this session, is what the last turn's utterance told.
        const told = event.facts.filter((f) => !seen.has(f.text) && f.saidAt >= session.header.startedAt);
        for (const f of event.facts) seen.add(f.text);
        const last = turns.length - 1;
        const newest = told.at(-1);
        if (newest && turns[last]?.user !== undefined) facts.set(last, newest.text);
        break;
      }
      case 'robot.action': {
        langs.push(event.lang);
        // A linked action names its input; an unlinked one answers the latest unanswered input.
        const source = event.answers ?? pending;
        const input = source === undefined || answered.has(source) ? undefined : inputs.get(source);
        if (source === pending) pending = undefined;
        if (source === undefined || !input) break;
        answered.add(source);
        byRobotTurn.set(event.turn, turns.length);
        turns.push({ ...inputFields(input), robot: event.actionId });
        break;
      }
      default:
        break;
    }
  }
  const correctedTurns = new Set<number>();
  for (const c of corrections) {
    const index = byRobotTurn.get(c.turn);
    const turn = index === undefined ? undefined : turns[index];
    if (index === undefined || !turn) {
      log.warn(
        `${session.file}: a correction of robot turn ${c.turn}, which answered no recorded input; ignored`,
      );
      continue;
    }
    turn.robot = c.actionId;
    if (c.text !== undefined) turn.robot_text = c.text;
    else delete turn.robot_text;
    correctedTurns.add(index);
  }
  return { turns, langs, corrected: correctedTurns.size, facts };
}

function inputFields(input: RobotInput): Omit<CorpusTurnRecord, 'robot'> {
  if (input.type === 'user.utterance') return { user: input.text };
  return { event: input.event, ...(input.data ? { data: { ...input.data } } : {}) };
}

function majority(langs: readonly Lang[]): Lang {
  const ko = langs.filter((l) => l === 'ko').length;
  if (ko * 2 > langs.length) return 'ko';
  if (ko * 2 === langs.length && langs.length > 0) return langs[0] ?? 'en';
  return 'en';
}

function redactDialogue(dialogue: CorpusDialogueRecord, redactor: NameRedactor): CorpusDialogueRecord {
  const r = (text: string) => redactor.redact(text);
  const profile = dialogue.profile
    ? Object.fromEntries(
        Object.entries(dialogue.profile).map(([k, v]) => [k, k === 'user_name' ? NAME_PLACEHOLDER : r(v)]),
      )
    : undefined;
  return {
    ...dialogue,
    ...(profile ? { profile } : {}),
    // A stable pseudonym keeps the user's sessions chained without naming them.
    ...(dialogue.session !== undefined ? { session: pseudonym(dialogue.session) } : {}),
    turns: dialogue.turns.map((t) => ({
      ...t,
      ...(t.user !== undefined ? { user: r(t.user) } : {}),
      ...(t.robot_text !== undefined ? { robot_text: r(t.robot_text) } : {}),
      ...(t.data
        ? {
            data: Object.fromEntries(
              Object.entries(t.data).map(([k, v]) => [
                k,
                typeof v !== 'string' ? v : k === 'name' ? NAME_PLACEHOLDER : r(v),
              ]),
            ),
          }
        : {}),
    })),
  };
}

function pseudonym(userId: string): string {
  return `user-${createHash('sha256').update(userId).digest('hex').slice(0, 12)}`;
}
