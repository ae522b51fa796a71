/**
 * Ending sessions under load (findings of the reliability suite): a closed tab with inputs queued
 * behind the robot's current line ends at once instead of acting every one of them out to nobody
 * (`carebot sim` took 30 s to stop after a flood), and `stop()` waits for sessions an adapter
 * ended just before it, whose memory is still being saved (a load run's clean-up raced that write).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RobotAction } from '../../src/core/robot-action.ts';
import { createLogger } from '../../src/log/logger.ts';
import { RulePolicy } from '../../src/model/rule-policy.ts';
import { UserRegistry } from '../../src/runtime/user-registry.ts';
import { type UserMemory, UserMemoryStore } from '../../src/users/user-memory-store.ts';
import { runtimeHarness } from '../runtime/runtime-harness.ts';

/** A store whose writes take a while (rose's longest), counting the finished ones. */
class SlowStore extends UserMemoryStore {
  finished = 0;
  override async save(userId: string, memory: UserMemory): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, userId === 'rose' ? 200 : 10));
    await super.save(userId, memory);
    this.finished += 1;
  }
}

describe('ending sessions', () => {
  it('ends a session with inputs still queued without acting them out; their waiters get no answer', async () => {
    const h = await runtimeHarness({ policy: new RulePolicy() });
    await h.say('hello');
    // The robot speaks its answer (simulated time stands still); events wait their turn behind it.
    const answer = await h.runtime.respond('s', { type: 'user.utterance', text: 'what time is it?' });
    expect(answer?.actionId).toBe('tell_time');
    const queued = [
      h.runtime.respond('s', { type: 'robot.event', event: 'head_touched' }),
      h.runtime.respond('s', { type: 'robot.event', event: 'medication_due' }),
    ];
    await new Promise((resolve) => setTimeout(resolve, 10));
    await h.runtime.endSession('s'); // used to wait for simulated time that never came
    const answers: Array<RobotAction | undefined> = await Promise.all(queued);
    expect(answers).toEqual([undefined, undefined]);
    expect(h.actions().map((a) => a.actionId)).toEqual(['greet', 'tell_time']);
    expect(h.runtime.statePath('s')).toBeUndefined();
  });

  it('stop() waits for sessions the adapter ended just before it', async () => {
    const log = createLogger('test', () => {});
    const store = new SlowStore({ dir: await mkdtemp(path.join(tmpdir(), 'carebot-shutdown-')), log });
    const users = new UserRegistry({ log, store });
    const h = await runtimeHarness({ policy: new RulePolicy(), users });
    await h.say('hello', 'a', 'rose');
    await h.say('hello', 'b', 'minja');
    const saved = store.finished;
    const released: string[] = [];
    const release = users.release.bind(users);
    users.release = async (user, state) => {
      released.push(user.profile.id);
      await release(user, state);
    };
    void h.runtime.endSession('a'); // as a tab closing does (SimulatorRobot's onSessionEnd)
    void h.runtime.endSession('a'); // twice, as a close racing a shutdown
    await new Promise((resolve) => setTimeout(resolve, 20)); // rose's memory is being written
    await h.runtime.stop();
    expect(store.finished).toBe(saved + 2); // both users' memory written before stop() resolved
    expect(released.sort()).toEqual(['minja', 'rose']); // each session ended once
  });
});
