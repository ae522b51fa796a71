import type { JointTrajectory } from '../../../core/joint-trajectory.ts';

/** How long a trajectory lasts, in seconds (its last point's time). */
export function trajectoryDuration(trajectory: JointTrajectory): number {
  return trajectory.points.at(-1)?.timeFromStart ?? 0;
}

/**
 * The joint positions `seconds` into a trajectory, interpolated linearly between points and held
 * at the first and last points outside them; keyed by joint name. Empty for a trajectory with no points.
 */
export function sampleTrajectory(trajectory: JointTrajectory, seconds: number): Record<string, number> {
  const { points, jointNames } = trajectory;
  const first = points[0];
  if (!first) return {};
  let before = first;
  let after = first;
  for (const point of points) {
    after = point;
    if (point.timeFromStart >= seconds) break;
    before = point;
  }
  const span = after.timeFromStart - before.timeFromStart;
  const f = span > 0 ? Math.min(1, Math.max(0, (seconds - before.timeFromStart) / span)) : 1;
  const values: Record<string, number> = {};
  jointNames.forEach((name, i) => {
    const a = before.positions[i];
    const b = after.positions[i];
    if (a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b))
      values[name] = a + (b - a) * f;
  });
  return values;
}
