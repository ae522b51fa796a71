import { beforeAll, describe, expect, it } from 'vitest';
import type { BehaviourLibrary } from '../../src/behaviours/behaviour-library.ts';
import { clockSlots } from '../../src/behaviours/clock-slots.ts';
import { fillTemplate, templateSlots } from '../../src/behaviours/template.ts';
import type { RobotProfile } from '../../src/robot/profile/robot-profile.ts';
import { shippedLibraryAndProfile } from '../helpers.ts';

describe('gesture trajectories', () => {
  let library: BehaviourLibrary;
  let profile: RobotProfile;
  beforeAll(async () => {
    [library, profile] = await shippedLibraryAndProfile();
  });

  it('samples every gesture at the frame rate, from rest to rest, within position and velocity limits', () => {
    const names = profile.joints.map((j) => j.name);
    for (const id of library.gestures.keys()) {
      const trajectory = library.trajectory(id, names);
      expect(trajectory.jointNames).toEqual(names);
      const first = trajectory.points[0];
      const last = trajectory.points.at(-1);
      expect(first?.timeFromStart).toBe(0);
      names.forEach((name, j) => {
        expect(first?.positions[j], `${id} starts at rest: ${name}`).toBeCloseTo(library.rest[name] ?? 0, 6);
        expect(last?.positions[j], `${id} ends at rest: ${name}`).toBeCloseTo(library.rest[name] ?? 0, 6);
      });
      for (const point of trajectory.points) {
        profile.joints.forEach((limit, j) => {
          const p = point.positions[j] ?? Number.NaN;
          expect(p >= limit.lower && p <= limit.upper, `${id} ${limit.name} at ${point.timeFromStart}`).toBe(
            true,
          );
          expect(Math.abs(point.velocities[j] ?? 0)).toBeLessThanOrEqual(limit.velocity + 1e-9);
        });
      }
      const dt = (trajectory.points[1]?.timeFromStart ?? 0) - (first?.timeFromStart ?? 0);
      expect(dt).toBeCloseTo(1 / library.frameRate, 2);
    }
  });

  it('holds joints a gesture does not move at rest', () => {
    const trajectory = library.trajectory('nod', ['left_wrist']);
    expect(trajectory.points.every((p) => p.positions[0] === library.rest.left_wrist)).toBe(true);
  });
});

describe('templates and clock slots', () => {
  it('lists and fills slots, refusing when one is missing', () => {
    expect(templateSlots('Hi {user_name}, your {medication} and {user_name}')).toEqual([
      'user_name',
      'medication',
    ]);
    expect(fillTemplate('Hi {user_name}!', { user_name: 'Rose' })).toBe('Hi Rose!');
    expect(fillTemplate('Hi {user_name}!', {})).toBeUndefined();
    expect(fillTemplate('Hi {user_name}!', { user_name: '  ' })).toBeUndefined();
  });

  it('says the time and date in English and Korean', () => {
    const moment = new Date('2026-11-24T15:05:00Z');
    expect(clockSlots(moment, 'en', 'UTC')).toEqual({ time: '3:05 PM', date: 'Tuesday, November 24' });
    expect(clockSlots(moment, 'ko', 'UTC')).toEqual({ time: '오후 3시 5분', date: '11월 24일 화요일' });
    expect(clockSlots(new Date('2026-11-24T00:00:00Z'), 'ko', 'UTC').time).toBe('오전 12시');
  });
});
