import type { JointTrajectory, TrajectoryPoint } from '../core/joint-trajectory.ts';
import type { GestureDefinition } from './behaviour-library.ts';

/** Linear interpolation of a keyframed joint at time t (held before the first and after the last). */
function positionAt(times: readonly number[], values: readonly number[], t: number): number {
  let k = 1;
  while (k < times.length - 1 && (times[k] ?? 0) < t) k++;
  const t0 = times[k - 1] ?? 0;
  const t1 = times[k] ?? t0;
  const v0 = values[k - 1] ?? 0;
  const v1 = values[k] ?? v0;
  if (t <= t0) return v0;
  if (t >= t1) return v1;
  return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
}

/**
 * Samples a gesture at `frameRate` for `jointNames` (joints the gesture does not move stay at rest;
 * moved joints the robot lacks are dropped). Velocities are central differences.
 */
export function sampleGesture(
  gesture: GestureDefinition,
  jointNames: readonly string[],
  rest: Readonly<Record<string, number>>,
  frameRate: number,
): JointTrajectory {
  const duration = gesture.times[gesture.times.length - 1] ?? 0;
  const frames = Math.max(2, Math.round(duration * frameRate) + 1);
  const dt = duration / (frames - 1);
  const track = (joint: string, t: number): number => {
    const values = gesture.positions[joint];
    return values ? positionAt(gesture.times, values, t) : (rest[joint] ?? 0);
  };
  const points: TrajectoryPoint[] = [];
  for (let f = 0; f < frames; f++) {
    const t = f * dt;
    points.push({
      timeFromStart: t,
      positions: jointNames.map((j) => track(j, t)),
      velocities: jointNames.map((j) =>
        f === 0 || f === frames - 1 || dt === 0 ? 0 : (track(j, t + dt) - track(j, t - dt)) / (2 * dt),
      ),
    });
  }
  return { jointNames: [...jointNames], points };
}
