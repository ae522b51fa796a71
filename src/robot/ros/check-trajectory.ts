import type { JointLimit } from '../../core/joint-limit.ts';
import type { JointTrajectory } from '../../core/joint-trajectory.ts';

/** Rounding slack: samples of a gesture that touches a limit may land a few ulps past it. */
const EPSILON = 1e-9;

/**
 * Every way a trajectory breaks the robot's limits: unknown or repeated joints, a point whose
 * arrays do not match the joint names, a position outside [lower, upper], a velocity or a segment
 * faster than the joint's limit, time going backwards, a non-finite number. Empty when it is safe
 * to send; the adapter checks again what the runtime already guarantees, because a wrong command
 * moves a real arm.
 */
export function checkTrajectory(trajectory: JointTrajectory, limits: readonly JointLimit[]): string[] {
  const byName = new Map(limits.map((l) => [l.name, l]));
  const problems: string[] = [];
  const joints = trajectory.jointNames.map((name) => {
    const limit = byName.get(name);
    if (!limit) problems.push(`joint '${name}' is not in the robot profile`);
    return limit;
  });
  if (new Set(trajectory.jointNames).size !== trajectory.jointNames.length)
    problems.push('a joint is named twice');
  if (trajectory.points.length === 0) problems.push('the trajectory has no points');
  let previous: JointTrajectory['points'][number] | undefined;
  trajectory.points.forEach((point, p) => {
    const at = `point ${p}`;
    if (!Number.isFinite(point.timeFromStart) || point.timeFromStart < 0)
      problems.push(`${at}: time_from_start ${point.timeFromStart} is not a time`);
    if (point.positions.length !== joints.length)
      problems.push(`${at}: ${point.positions.length} positions for ${joints.length} joints`);
    if (point.velocities.length !== 0 && point.velocities.length !== joints.length)
      problems.push(`${at}: ${point.velocities.length} velocities for ${joints.length} joints`);
    const dt = previous ? point.timeFromStart - previous.timeFromStart : undefined;
    if (dt !== undefined && dt < 0) problems.push(`${at}: time goes backwards`);
    joints.forEach((limit, j) => {
      if (!limit) return;
      const position = point.positions[j];
      const velocity = point.velocities[j] ?? 0;
      if (position === undefined) return;
      if (!Number.isFinite(position) || !Number.isFinite(velocity)) {
        problems.push(`${at}, ${limit.name}: not a finite number`);
        return;
      }
      if (position < limit.lower - EPSILON || position > limit.upper + EPSILON)
        problems.push(`${at}, ${limit.name}: position ${position} outside [${limit.lower}, ${limit.upper}]`);
      if (Math.abs(velocity) > limit.velocity + EPSILON)
        problems.push(`${at}, ${limit.name}: velocity ${velocity} above ${limit.velocity}`);
      const before = previous?.positions[j];
      if (dt === undefined || before === undefined || dt < 0) return;
      const moved = Math.abs(position - before);
      if (moved > EPSILON && (dt === 0 || moved / dt > limit.velocity * (1 + 1e-6) + EPSILON))
        problems.push(
          `${at}, ${limit.name}: moves at ${dt === 0 ? 'infinite speed' : `${(moved / dt).toFixed(3)} rad/s`} (limit ${limit.velocity})`,
        );
    });
    previous = point;
  });
  return problems;
}
