import { isCareEvent } from '../core/care-event.ts';
import type { Lang } from '../core/language.ts';
import type { CareDialogue, CareTurn } from '../corpus/care-dialogue.ts';
import { CorpusError } from '../corpus/corpus-error.ts';

/** A care corpus dialogue as plain JSON, one line of the format (what `exportRecordings` gives). */
export interface CareDialogueRecord {
  id: string;
  lang: Lang;
  profile?: Record<string, string>;
  session?: string;
  turns: ReadonlyArray<{
    user?: string;
    event?: string;
    data?: Record<string, string | number | boolean>;
    robot: string;
    robot_text?: string;
    gesture?: string;
  }>;
}

/**
 * Care dialogues from in-memory corpus records (exported recordings), read as `readCareCorpus`
 * reads a file's lines; `source` names them in errors (`<source>:<n>` is the n-th record).
 */
export function careDialoguesFromRecords(
  records: readonly CareDialogueRecord[],
  options: {
    source: string;
    /** Fact labels (`turn` from 0), as in a corpus's facts.jsonl. */
    facts?: ReadonlyArray<{ dialogue: string; turn: number; memory?: string }>;
    /** Known action ids; an unknown one is an error. */
    actionIds?: ReadonlySet<string>;
  },
): CareDialogue[] {
  const facts = new Map((options.facts ?? []).map((f) => [`${f.dialogue}#${f.turn}`, f.memory]));
  return records.map((record, index) => {
    const line = index + 1;
    if (record.turns.length === 0)
      throw new CorpusError(options.source, line, `${record.id}: needs at least one turn`);
    const turns = record.turns.map((t, i): CareTurn => {
      if (options.actionIds && !options.actionIds.has(t.robot)) {
        throw new CorpusError(
          options.source,
          line,
          `${record.id} turns.${i}.robot: unknown action id '${t.robot}'`,
        );
      }
      let input: CareTurn['input'];
      if (t.user !== undefined && t.event === undefined) {
        input = { type: 'user.utterance', text: t.user, lang: record.lang };
      } else if (t.event !== undefined && t.user === undefined && isCareEvent(t.event)) {
        input = { type: 'robot.event', event: t.event, ...(t.data ? { data: t.data } : {}) };
      } else {
        throw new CorpusError(
          options.source,
          line,
          `${record.id} turns.${i}: needs exactly one of "user" or a known "event"`,
        );
      }
      const key = `${record.id}#${i}`;
      return {
        input,
        robot: t.robot,
        ...(t.robot_text !== undefined ? { robotText: t.robot_text } : {}),
        ...(t.gesture !== undefined ? { gesture: t.gesture } : {}),
        ...(facts.has(key)
          ? { fact: { ...(facts.get(key) !== undefined ? { memory: facts.get(key) } : {}) } }
          : {}),
      };
    });
    return {
      id: record.id,
      lang: record.lang,
      profile: { ...(record.profile ?? {}) },
      ...(record.session ? { session: record.session } : {}),
      turns,
      source: { file: options.source, line },
    };
  });
}
