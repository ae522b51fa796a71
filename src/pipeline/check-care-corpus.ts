import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import type { CareDialogue } from '../corpus/care-dialogue.ts';
import { RulePolicy } from '../model/rule-policy.ts';
import { goldCommit, replayCare } from './replay-care.ts';

/** A label the dialogue machine and the corpus guide's hard rules disagree with. */
export interface CorpusProblem {
  dialogue: string;
  /** The turn's index in the dialogue, from 0. */
  turn: number;
  message: string;
}

/** What `checkCareCorpus` found: the problems, and counts to print beside them. */
export interface CorpusCheck {
  dialogues: number;
  turns: number;
  factTurns: number;
  labels: Record<string, number>;
  problems: CorpusProblem[];
}

/**
 * Checks a care corpus's labels against what the robot itself enforces, replaying each dialogue
 * through the dialogue tracker as training does: the safety override (an emergency is
 * `emergency_help`, nothing else is), the action mask of the dialogue state, and the labels the
 * rules fix outright (events, the silence order, `reassure` inside an emergency), which are the
 * rule-based policy's choices there. Utterances outside an emergency are judgement calls and are
 * not checked beyond the mask.
 */
export async function checkCareCorpus(
  dialogues: readonly CareDialogue[],
  library: BehaviourLibrary,
): Promise<CorpusCheck> {
  const rules = new RulePolicy();
  const problems: CorpusProblem[] = [];
  const labels: Record<string, number> = {};
  let turns = 0;
  let factTurns = 0;
  await replayCare(dialogues, library, async ({ dialogue, index, turn, view }) => {
    turns += 1;
    if (turn.fact) factTurns += 1;
    labels[turn.robot] = (labels[turn.robot] ?? 0) + 1;
    const input = turn.input;
    const said = input.type === 'user.utterance' ? `'${input.text}'` : `event ${input.event}`;
    const problem = (message: string) => problems.push({ dialogue: dialogue.id, turn: index, message });
    if (view.override !== undefined && turn.robot !== view.override) {
      problem(`the safety rules answer ${said} with ${view.override}: label it so, or rephrase`);
    } else if (view.override === undefined && turn.robot === 'emergency_help') {
      problem(
        `labelled emergency_help, but the safety rules see no emergency in ${said}: make it explicit (fallen, can't get up, chest pain, can't breathe, help)`,
      );
    } else if (!view.allowed.has(turn.robot)) {
      problem(`'${turn.robot}' is not allowed in dialogue state ${view.state} (the action mask)`);
    } else if (input.type === 'robot.event' || view.state === 'emergency') {
      const expected = (await rules.decide(input, { ...view.context, sessionId: dialogue.id })).actionId;
      if (turn.robot !== expected) problem(`${said} must be labelled ${expected} here, not ${turn.robot}`);
    }
    return goldCommit(turn);
  });
  return { dialogues: dialogues.length, turns, factTurns, labels, problems };
}
