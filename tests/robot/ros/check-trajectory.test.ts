import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BehaviourLibrary } from '../../../src/behaviours/behaviour-library.ts';
import type { JointTrajectory } from '../../../src/core/joint-trajectory.ts';
import type { RobotProfile } from '../../../src/robot/profile/robot-profile.ts';
import { checkTrajectory } from '../../../src/robot/ros/check-trajectory.ts';
import { jointTrajectoryMessage, rosDuration } from '../../../src/robot/ros/joint-trajectory-message.ts';
import { shippedLibraryAndProfile } from '../../helpers.ts';

let behaviours: BehaviourLibrary;
let profile: RobotProfile;
const names = () => profile.joints.map((j) => j.name);

beforeAll(async () => {
  [behaviours, profile] = await shippedLibraryAndProfile();
});

/** A two-point trajectory moving joint 0 to `position` over `seconds`. */
function move(position: number, seconds = 1, velocity = 0): JointTrajectory {
  const rest = names().map(() => 0);
  return {
    jointNames: names(),
    points: [
      { timeFromStart: 0, positions: rest, velocities: rest },
      {
        timeFromStart: seconds,
        positions: [position, ...rest.slice(1)],
        velocities: [velocity, ...rest.slice(1)],
      },
    ],
  };
}

describe('checkTrajectory', () => {
  it('passes every gesture of the shipped library on the default robot', () => {
    for (const id of behaviours.gestures.keys()) {
      expect(checkTrajectory(behaviours.trajectory(id, names()), profile.joints), id).toEqual([]);
    }
  });

  it('names the joint and the point of a position outside the limits', () => {
    const head = profile.joints[0]!;
    const problems = checkTrajectory(move(head.upper + 0.1, 10), profile.joints);
    expect(problems).toEqual([
      expect.stringMatching(new RegExp(`^point 1, ${head.name}: position .* outside`)),
    ]);
  });

  it('refuses a velocity or a segment faster than the joint allows', () => {
    const head = profile.joints[0]!;
    expect(checkTrajectory(move(0, 1, head.velocity * 2), profile.joints)).toEqual([
      expect.stringContaining('velocity'),
    ]);
    const target = Math.min(head.upper, head.velocity); // 1 s at twice the speed needs 2 x this in 1 s
    expect(checkTrajectory(move(target, 0.5), profile.joints).join()).toMatch(/moves at .* rad\/s/);
    expect(checkTrajectory(move(target, 0), profile.joints).join()).toContain('infinite speed');
  });

  it('refuses unknown joints, mismatched arrays, backwards time and non-numbers', () => {
    const wrong = move(0);
    expect(
      checkTrajectory({ ...wrong, jointNames: ['tail', ...names().slice(1)] }, profile.joints),
    ).toContain("joint 'tail' is not in the robot profile");
    expect(checkTrajectory({ jointNames: names(), points: [] }, profile.joints)).toContain(
      'the trajectory has no points',
    );
    const short = { ...wrong, points: [{ timeFromStart: 0, positions: [0], velocities: [] }] };
    expect(checkTrajectory(short, profile.joints).join()).toContain('1 positions for 10 joints');
    const back = { ...wrong, points: [wrong.points[1]!, { ...wrong.points[0]!, timeFromStart: 0.5 }] };
    expect(checkTrajectory(back, profile.joints).join()).toContain('time goes backwards');
    expect(checkTrajectory(move(Number.NaN), profile.joints).join()).toContain('not a finite number');
  });

  it('passes a trajectory only if every point is inside the limits (fast-check)', () => {
    const head = profile.joints[0]!;
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), (position) => {
        fc.pre(Math.abs(position - head.lower) > 1e-6 && Math.abs(position - head.upper) > 1e-6);
        const inside =
          position >= head.lower && position <= head.upper && Math.abs(position) / 100 <= head.velocity;
        expect(checkTrajectory(move(position, 100), profile.joints).length === 0).toBe(inside);
      }),
    );
  });
});

describe('jointTrajectoryMessage', () => {
  it('writes trajectory_msgs/JointTrajectory fields with ROS durations', () => {
    const message = jointTrajectoryMessage(move(0.2, 1.25));
    expect(message.joint_names).toEqual(names());
    expect(message.points).toEqual([
      expect.objectContaining({ time_from_start: { secs: 0, nsecs: 0 }, accelerations: [], effort: [] }),
      expect.objectContaining({ time_from_start: { secs: 1, nsecs: 250_000_000 } }),
    ]);
  });

  it('rosDuration keeps nanoseconds below a second (fast-check)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), (seconds) => {
        const { secs, nsecs } = rosDuration(seconds);
        expect(Number.isInteger(secs) && Number.isInteger(nsecs)).toBe(true);
        expect(nsecs >= 0 && nsecs < 1e9).toBe(true);
        expect(Math.abs(secs + nsecs / 1e9 - seconds)).toBeLessThan(1e-6);
      }),
    );
  });
});
