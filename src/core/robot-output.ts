import type { DialogueStateName } from './dialogue-state.ts';
import type { JointTrajectory } from './joint-trajectory.ts';
import type { Lang } from './language.ts';
import type { MemoryFact } from './memory-fact.ts';
import type { RobotAction } from './robot-action.ts';

/** A sign of listening while the policy is still deciding (the latency budget ran out): a nod and a filler. */
export interface RobotBackchannel {
  type: 'robot.backchannel';
  lang: Lang;
  text: string;
  gesture: { name: string; trajectory: JointTrajectory };
}

/** The dialogue machine entered a state (published for the simulator panel and the ROS state topic). */
export interface RobotStateChange {
  type: 'robot.state';
  /** The machine's state path, e.g. `engaged.listening`, `emergency.waiting`. */
  path: string;
  /** The top-level state (what action masks depend on). */
  state: DialogueStateName;
}

/** What the robot holds about the user now (sent after a turn that changed it). */
export interface RobotMemory {
  type: 'robot.memory';
  userId: string;
  facts: readonly MemoryFact[];
}

/** Everything the runtime sends to an adapter, one union keyed on `type`. */
export type RobotOutput = RobotAction | RobotBackchannel | RobotStateChange | RobotMemory;
