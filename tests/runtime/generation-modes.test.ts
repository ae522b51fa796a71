import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GenerationMode } from '../../src/core/generation.ts';
import type { RobotAction } from '../../src/core/robot-action.ts';
import { actingTimeMs, DEFAULT_TIMING } from '../../src/dialogue/care-machine.ts';
import { SimulatedClock } from '../../src/dialogue/simulated-clock.ts';
import { createLogger } from '../../src/log/logger.ts';
import type { LstmPolicy } from '../../src/model/lstm-policy.ts';
import { MemoryRobot } from '../../src/robot/memory/memory-robot.ts';
import { checkTrajectory } from '../../src/robot/ros/check-trajectory.ts';
import { CarebotRuntime } from '../../src/runtime/carebot-runtime.ts';
import { defaultModel, libraryAndProfile } from './runtime-harness.ts';

const DIALOGUE = [
  { type: 'robot.event' as const, event: 'person_arrived' as const },
  { type: 'user.utterance' as const, text: 'Good morning! My daughter Minji is coming on Sunday.' },
  { type: 'user.utterance' as const, text: 'What time is it?' },
  { type: 'user.utterance' as const, text: 'I fell and I cannot get up' },
  { type: 'user.utterance' as const, text: '고마워요, 잘 자요' },
];

describe('the runtime by speech and gesture mode (shipped model with decoders)', () => {
  let policy: LstmPolicy;
  beforeAll(async () => {
    policy = (await defaultModel()) as LstmPolicy;
  });

  async function converse(mode: GenerationMode, sessions = 1): Promise<RobotAction[]> {
    const { behaviours, profile } = await libraryAndProfile();
    const clock = new SimulatedClock();
    clock.set(new Date('2026-11-24T09:00:00').getTime());
    const runtime = new CarebotRuntime({
      port: new MemoryRobot(),
      policy,
      behaviours,
      profile: { ...profile, speechMode: mode, gestureMode: mode },
      log: createLogger('test', () => {}),
      clock,
      random: () => 0,
      userSlots: { user_name: 'Mrs. Park', contact: 'your daughter Minji' },
    });
    await runtime.start();
    const actions: RobotAction[] = [];
    for (let s = 0; s < sessions; s++) {
      for (const input of DIALOGUE) {
        const action = await runtime.respond(`s${s}`, input);
        if (!action) continue;
        actions.push(action);
        clock.increment(actingTimeMs(action, DEFAULT_TIMING));
      }
      await runtime.endSession(`s${s}`);
    }
    await runtime.stop();
    return actions;
  }

  it('the shipped model has both decoders', () => {
    expect(policy.generates).toEqual({ speech: true, gesture: true });
  });

  it('select speaks templates and plays library gestures; generate and hybrid use the decoders; every trajectory is safe', async () => {
    const { profile } = await libraryAndProfile();
    for (const mode of ['select', 'generate', 'hybrid'] as const) {
      const actions = await converse(mode);
      expect(actions.length).toBeGreaterThanOrEqual(DIALOGUE.length);
      for (const action of actions) {
        expect(action.text.trim(), mode).not.toBe('');
        expect(action.text, mode).not.toMatch(/\{[a-z_]+\}/);
        expect(
          checkTrajectory(action.gesture.trajectory, profile.joints),
          `${mode} ${action.actionId}`,
        ).toEqual([]);
        if (mode === 'select')
          expect(action.generation).toMatchObject({ text: 'template', gesture: 'library' });
        // An emergency is answered by the safety override with the library's line and gesture.
        if (action.alert) expect(action.generation).toMatchObject({ text: 'template', gesture: 'library' });
      }
      const ordinary = actions.filter((a) => !a.alert);
      if (mode === 'generate') {
        expect(ordinary.every((a) => a.generation?.gesture === 'generated')).toBe(true);
        expect(ordinary.filter((a) => a.generation?.text === 'generated').length).toBeGreaterThan(
          ordinary.length / 2,
        );
      }
      if (mode === 'hybrid') expect(ordinary.some((a) => a.generation?.text === 'generated')).toBe(true);
    }
  });

  it('generation leaks no tensors across turns and sessions', async () => {
    await converse('generate');
    const before = tf.memory().numTensors;
    await converse('generate', 6);
    expect(tf.memory().numTensors).toBe(before);
  });
});
