import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import type { ActionId } from '../core/care-action.ts';
import type { Lang } from '../core/language.ts';
import type { CareDialogue } from '../corpus/care-dialogue.ts';
import type { LstmPolicy } from '../model/lstm-policy.ts';
import { goldCommit, replayCare } from './replay-care.ts';

/** The moment replays happen at (as in `carebot eval`): it fills `{time}` and `{date}`. */
export const REPLAY_CLOCK = new Date('2026-01-01T10:00:00Z');

/** One turn as the decoders see it: the frozen memory model's features and what the robot should do. */
export interface GenerationTurn {
  dialogue: string;
  /** Who the user is (their name, else their session): references are grouped by user. */
  user: string;
  lang: Lang;
  actionId: ActionId;
  features: Float32Array;
  /** Slot values the action is rendered with: profile, time and date, and the memory for a recall. */
  slots: Record<string, string>;
  /** The corpus' reference line and gesture id, when the turn has them. */
  reference?: string;
  gesture?: string;
}

/**
 * Replays dialogues through the memory model the way `carebot eval` does (masks, long-term
 * memory by `session`, the expected action carried forward) and collects every turn with the
 * memory features the runtime would give the decoders. The model only reads: its weights and its
 * choices are untouched.
 */
export async function collectGenerationTurns(
  dialogues: readonly CareDialogue[],
  library: BehaviourLibrary,
  policy: LstmPolicy,
): Promise<GenerationTurn[]> {
  const turns: GenerationTurn[] = [];
  const prefix = 'generation:';
  const sessions = new Set<string>();
  await replayCare(dialogues, library, async ({ dialogue, turn, view, tracker, userKey }) => {
    const sessionId = prefix + userKey;
    sessions.add(sessionId);
    await policy.decide(turn.input, { ...view.context, sessionId });
    turns.push({
      dialogue: dialogue.id,
      user: dialogue.profile.user_name ?? userKey,
      lang: tracker.lang,
      actionId: turn.robot,
      features: policy.generationFeatures(sessionId) ?? new Float32Array(0),
      // The slots the runtime renders this action with (the memory only for a recall).
      slots: tracker.slotsFor(turn.robot, REPLAY_CLOCK),
      ...(turn.robotText ? { reference: turn.robotText } : {}),
      ...(turn.gesture ? { gesture: turn.gesture } : {}),
    });
    return goldCommit(turn);
  });
  for (const id of sessions) policy.endSession(id);
  return turns;
}
