/** Limits of one revolute joint, from the URDF (radians, rad/s) and the robot profile. */
export interface JointLimit {
  name: string;
  lower: number;
  upper: number;
  velocity: number;
  /**
   * Acceleration limit (rad/s²). URDF has none; a profile may set one per joint. When absent, the
   * gesture safety filter derives one from the velocity limit.
   */
  acceleration?: number;
}
