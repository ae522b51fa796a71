/** Limits of one revolute joint, from the URDF (radians, rad/s). */
export interface JointLimit {
  name: string;
  lower: number;
  upper: number;
  velocity: number;
}
