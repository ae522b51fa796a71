import type { ActionId } from '../core/care-action.ts';
import type { Lang } from '../core/language.ts';
import type { RobotInput } from '../core/robot-input.ts';

/** One turn of a care corpus: an input and the action that should answer it. */
export interface CareTurn {
  input: RobotInput;
  robot: ActionId;
  robotText?: string;
  gesture?: string;
  /** From facts.jsonl: the user told a personal fact here (and how the robot would recall it). */
  fact?: { memory?: string };
}

/** One dialogue of the care corpus format (shared/spec/dialogue-corpus.md). */
export interface CareDialogue {
  id: string;
  lang: Lang;
  profile: Record<string, string>;
  /** A user id chaining dialogues into long-term memory, in file order. */
  session?: string;
  turns: CareTurn[];
  /** Where it came from, for messages. */
  source: { file: string; line: number };
}
