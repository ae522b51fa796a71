import { beforeAll, describe, expect, it } from 'vitest';
import type { BehaviourLibrary } from '../../src/behaviours/behaviour-library.ts';
import { loadBehaviourLibrary } from '../../src/behaviours/load-behaviour-library.ts';
import { createLogger } from '../../src/log/logger.ts';
import { RulePolicy } from '../../src/model/rule-policy.ts';
import { MemoryRobot } from '../../src/robot/memory/memory-robot.ts';
import { loadRobotProfile } from '../../src/robot/profile/load-robot-profile.ts';
import type { RobotProfile } from '../../src/robot/profile/robot-profile.ts';
import { CarebotRuntime } from '../../src/runtime/carebot-runtime.ts';
import { BEHAVIOURS_DIR, DEFAULT_PROFILE } from '../helpers.ts';

describe('CarebotRuntime', () => {
  let behaviours: BehaviourLibrary;
  let profile: RobotProfile;
  beforeAll(async () => {
    [behaviours, profile] = await Promise.all([
      loadBehaviourLibrary(BEHAVIOURS_DIR),
      loadRobotProfile(DEFAULT_PROFILE),
    ]);
  });
  const make = (robot: MemoryRobot) =>
    new CarebotRuntime({
      port: robot,
      policy: new RulePolicy(),
      behaviours,
      profile,
      log: createLogger('test', () => {}),
      userSlots: { user_name: 'Rose', medication: 'heart pills' },
      now: () => new Date('2026-11-24T15:05:00'),
      random: () => 0,
    });

  it('turns inputs into actions with a filled line and a trajectory for the profile joints', async () => {
    const robot = new MemoryRobot();
    await make(robot).start();
    robot.send('a', { type: 'robot.event', event: 'medication_due' });
    await robot.waitForActions(1);
    const action = robot.actions[0]?.action;
    expect(action?.actionId).toBe('remind_medication');
    expect(action?.text).toContain('heart pills');
    expect(action?.gesture.name).toBe('point_forward');
    expect(action?.gesture.trajectory.jointNames).toEqual(profile.joints.map((j) => j.name));
    expect(action?.gesture.trajectory.points.length).toBeGreaterThan(10);
  });

  it('overrides the policy on emergencies: emergency_help with an alert, then reassure until the user is fine', async () => {
    const robot = new MemoryRobot();
    const runtime = make(robot);
    await runtime.start();
    const said = async (text: string) =>
      (await runtime.handle('s', { type: 'user.utterance', text })).actionId;
    expect(await said('hello')).toBe('greet');
    const fall = await runtime.handle('s', { type: 'robot.event', event: 'fall_detected' });
    expect(fall.actionId).toBe('emergency_help');
    expect(fall.alert?.reason).toContain('fall');
    expect(fall.state).toBe('emergency');
    expect(await said('what time is it')).toBe('reassure');
    expect(await said("I'm fine now, the nurse came")).toBe('reassure');
    expect(await said('what time is it')).toBe('tell_time');
  });

  it('keeps sessions apart and runs each session in order', async () => {
    const robot = new MemoryRobot();
    const runtime = make(robot);
    await runtime.start();
    robot.send('x', { type: 'user.utterance', text: '몇 시예요?' });
    robot.send('y', { type: 'user.utterance', text: 'I fell down' });
    robot.send('x', { type: 'user.utterance', text: '고마워요' });
    await robot.waitForActions(3);
    const x = robot.actions.filter((a) => a.sessionId === 'x').map((a) => a.action);
    expect(x.map((a) => a.actionId)).toEqual(['tell_time', 'respond_thanks']);
    expect(x[0]?.text).toContain('오후 3시 5분');
    expect(x.every((a) => a.lang === 'ko' && a.state !== 'emergency')).toBe(true);
    expect(robot.actions.find((a) => a.sessionId === 'y')?.action.state).toBe('emergency');
  });

  it('refuses a behaviour library whose gestures break the robot limits', () => {
    const tight = { ...profile, joints: profile.joints.map((j) => ({ ...j, upper: 0.01, lower: -0.01 })) };
    expect(
      () =>
        new CarebotRuntime({
          port: new MemoryRobot(),
          policy: new RulePolicy(),
          behaviours,
          profile: tight,
          log: createLogger('t', () => {}),
        }),
    ).toThrow(/breaks robot/);
  });
});
