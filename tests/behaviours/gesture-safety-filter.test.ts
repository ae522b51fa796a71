import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BehaviourLibrary } from '../../src/behaviours/behaviour-library.ts';
import { filterGesture, type SafeGesture } from '../../src/behaviours/gesture-safety-filter.ts';
import type { JointLimit } from '../../src/core/joint-limit.ts';
import type { JointTrajectory } from '../../src/core/joint-trajectory.ts';
import { loadRobotProfile } from '../../src/robot/profile/load-robot-profile.ts';
import type { RobotProfile } from '../../src/robot/profile/robot-profile.ts';
import { checkTrajectory } from '../../src/robot/ros/check-trajectory.ts';
import { DEFAULT_PROFILE, shippedLibraryAndProfile } from '../helpers.ts';
import { limitProblems } from './limit-problems.ts';

let library: BehaviourLibrary;
let profile: RobotProfile;

beforeAll(async () => {
  [library, profile] = await shippedLibraryAndProfile();
});

/** Largest |Δv|/dt over the trajectory as a share of each joint's acceleration limit (20 × velocity). */
function accelerationRatio(safe: SafeGesture, limits: readonly JointLimit[]): number {
  let worst = 0;
  const { jointNames, points } = safe.trajectory;
  jointNames.forEach((name, j) => {
    const limit = limits.find((l) => l.name === name) as JointLimit;
    for (let k = 1; k < points.length; k++) {
      const a = points[k - 1] as (typeof points)[number];
      const b = points[k] as (typeof points)[number];
      const dv = Math.abs((b.velocities[j] as number) - (a.velocities[j] as number));
      worst = Math.max(worst, dv / (b.timeFromStart - a.timeFromStart) / (20 * limit.velocity));
    }
  });
  return worst;
}

/** Random trajectories for the default robot's joints: wild positions, jumps, NaN, odd times. */
function trajectories(names: () => string[]): fc.Arbitrary<JointTrajectory> {
  const value = fc.oneof(
    { weight: 8, arbitrary: fc.double({ min: -4, max: 4, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -10, 10) },
  );
  return fc
    .record({
      frames: fc.integer({ min: 0, max: 60 }),
      rate: fc.constantFrom(10, 30, 50),
      jitter: fc.boolean(),
      seed: fc.array(value, { minLength: 10, maxLength: 10 }),
      steps: fc.array(fc.array(value, { minLength: 10, maxLength: 10 }), { minLength: 1, maxLength: 60 }),
    })
    .map(({ frames, rate, jitter, steps }) => {
      const jointNames = names();
      return {
        jointNames,
        points: Array.from({ length: frames }, (_, k) => {
          const row = steps[k % steps.length] as number[];
          return {
            timeFromStart: jitter && k % 7 === 3 ? k / rate - 0.5 : k / rate,
            positions: jointNames.map((_, j) => row[j] ?? 0),
            velocities: jointNames.map(() => 0),
          };
        }),
      };
    });
}

describe('filterGesture (the gesture safety filter)', () => {
  it('10,000 random trajectories: every point within position and velocity limits, from rest to rest', () => {
    const names = () => profile.joints.map((j) => j.name);
    let clamped = 0;
    let frames = 0;
    fc.assert(
      fc.property(trajectories(names), (input) => {
        const safe = filterGesture(input, profile.joints, library.rest);
        clamped += safe.clampedFrames;
        frames += safe.frames;
        const first = safe.trajectory.points[0];
        const last = safe.trajectory.points.at(-1);
        const restOf = (name: string) => library.rest[name] ?? 0;
        return (
          limitProblems(safe, profile.joints).length === 0 &&
          safe.trajectory.jointNames.every(
            (name, j) =>
              first?.positions[j] === restOf(name) &&
              Math.abs((last?.positions[j] ?? 99) - restOf(name)) < 1e-9,
          )
        );
      }),
      { numRuns: 10_000, seed: 8 },
    );
    expect(clamped).toBeGreaterThan(0);
    expect(frames).toBeGreaterThan(clamped);
  });

  it('keeps the acceleration within its limit on evenly timed random inputs inside the ranges', () => {
    const names = () => profile.joints.map((j) => j.name);
    fc.assert(
      fc.property(trajectories(names), (input) => {
        const inside: JointTrajectory = {
          jointNames: input.jointNames,
          points: input.points.map((p, k) => ({
            ...p,
            timeFromStart: k / 30,
            positions: p.positions.map((q, j) => {
              const l = profile.joints[j] as JointLimit;
              const u = Number.isFinite(q) ? (Math.min(4, Math.max(-4, q)) + 4) / 8 : 0.5;
              return l.lower + (u * 0.8 + 0.1) * (l.upper - l.lower);
            }),
          })),
        };
        return (
          accelerationRatio(filterGesture(inside, profile.joints, library.rest), profile.joints) <= 1 + 1e-6
        );
      }),
      { numRuns: 2000, seed: 9 },
    );
  });

  it('leaves the shipped gestures nearly as they are and reports few clamped frames', () => {
    const names = profile.joints.map((j) => j.name);
    for (const id of library.gestures.keys()) {
      const input = library.trajectory(id, names);
      const safe = filterGesture(input, profile.joints, library.rest);
      expect(limitProblems(safe, profile.joints), id).toEqual([]);
      expect(safe.frames).toBe(input.points.length);
      expect(safe.clampedFrames / safe.frames, id).toBeLessThan(0.1);
      // One frame at most to stop: the shipped gestures glide into rest.
      expect(safe.addedFrames, id).toBeLessThanOrEqual(1);
    }
  });

  it('drops joints the robot does not have and uses profile acceleration limits', () => {
    const limits = [{ name: 'a', lower: -1, upper: 1, velocity: 1, acceleration: 2 }];
    const safe = filterGesture(
      {
        jointNames: ['a', 'ghost'],
        points: [0, 1, 2, 3].map((k) => ({ timeFromStart: k / 10, positions: [1, 5], velocities: [0, 0] })),
      },
      limits,
      { a: 0 },
    );
    expect(safe.droppedJoints).toEqual(['ghost']);
    expect(safe.trajectory.jointNames).toEqual(['a']);
    expect(safe.clampedFrames).toBeGreaterThan(0);
    const v = safe.trajectory.points.map((p) => p.velocities[0] as number);
    for (let k = 1; k < v.length; k++)
      expect(Math.abs((v[k] as number) - (v[k - 1] as number))).toBeLessThanOrEqual(0.2 + 1e-9);
    expect(safe.trajectory.points.at(-1)?.positions[0]).toBe(0);
  });

  it('reads acceleration limits from the robot profile', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'carebot-profile-'));
    const text = (await readFile(DEFAULT_PROFILE, 'utf8'))
      .replace(
        'urdf: ../urdf/carebot_humanoid.urdf',
        `urdf: ${path.resolve(path.dirname(DEFAULT_PROFILE), '../urdf/carebot_humanoid.urdf')}`,
      )
      .replace(/^speech_mode:/m, 'joint_limits:\n  head_pan: {acceleration: 3}\nspeech_mode:');
    await writeFile(path.join(dir, 'p.yaml'), text);
    const tuned = await loadRobotProfile(path.join(dir, 'p.yaml'));
    expect(tuned.joints.find((j) => j.name === 'head_pan')?.acceleration).toBe(3);
    expect(tuned.joints.find((j) => j.name === 'head_tilt')?.acceleration).toBeUndefined();
  });

  it('answers an empty trajectory with the rest pose', () => {
    const safe = filterGesture({ jointNames: ['head_pan'], points: [] }, profile.joints, library.rest);
    expect(safe.trajectory.points).toHaveLength(1);
    expect(checkTrajectory(safe.trajectory, profile.joints)).toEqual([]);
  });
});
