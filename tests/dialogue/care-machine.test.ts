import { describe, expect, it } from 'vitest';
import type { RobotAction } from '../../src/core/robot-action.ts';
import { actingTimeMs, DEFAULT_TIMING, type DecideRequest } from '../../src/dialogue/care-machine.ts';
import { CareSession } from '../../src/dialogue/care-session.ts';
import { DialogueTracker } from '../../src/dialogue/dialogue-tracker.ts';
import { SimulatedClock } from '../../src/dialogue/simulated-clock.ts';
import { libraryAndProfile } from '../runtime/runtime-harness.ts';

/** A session with a fake decide (the first allowed action, or the override) on a simulated clock. */
async function fakeSession() {
  const { behaviours } = await libraryAndProfile();
  const clock = new SimulatedClock();
  clock.set(new Date('2026-11-24T09:00:00').getTime());
  const tracker = new DialogueTracker({ library: behaviours, memory: [] });
  const acted: RobotAction[] = [];
  const asked: DecideRequest[] = [];
  const session = new CareSession({
    tracker,
    clock,
    handlers: {
      decide: async (request) => {
        asked.push(request);
        const actionId = request.view.override ?? [...request.view.allowed][0] ?? 'acknowledge';
        const action: RobotAction = {
          type: 'robot.action',
          actionId,
          lang: 'en',
          text: 'x'.repeat(28),
          gesture: { name: 'nod', trajectory: { jointNames: [], points: [] } },
          top: [],
          state: request.view.state,
          turn: request.turn,
          latencyMs: 0,
        };
        return { action, factScore: 0 };
      },
      publishState: () => {},
      publishAction: (action) => acted.push(action),
      publishBackchannel: () => {},
      reportError: (error) => {
        throw error;
      },
    },
  });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { session, clock, acted, asked, settle };
}

describe('care machine with provided fakes', () => {
  it('acting lasts whole milliseconds (timers at epoch scale must fire exactly)', () => {
    const action = { text: 'a'.repeat(33), gesture: { trajectory: { points: [{ timeFromStart: 1.234 }] } } };
    const ms = actingTimeMs(action as RobotAction, DEFAULT_TIMING);
    expect(Number.isInteger(ms)).toBe(true);
    expect(ms).toBe(Math.ceil((33 / DEFAULT_TIMING.charsPerSecond) * 1000));
  });

  it('a carer acknowledgement outside an emergency changes nothing', async () => {
    const f = await fakeSession();
    f.session.send({ type: 'input', input: { type: 'user.utterance', text: 'hello' } });
    await f.settle();
    f.clock.increment(10_000);
    expect(f.session.statePath).toBe('engaged.listening');
    f.session.send({ type: 'carer.ack' });
    expect(f.session.statePath).toBe('engaged.listening');
  });

  it('an emergency holds through an hour of silence, reassuring, and ends on the carer acknowledgement', async () => {
    const f = await fakeSession();
    f.session.send({ type: 'input', input: { type: 'robot.event', event: 'fall_detected' } });
    await f.settle();
    expect(f.acted[0]?.actionId).toBe('emergency_help');
    for (let s = 0; s < 3600; s += 10) {
      f.clock.increment(10_000);
      await f.settle();
    }
    expect(f.session.statePath).toMatch(/^emergency\./);
    expect(f.acted.length).toBeGreaterThanOrEqual(60); // at least one reassurance a minute
    expect(f.asked.slice(1).every((r) => r.view.state === 'emergency')).toBe(true);
    f.session.send({ type: 'carer.ack', by: 'nurse' });
    expect(f.session.statePath).toBe('engaged.listening');
    f.session.send({ type: 'input', input: { type: 'user.utterance', text: 'thank you' } });
    await f.settle();
    expect(f.asked.at(-1)?.view.state).toBe('engaged');
  });
});
