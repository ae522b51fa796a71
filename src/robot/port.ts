import type { SessionInput } from '../core/operator-input.ts';
import type { RobotOutput } from '../core/robot-output.ts';

/** Who a session belongs to (selects the user's profile and long-term memory). */
export interface SessionMeta {
  /** Default: the configured default user. A session keeps the user of its first input. */
  userId?: string;
}

/** Called by an adapter for every validated input; `sessionId` tells sessions apart. */
export type InputHandler = (sessionId: string, input: SessionInput, meta?: SessionMeta) => void;

/**
 * The one port every robot adapter implements (ROS, simulator, console, memory). Adapters
 * validate inputs at their edge and never import the dialogue or the model.
 */
export interface RobotPort {
  readonly name: string;
  start(onInput: InputHandler): Promise<void>;
  /** Sends one output (an action, a backchannel, a state change, the memory) to the session's robot or page. */
  publish(sessionId: string, output: RobotOutput): Promise<void>;
  /** Sessions that ended on the adapter's side (a tab closed, the console hit EOF). */
  onSessionEnd?(handler: (sessionId: string) => void): void;
  stop(): Promise<void>;
}
