import type { ActionId } from './care-action.ts';
import type { RobotInput } from './robot-input.ts';

/** A carer confirms they are handling the emergency: the only way out of it besides the user saying they are fine. */
export interface CarerAck {
  type: 'carer.ack';
  /** Who acknowledged (a name or a station id), for the recording. */
  by?: string;
}

/** An operator says which action the robot should have taken on one of its turns (a training label). */
export interface OperatorCorrection {
  type: 'operator.correction';
  /** The `turn` of the RobotAction being corrected. */
  turn: number;
  actionId: ActionId;
  /** The line the robot should have said, when the operator edited it. */
  text?: string;
}

/** Inputs from a carer or an operator: they steer or label the dialogue but are not dialogue turns. */
export type OperatorInput = CarerAck | OperatorCorrection;

/** Everything an adapter may deliver for a session. */
export type SessionInput = RobotInput | OperatorInput;

/** True for the inputs that are dialogue turns (utterances and events). */
export function isRobotInput(input: SessionInput): input is RobotInput {
  return input.type === 'user.utterance' || input.type === 'robot.event';
}
