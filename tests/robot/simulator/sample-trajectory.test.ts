import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JointTrajectory } from '../../../src/core/joint-trajectory.ts';
import { sampleTrajectory, trajectoryDuration } from '../../../src/robot/simulator/page/sample-trajectory.ts';

const nod: JointTrajectory = {
  jointNames: ['head_pan', 'head_tilt'],
  points: [
    { positions: [0, 0], velocities: [0, 0], timeFromStart: 0 },
    { positions: [0, 0.4], velocities: [0, 0], timeFromStart: 0.5 },
    { positions: [0.2, 0], velocities: [0, 0], timeFromStart: 1.5 },
  ],
};

describe('sampleTrajectory (the page plays gestures with it)', () => {
  it('interpolates between points and holds the ends', () => {
    expect(trajectoryDuration(nod)).toBe(1.5);
    expect(sampleTrajectory(nod, -1)).toEqual({ head_pan: 0, head_tilt: 0 });
    expect(sampleTrajectory(nod, 0.25)).toEqual({ head_pan: 0, head_tilt: 0.2 });
    expect(sampleTrajectory(nod, 0.5)).toEqual({ head_pan: 0, head_tilt: 0.4 });
    expect(sampleTrajectory(nod, 1)).toEqual({ head_pan: 0.1, head_tilt: 0.2 });
    expect(sampleTrajectory(nod, 99)).toEqual({ head_pan: 0.2, head_tilt: 0 });
    expect(sampleTrajectory({ jointNames: ['a'], points: [] }, 1)).toEqual({});
  });

  it('stays within the range of the points at every time', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), (t) => {
        const { head_tilt = Number.NaN, head_pan = Number.NaN } = sampleTrajectory(nod, t);
        expect(head_tilt).toBeGreaterThanOrEqual(0);
        expect(head_tilt).toBeLessThanOrEqual(0.4);
        expect(head_pan).toBeGreaterThanOrEqual(0);
        expect(head_pan).toBeLessThanOrEqual(0.2);
      }),
    );
  });
});
