import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import type { ActionId } from '../core/care-action.ts';
import type { JointLimit } from '../core/joint-limit.ts';
import type { Policy } from '../core/policy.ts';
import { seededRandom } from '../core/random.ts';
import type { CareDialogue } from '../corpus/care-dialogue.ts';
import { type GenerationReport, GenerationScorer } from './evaluate-generation.ts';
import { type ReplayCommit, replayCare } from './replay-care.ts';
import { type EvalReport, type PredictionLine, ScoreBoard } from './score-board.ts';

/** Options of a care evaluation. */
export interface EvaluateCareOptions {
  /** Score the bare model: no masks, no safety override (the tracker still supplies features). */
  modelOnly?: boolean;
  /** Called with one line per turn (for --predictions). */
  onPrediction?: (line: PredictionLine) => void;
  /**
   * Also score generation (when the policy has decoders and the corpus has `robot_text`/`gesture`),
   * rendering gestures for a robot with these joints. Default: not scored.
   */
  generation?: { limits: readonly JointLimit[] };
}

/**
 * Replays each dialogue through the decision path the running robot uses (tracker with masks, the
 * safety override, long-term memory chained by `session`, then the policy) and scores every turn
 * against its expected action. The expected action is what the history carries forward.
 */
export async function evaluateCare(
  dialogues: readonly CareDialogue[],
  library: BehaviourLibrary,
  policy: Policy,
  options: EvaluateCareOptions = {},
): Promise<EvalReport> {
  const board = new ScoreBoard();
  const random = seededRandom(1);
  const canGenerate = policy.generates?.speech === true || policy.generates?.gesture === true;
  const scorer =
    options.generation && canGenerate
      ? new GenerationScorer(policy, library, options.generation.limits)
      : undefined;
  let references = 0;
  const clock = new Date('2026-01-01T10:00:00Z');
  await replayCare(
    dialogues,
    library,
    async ({ dialogue, index, turn, view, tracker, userKey }): Promise<ReplayCommit> => {
      const started = performance.now();
      let predicted: ActionId;
      let top: Array<[ActionId, number]>;
      let factScore = 0;
      // The model reads every turn, overridden or not (its memory follows the whole dialogue,
      // as in training and on the robot); the safety override then decides emergencies.
      const context = { ...view.context, sessionId: userKey, unmasked: options.modelOnly === true };
      const decision = await policy.decide(turn.input, context);
      if (view.override && !options.modelOnly) {
        predicted = view.override;
        top = [[predicted, 1]];
      } else {
        predicted = decision.actionId;
        top = decision.top.map((t) => [t.id, t.score]);
        factScore = decision.factScore ?? 0;
      }
      const latencyMs = performance.now() - started;
      board.add(dialogue.id, turn.robot, predicted, latencyMs);
      if (turn.robotText || turn.gesture) references += 1;
      if (scorer && (turn.robotText || turn.gesture)) {
        // The decoders are scored on the expected action (as the history carries it forward).
        scorer.add({
          sessionId: userKey,
          actionId: turn.robot,
          lang: tracker.lang,
          slots: tracker.slotsFor(turn.robot, clock),
          ...(turn.robotText ? { reference: turn.robotText } : {}),
          ...(turn.gesture ? { gesture: turn.gesture } : {}),
        });
      }
      if (options.onPrediction) {
        options.onPrediction({
          dialogue: dialogue.id,
          turn: index,
          expected: turn.robot,
          predicted,
          top,
          text: library.actions.has(predicted)
            ? library.renderLine(predicted, tracker.lang, tracker.slotsFor(predicted, clock), random)
            : '',
        });
      }
      return { action: turn.robot, factScore };
    },
  );
  const report = board.report();
  return scorer && references > 0 ? { ...report, generation: scorer.report() } : report;
}

/** The generation scores alone (for training runs that record them); undefined without decoders or references. */
export async function scoreGeneration(
  dialogues: readonly CareDialogue[],
  library: BehaviourLibrary,
  policy: Policy,
  limits: readonly JointLimit[],
): Promise<GenerationReport | undefined> {
  return (await evaluateCare(dialogues, library, policy, { generation: { limits } })).generation;
}
