import type { BehaviourLibrary } from '../../src/behaviours/behaviour-library.ts';
import type { CareEventName } from '../../src/core/care-event.ts';
import type { SessionInput } from '../../src/core/operator-input.ts';
import type { Policy } from '../../src/core/policy.ts';
import type { RobotAction } from '../../src/core/robot-action.ts';
import { actingTimeMs, DEFAULT_TIMING, type DialogueTiming } from '../../src/dialogue/care-machine.ts';
import { SimulatedClock } from '../../src/dialogue/simulated-clock.ts';
import { createLogger } from '../../src/log/logger.ts';
import { initBackend } from '../../src/model/backend.ts';
import { LstmPolicy } from '../../src/model/lstm-policy.ts';
import type { Recorder } from '../../src/recording/recorder.ts';
import { MemoryRobot } from '../../src/robot/memory/memory-robot.ts';
import type { RobotProfile } from '../../src/robot/profile/robot-profile.ts';
import { CarebotRuntime } from '../../src/runtime/carebot-runtime.ts';
import type { UserRegistry } from '../../src/runtime/user-registry.ts';
import { ROOT, shippedLibraryAndProfile } from '../helpers.ts';

let shared: Promise<{ behaviours: BehaviourLibrary; profile: RobotProfile }> | undefined;

/** The shipped behaviour library and robot profile (loaded once per test file). */
export function libraryAndProfile() {
  shared ??= shippedLibraryAndProfile().then(([behaviours, profile]) => ({ behaviours, profile }));
  return shared;
}

/** The shipped default model (models/default) as a policy. */
export async function defaultModel(): Promise<Policy> {
  await initBackend();
  const { behaviours } = await libraryAndProfile();
  return LstmPolicy.load(`${ROOT}/models/default`, behaviours.actionIds());
}

export interface HarnessOptions {
  policy: Policy;
  users?: UserRegistry;
  timing?: Partial<DialogueTiming>;
  /** Local time the clock starts at. Default: 2026-11-24T09:00:00. */
  start?: string;
  userSlots?: Record<string, string>;
  recorder?: Recorder;
}

/**
 * A runtime on a simulated clock with the memory adapter: whole conversations run in
 * milliseconds, and time passes only when the test says so.
 */
export async function runtimeHarness(options: HarnessOptions) {
  const { behaviours, profile } = await libraryAndProfile();
  const clock = new SimulatedClock();
  clock.set(new Date(options.start ?? '2026-11-24T09:00:00').getTime());
  const robot = new MemoryRobot();
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const runtime = new CarebotRuntime({
    port: robot,
    policy: options.policy,
    behaviours,
    profile,
    log: createLogger('test', () => {}),
    clock,
    timing,
    random: () => 0,
    ...(options.users ? { users: options.users } : {}),
    ...(options.userSlots ? { userSlots: options.userSlots } : {}),
    ...(options.recorder ? { recorder: options.recorder } : {}),
  });
  await runtime.start();
  /** Sends an input, waits for the action and lets the robot finish performing it. */
  const turn = async (
    input: SessionInput,
    session = 's',
    userId?: string,
  ): Promise<RobotAction | undefined> => {
    const action = await runtime.respond(session, input, userId ? { userId } : undefined);
    if (action) clock.increment(actingTimeMs(action, timing));
    return action;
  };
  return {
    runtime,
    robot,
    clock,
    timing,
    turn,
    say: (text: string, session = 's', userId?: string) =>
      turn({ type: 'user.utterance', text }, session, userId),
    event: (event: CareEventName, data?: Record<string, string | number>, session = 's') =>
      turn({ type: 'robot.event', event, ...(data ? { data } : {}) }, session),
    /** Lets simulated time pass, then waits for any decision it caused. */
    advance: async (ms: number, session = 's') => {
      clock.increment(ms);
      await runtime.settled(session);
    },
    /** The actions performed so far in a session. */
    actions: (session = 's') => robot.actions.filter((a) => a.sessionId === session).map((a) => a.action),
    /** The robot.state paths published so far in a session. */
    states: (session = 's') =>
      robot.outputs.flatMap((o) =>
        o.sessionId === session && o.output.type === 'robot.state' ? [o.output.path] : [],
      ),
  };
}
