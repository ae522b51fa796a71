/** A point of a joint trajectory, as in trajectory_msgs/JointTrajectoryPoint (seconds, radians). */
export interface TrajectoryPoint {
  positions: number[];
  velocities: number[];
  timeFromStart: number;
}

/** A joint trajectory for the robot in the profile, as in trajectory_msgs/JointTrajectory. */
export interface JointTrajectory {
  jointNames: string[];
  points: TrajectoryPoint[];
}
