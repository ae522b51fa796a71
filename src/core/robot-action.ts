import type { ActionId } from './care-action.ts';
import type { DialogueStateName } from './dialogue-state.ts';
import type { GenerationReport } from './generation.ts';
import type { JointTrajectory } from './joint-trajectory.ts';
import type { Lang } from './language.ts';

/** An action and the score the policy gave it. */
export interface ScoredAction {
  id: ActionId;
  score: number;
}

/** What the robot does in one turn: say a line and make a gesture, maybe raise an alert. */
export interface RobotAction {
  type: 'robot.action';
  actionId: ActionId;
  lang: Lang;
  text: string;
  gesture: { name: string; trajectory: JointTrajectory };
  /** Set when the robot must alert a carer (emergencies). */
  alert?: { reason: string };
  /** The policy's top actions, best first. */
  top: ScoredAction[];
  state: DialogueStateName;
  /** Index of this robot turn in its session (operator corrections refer to it). */
  turn: number;
  /** Time from the input to the decision, including the model. */
  latencyMs: number;
  /** How the line and the gesture were made (template or decoder, what the safety filter changed). */
  generation?: GenerationReport;
}
