import type { SafeGesture } from '../../src/behaviours/gesture-safety-filter.ts';
import type { JointLimit } from '../../src/core/joint-limit.ts';
import { checkTrajectory } from '../../src/robot/ros/check-trajectory.ts';

/** Every way a filtered gesture could break the limits (empty when it is safe), beyond checkTrajectory's. */
export function limitProblems(safe: SafeGesture, limits: readonly JointLimit[]): string[] {
  const problems = checkTrajectory(safe.trajectory, limits);
  const { jointNames, points } = safe.trajectory;
  jointNames.forEach((name, j) => {
    const limit = limits.find((l) => l.name === name) as JointLimit;
    points.forEach((p, k) => {
      const q = p.positions[j] as number;
      if (!(q >= limit.lower && q <= limit.upper)) problems.push(`${name} frame ${k}: position ${q}`);
      const v = p.velocities[j] as number;
      if (!(Math.abs(v) <= limit.velocity)) problems.push(`${name} frame ${k}: velocity ${v}`);
    });
  });
  return problems;
}
