import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import type { ActionId } from '../core/care-action.ts';
import type { MemoryFact } from '../core/memory-fact.ts';
import type { CareDialogue, CareTurn } from '../corpus/care-dialogue.ts';
import { DialogueTracker, type TurnView } from '../dialogue/dialogue-tracker.ts';

/** One turn during a replay. */
export interface ReplayStep {
  dialogue: CareDialogue;
  index: number;
  turn: CareTurn;
  view: TurnView;
  tracker: DialogueTracker;
  /** The user the dialogue belongs to: its `session`, or the dialogue itself. */
  userKey: string;
}

/** What the replay records for a turn before moving on. */
export interface ReplayCommit {
  action: ActionId;
  factScore: number;
  factMemory?: string;
}

/**
 * Replays care dialogues in file order through the dialogue tracker, the way the running robot
 * would see them: one tracker per dialogue, long-term memory shared by the dialogues of a
 * `session` (dialogues without one start empty). The callback decides each turn.
 */
export async function replayCare(
  dialogues: readonly CareDialogue[],
  library: BehaviourLibrary,
  onTurn: (step: ReplayStep) => ReplayCommit | Promise<ReplayCommit>,
  now: () => Date = () => new Date('2026-01-01T10:00:00Z'),
): Promise<void> {
  const memories = new Map<string, MemoryFact[]>();
  for (const dialogue of dialogues) {
    const userKey = dialogue.session ?? `dialogue:${dialogue.id}`;
    const memory = memories.get(userKey) ?? [];
    memories.set(userKey, memory);
    const tracker = new DialogueTracker({
      library,
      memory,
      slots: dialogue.profile,
      lang: dialogue.lang,
      now,
    });
    for (const [index, turn] of dialogue.turns.entries()) {
      const view = tracker.observe(turn.input);
      const commit = await onTurn({ dialogue, index, turn, view, tracker, userKey });
      tracker.commit(commit.action, commit.factScore, commit.factMemory);
    }
  }
}

/** The commit of the expected (gold) action and fact label: for training and for the bAbI protocol. */
export function goldCommit(turn: CareTurn): ReplayCommit {
  return {
    action: turn.robot,
    factScore: turn.fact ? 1 : 0,
    ...(turn.fact?.memory ? { factMemory: turn.fact.memory } : {}),
  };
}
