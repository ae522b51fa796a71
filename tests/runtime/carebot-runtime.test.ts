import { describe, expect, it } from 'vitest';
import type { Policy } from '../../src/core/policy.ts';
import { createLogger } from '../../src/log/logger.ts';
import { RulePolicy } from '../../src/model/rule-policy.ts';
import { MemoryRobot } from '../../src/robot/memory/memory-robot.ts';
import { CarebotRuntime } from '../../src/runtime/carebot-runtime.ts';
import { libraryAndProfile, runtimeHarness } from './runtime-harness.ts';

const slots = { user_name: 'Rose', medication: 'heart pills', contact: 'your son Jim' };

describe('CarebotRuntime', () => {
  it('turns inputs into actions with a filled line and a trajectory for the profile joints', async () => {
    const { event, runtime } = await runtimeHarness({ policy: new RulePolicy(), userSlots: slots });
    const action = await event('medication_due');
    const { profile } = await libraryAndProfile();
    expect(action?.actionId).toBe('remind_medication');
    expect(action?.text).toContain('heart pills');
    expect(action?.gesture.name).toBe('point_forward');
    expect(action?.gesture.trajectory.jointNames).toEqual(profile.joints.map((j) => j.name));
    expect(action?.gesture.trajectory.points.length).toBeGreaterThan(10);
    expect(action?.turn).toBe(0);
    expect(runtime.statePath('s')).toBe('engaged.listening');
  });

  it('keeps sessions apart: each has its own machine, language and turn count', async () => {
    const h = await runtimeHarness({
      policy: new RulePolicy(),
      userSlots: slots,
      start: '2026-11-24T15:05:00',
    });
    h.robot.send('x', { type: 'user.utterance', text: '몇 시예요?' });
    h.robot.send('y', { type: 'user.utterance', text: 'I fell down' });
    await h.robot.waitForActions(2);
    expect(await h.say('고마워요', 'x')).toMatchObject({ actionId: 'respond_thanks', lang: 'ko', turn: 1 });
    const x = h.actions('x');
    expect(x.map((a) => a.actionId)).toEqual(['tell_time', 'respond_thanks']);
    expect(x[0]?.text).toContain('오후 3시 5분');
    expect(h.runtime.statePath('y')).toMatch(/^emergency\./);
    expect(h.runtime.statePath('x')).toMatch(/^engaged\./);
  });

  it('ignores silence while nobody is there, and a person leaving after the farewell', async () => {
    const h = await runtimeHarness({ policy: new RulePolicy() });
    expect(await h.event('silence', { seconds: 30 })).toBeUndefined();
    expect(h.runtime.statePath('s')).toBe('idle');
    expect((await h.say('goodbye'))?.actionId).toBe('farewell');
    expect(h.runtime.statePath('s')).toBe('closing');
    expect(await h.event('person_left')).toBeUndefined();
    expect(h.runtime.statePath('s')).toBe('idle');
  });

  it('backchannels when the policy is slower than the latency budget, then acts on its answer', async () => {
    const rules = new RulePolicy();
    let release: () => void = () => {};
    const slow: Policy = {
      id: 'slow',
      endSession: () => {},
      decide: async (input, context) => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return rules.decide(input, context);
      },
    };
    const h = await runtimeHarness({ policy: slow });
    h.robot.send('s', { type: 'user.utterance', text: 'what time is it?' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.runtime.statePath('s')).toBe('engaged.deciding');
    h.clock.increment(299);
    expect(h.robot.outputs.some((o) => o.output.type === 'robot.backchannel')).toBe(false);
    h.clock.increment(1);
    const backchannel = h.robot.outputs.find((o) => o.output.type === 'robot.backchannel')?.output;
    expect(backchannel).toMatchObject({ gesture: { name: 'nod' }, lang: 'en' });
    release();
    await h.robot.waitForActions(1);
    expect(h.actions()[0]?.actionId).toBe('tell_time');
  });

  it('an emergency during a slow decision is answered at once, without waiting for the policy', async () => {
    const slow: Policy = { id: 'never', endSession: () => {}, decide: () => new Promise(() => {}) };
    const h = await runtimeHarness({ policy: slow });
    h.robot.send('s', { type: 'user.utterance', text: 'tell me a story' });
    await new Promise((resolve) => setImmediate(resolve));
    const help = await h.say('help, I have fallen');
    expect(help).toMatchObject({
      actionId: 'emergency_help',
      alert: { reason: expect.stringContaining('fallen') },
    });
  });

  it('refuses a behaviour library whose gestures break the robot limits', async () => {
    const { behaviours, profile } = await libraryAndProfile();
    const tight = { ...profile, joints: profile.joints.map((j) => ({ ...j, upper: 0.01, lower: -0.01 })) };
    expect(
      () =>
        new CarebotRuntime({
          port: new MemoryRobot(),
          policy: new RulePolicy(),
          behaviours,
          profile: tight,
          log: createLogger('test', () => {}),
        }),
    ).toThrow(/breaks robot .* limits/);
  });
});

describe('the care machine timing (simulated clock, rule policy)', () => {
  it('after unanswered initiatives the robot counts the person as gone (idle); a reply resets the count', async () => {
    const h = await runtimeHarness({ policy: new RulePolicy() });
    await h.say('hello');
    await h.advance(h.timing.silenceMs);
    await h.say('I am fine');
    for (let i = 0; i < h.timing.maxInitiatives; i++) {
      await h.advance(h.timing.silenceMs);
      h.clock.increment(10_000); // the robot finishes its line
    }
    expect(h.actions().filter((a) => a.state === 'initiative')).toHaveLength(1 + h.timing.maxInitiatives);
    expect(h.runtime.statePath('s')).toBe('engaged.listening');
    await h.advance(h.timing.silenceMs);
    expect(h.runtime.statePath('s')).toBe('idle');
  });

  it('while the robot speaks, an utterance interrupts it and an event waits its turn', async () => {
    const h = await runtimeHarness({ policy: new RulePolicy() });
    await h.runtime.respond('s', { type: 'user.utterance', text: 'hello' });
    expect(h.runtime.statePath('s')).toBe('engaged.acting');
    h.robot.send('s', { type: 'robot.event', event: 'hydration_due' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.actions().map((a) => a.actionId)).toEqual(['greet']);
    const interrupted = await h.runtime.respond('s', { type: 'user.utterance', text: 'what time is it?' });
    expect(interrupted?.actionId).toBe('tell_time');
    h.clock.increment(10_000);
    await h.runtime.settled('s');
    expect(h.actions().map((a) => a.actionId)).toEqual(['greet', 'tell_time', 'remind_hydration']);
  });
});
