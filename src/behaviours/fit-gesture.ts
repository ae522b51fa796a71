import type { JointTrajectory, TrajectoryPoint } from '../core/joint-trajectory.ts';
import type { GestureDefinition } from './behaviour-library.ts';

/**
 * A library gesture made to cover `seconds` of speech: played up to `maxStretch` times slower
 * (never faster, so never above the speeds it was written for), then held at its last pose (the
 * rest pose) until the line ends. This is how gestures are aligned with lines to train and score
 * the gesture decoder.
 */
export function fitGesture(gesture: GestureDefinition, seconds: number, maxStretch = 1.5): GestureDefinition {
  const duration = gesture.times.at(-1) ?? 0;
  if (duration <= 0 || seconds <= duration) return gesture;
  const stretch = Math.min(maxStretch, seconds / duration);
  const times = gesture.times.map((t) => t * stretch);
  const positions = Object.fromEntries(
    Object.entries(gesture.positions).map(([joint, values]) => [joint, [...values]]),
  );
  const end = duration * stretch;
  if (seconds > end + 1e-9) {
    times.push(seconds);
    for (const values of Object.values(positions)) values.push(values.at(-1) ?? 0);
  }
  return { ...gesture, times, positions };
}

/**
 * Frames of joint positions at `fromRate` as a trajectory at `toRate`, interpolated with
 * Catmull-Rom splines (smooth through every frame); velocities are central differences. The
 * safety filter still runs on the result.
 */
export function framesToTrajectory(
  jointNames: readonly string[],
  frames: readonly (readonly number[])[],
  fromRate: number,
  toRate: number,
): JointTrajectory {
  const n = frames.length;
  const duration = n > 1 ? (n - 1) / fromRate : 0;
  const count = Math.max(1, Math.round(duration * toRate) + 1);
  const at = (t: number, j: number): number => {
    const x = Math.min(n - 1, Math.max(0, t * fromRate));
    const k = Math.min(n - 2, Math.floor(x));
    if (k < 0) return frames[0]?.[j] ?? 0;
    const u = x - k;
    const p = (i: number) => frames[Math.min(n - 1, Math.max(0, i))]?.[j] ?? 0;
    const [p0, p1, p2, p3] = [p(k - 1), p(k), p(k + 1), p(k + 2)];
    return (
      0.5 *
      (2 * p1 +
        (-p0 + p2) * u +
        (2 * p0 - 5 * p1 + 4 * p2 - p3) * u * u +
        (-p0 + 3 * p1 - 3 * p2 + p3) * u * u * u)
    );
  };
  const dt = 1 / toRate;
  const points: TrajectoryPoint[] = Array.from({ length: count }, (_, f) => {
    const t = Math.min(duration, f * dt);
    return {
      timeFromStart: t,
      positions: jointNames.map((_, j) => at(t, j)),
      velocities: jointNames.map((_, j) =>
        f === 0 || f === count - 1 ? 0 : (at(t + dt, j) - at(t - dt, j)) / (2 * dt),
      ),
    };
  });
  return { jointNames: [...jointNames], points };
}
