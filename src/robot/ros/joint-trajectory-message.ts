import type { JointTrajectory } from '../../core/joint-trajectory.ts';
import type { RosMessage } from './load-rosnodejs.ts';

/** A duration as ROS sends it (whole seconds and nanoseconds, both non-negative for times after the start). */
export function rosDuration(seconds: number): { secs: number; nsecs: number } {
  let secs = Math.floor(seconds);
  let nsecs = Math.round((seconds - secs) * 1e9);
  if (nsecs >= 1e9) {
    secs += 1;
    nsecs -= 1e9;
  }
  return { secs, nsecs };
}

/**
 * The fields of a trajectory_msgs/JointTrajectory (header stamp zero: "start now", as
 * ros_control's trajectory controllers read it). Build the message with the generated
 * constructor: a partial plain object crashes rosnodejs's serializer.
 */
export function jointTrajectoryMessage(trajectory: JointTrajectory): RosMessage {
  return {
    header: { seq: 0, stamp: { secs: 0, nsecs: 0 }, frame_id: '' },
    joint_names: [...trajectory.jointNames],
    points: trajectory.points.map((point) => ({
      positions: [...point.positions],
      velocities: [...point.velocities],
      accelerations: [],
      effort: [],
      time_from_start: rosDuration(point.timeFromStart),
    })),
  };
}
