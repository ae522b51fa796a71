import type { RobotAction } from '../core/robot-action.ts';
import type { RobotInput } from '../core/robot-input.ts';

/** Called by an adapter for every validated input; `sessionId` tells sessions apart. */
export type InputHandler = (sessionId: string, input: RobotInput) => void;

/**
 * The one port every robot adapter implements (ROS, simulator, console, memory). Adapters
 * validate inputs at their edge and never import the dialogue or the model.
 */
export interface RobotPort {
  readonly name: string;
  start(onInput: InputHandler): Promise<void>;
  perform(sessionId: string, action: RobotAction): Promise<void>;
  /** Sessions that ended on the adapter's side (a tab closed, the console hit EOF). */
  onSessionEnd?(handler: (sessionId: string) => void): void;
  stop(): Promise<void>;
}
