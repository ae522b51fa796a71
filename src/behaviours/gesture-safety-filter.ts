import type { JointLimit } from '../core/joint-limit.ts';
import type { JointTrajectory, TrajectoryPoint } from '../core/joint-trajectory.ts';

/** Settings of the gesture safety filter; every field has a default. */
export interface GestureSafetyOptions {
  /**
   * Acceleration limit (rad/s²) of a joint without one, as a multiple of its velocity limit: 20
   * reaches full speed in 50 ms, what the shipped nods and waves need. Default 20.
   */
  accelerationPerVelocity?: number;
  /** Seconds over which a gesture blends out of and back into the rest pose. Default 0.25. */
  easeSeconds?: number;
  /** A frame "needed clamping" when a joint ends up further than this from its target (rad). Default 0.05. */
  tolerance?: number;
  /** Frame period used where the trajectory's own times are unusable (s). Default 1/30. */
  framePeriod?: number;
  /** Most seconds appended at the end to bring the robot to rest. Default 4. */
  maxSettleSeconds?: number;
}

/** A trajectory the robot can play, and what it took to make it so. */
export interface SafeGesture {
  trajectory: JointTrajectory;
  /** Frames of the input (after dropping unknown joints). */
  frames: number;
  /** Input frames where a position was out of range or not finite, or the limits moved a joint off its target. */
  clampedFrames: number;
  /** Frames appended to come back to rest. */
  addedFrames: number;
  /** Joints of the input the robot does not have (dropped). */
  droppedJoints: string[];
}

const smoothstep = (x: number): number => {
  const u = Math.min(1, Math.max(0, x));
  return u * u * (3 - 2 * u);
};

/**
 * The highest speed at which a joint can move this step and still stop within `distance`,
 * slowing by `accel * dt` each following step (exact for the discrete steps: with m steps of
 * motion the distance is dt * (m v - accel dt m (m - 1) / 2)).
 */
function brakingSpeed(distance: number, accel: number, dt: number): number {
  if (!(distance > 0)) return 0;
  const u = accel * dt;
  const guess = Math.max(1, Math.ceil((Math.sqrt(2 * accel * distance + (u * u) / 4) - u / 2) / u));
  for (let m = guess + 2; m >= Math.max(1, guess - 2); m--) {
    const v = (distance / dt + (u * m * (m - 1)) / 2) / m;
    if (v > (m - 1) * u && v <= m * u * (1 + 1e-12)) return v;
  }
  return Math.min(distance / dt, u);
}

interface JointTrack {
  lower: number;
  upper: number;
  velocity: number;
  accel: number;
  rest: number;
}

/** Usable frame times: finite, from zero or later, strictly increasing. */
function frameTimes(points: readonly TrajectoryPoint[], period: number): number[] {
  const times: number[] = [];
  for (const point of points) {
    const previous = times.at(-1);
    const t = point.timeFromStart;
    if (previous === undefined) times.push(Number.isFinite(t) && t >= 0 ? t : 0);
    else times.push(Number.isFinite(t) && t > previous + 1e-6 ? t : previous + period);
  }
  return times;
}

/**
 * Makes any joint trajectory safe for the robot: positions clamped to each joint's range,
 * velocity limited, acceleration limited too when frames are evenly timed (a tracking filter that
 * brakes before the range ends; broken times are re-timed at `framePeriod`), a
 * smooth start from and end at the rest pose (frames are appended if the robot needs longer to
 * get back to rest). Velocities are the backward differences of the output positions, so the
 * segment speeds and the stated velocities both respect the limits. Pure; never throws.
 */
export function filterGesture(
  input: JointTrajectory,
  limits: readonly JointLimit[],
  rest: Readonly<Record<string, number>>,
  options: GestureSafetyOptions = {},
): SafeGesture {
  const perVelocity = options.accelerationPerVelocity ?? 20;
  const ease = options.easeSeconds ?? 0.25;
  const tolerance = options.tolerance ?? 0.05;
  const period = options.framePeriod ?? 1 / 30;
  const maxSettle = options.maxSettleSeconds ?? 4;
  const byName = new Map(limits.map((l) => [l.name, l]));
  const seen = new Set<string>();
  const kept: Array<{ name: string; index: number; track: JointTrack }> = [];
  const droppedJoints: string[] = [];
  input.jointNames.forEach((name, index) => {
    const limit = byName.get(name);
    if (!limit || seen.has(name) || !(limit.upper >= limit.lower) || !(limit.velocity > 0)) {
      droppedJoints.push(name);
      return;
    }
    seen.add(name);
    const lower = limit.lower;
    const upper = limit.upper;
    // A hair inside the limit, so rounding in later differences never lands above it.
    const velocity = limit.velocity * (1 - 1e-6);
    const accel = limit.acceleration && limit.acceleration > 0 ? limit.acceleration : perVelocity * velocity;
    const restValue = rest[name];
    const at = Number.isFinite(restValue) ? (restValue as number) : (lower + upper) / 2;
    kept.push({
      name,
      index,
      track: { lower, upper, velocity, accel, rest: Math.min(upper, Math.max(lower, at)) },
    });
  });
  // An empty input still answers with a playable trajectory: the rest pose.
  const times = input.points.length > 0 ? frameTimes(input.points, period) : [0];
  const n = times.length;
  const start = times[0] ?? 0;
  const end = times[n - 1] ?? 0;
  const positions: number[][] = times.map(() => new Array<number>(kept.length).fill(0));
  const velocities: number[][] = times.map(() => new Array<number>(kept.length).fill(0));
  const clamped = new Array<boolean>(n).fill(false);
  const finalState = kept.map(({ index, track }, j) => {
    let q = track.rest;
    let v = 0;
    let previousTarget = track.rest;
    for (let k = 0; k < n; k++) {
      const raw = input.points[k]?.positions[index];
      let target = typeof raw === 'number' && Number.isFinite(raw) ? raw : Number.NaN;
      if (!(target >= track.lower && target <= track.upper)) clamped[k] = true;
      target = Number.isNaN(target) ? track.rest : Math.min(track.upper, Math.max(track.lower, target));
      const t = times[k] ?? 0;
      const w = ease > 0 ? smoothstep(Math.min((t - start) / ease, (end - t) / ease)) : 1;
      target = track.rest + w * (target - track.rest);
      if (k > 0) {
        const dt = t - (times[k - 1] ?? 0);
        ({ q, v } = advance(q, v, target, (target - previousTarget) / dt, dt, track));
      }
      previousTarget = target;
      if (Math.abs(q - target) > tolerance) clamped[k] = true;
      (positions[k] as number[])[j] = q;
      (velocities[k] as number[])[j] = v;
    }
    return { q, v };
  });
  // Settle: keep every joint moving toward rest, within the limits, until all are there and still.
  const tail: Array<{ positions: number[]; velocities: number[] }> = [];
  const state = finalState.map((s) => ({ ...s }));
  // At rest: on the rest pose and still (a joint still moving takes one more frame to stop).
  const atRest = () =>
    kept.every(
      ({ track }, j) => Math.abs((state[j]?.q ?? 0) - track.rest) < 1e-9 && Math.abs(state[j]?.v ?? 0) < 1e-9,
    );
  while (!atRest() && tail.length * period < maxSettle) {
    const frame = kept.map(({ track }, j) => {
      const s = state[j] as { q: number; v: number };
      const next = advance(s.q, s.v, track.rest, 0, period, track);
      Object.assign(s, next);
      return next;
    });
    tail.push({ positions: frame.map((f) => f.q), velocities: frame.map((f) => f.v) });
  }
  const points: TrajectoryPoint[] = [
    ...times.map((t, k) => ({
      timeFromStart: t,
      positions: positions[k] as number[],
      velocities: velocities[k] as number[],
    })),
    ...tail.map((f, i) => ({ timeFromStart: end + (i + 1) * period, ...f })),
  ];
  const last = points.at(-1);
  if (last && atRest()) last.velocities = last.velocities.map(() => 0);
  return {
    trajectory: { jointNames: kept.map((k) => k.name), points },
    frames: n,
    clampedFrames: clamped.filter(Boolean).length,
    addedFrames: tail.length,
    droppedJoints,
  };
}

/**
 * One step of the tracking filter: a joint that can reach the target in this step within its
 * limits lands on it exactly; otherwise it closes in on the target (moving at `targetSpeed`) no
 * faster than it can brake, and brakes for the ends of its range, its velocity changing by at most
 * the acceleration limit and never above the velocity limit.
 */
function advance(
  q: number,
  v: number,
  target: number,
  targetSpeed: number,
  dt: number,
  track: JointTrack,
): { q: number; v: number } {
  const { accel, velocity, lower, upper } = track;
  const error = target - q;
  if (Math.abs(error / dt - v) <= accel * dt && Math.abs(error) <= velocity * dt) {
    return { q: Math.min(upper, Math.max(lower, target)), v: error / dt };
  }
  const closing = error - targetSpeed * dt;
  let want =
    targetSpeed +
    Math.sign(closing) * Math.min(Math.abs(closing) / dt, brakingSpeed(Math.abs(closing), accel, dt));
  want = Math.min(want, brakingSpeed(upper - q, accel, dt));
  want = Math.max(want, -brakingSpeed(q - lower, accel, dt));
  let next = Math.min(v + accel * dt, Math.max(v - accel * dt, want));
  next = Math.min(velocity, Math.max(-velocity, next));
  const moved = Math.min(upper, Math.max(lower, q + next * dt));
  return { q: moved, v: (moved - q) / dt };
}
