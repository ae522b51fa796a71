import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import { percentile } from '../core/percentile.ts';
import type { Policy } from '../core/policy.ts';
import type { CareDialogue } from '../corpus/care-dialogue.ts';
import { actingTimeMs, DEFAULT_TIMING } from '../dialogue/care-machine.ts';
import { SimulatedClock } from '../dialogue/simulated-clock.ts';
import { createLogger } from '../log/logger.ts';
import { MemoryRobot } from '../robot/memory/memory-robot.ts';
import type { RobotProfile } from '../robot/profile/robot-profile.ts';
import { CarebotRuntime } from '../runtime/carebot-runtime.ts';

/** Latency figures of one policy, in milliseconds. */
export interface LatencyStats {
  turns: number;
  p50: number;
  p99: number;
  mean: number;
}

/** Count, p50, p99 and mean of latency samples (ms, rounded to microseconds). */
export function stats(samples: readonly number[]): LatencyStats {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    turns: samples.length,
    p50: round(percentile(samples, 50)),
    p99: round(percentile(samples, 99)),
    mean: round(samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length)),
  };
}

/**
 * Times whole turns through the runtime (tracker, policy, line, trajectory) for several policies
 * over the same dialogues, interleaved dialogue by dialogue so drift on a shared machine hits them
 * alike. The first `warmup` turns of each policy are not counted.
 */
export async function measureTurns(
  policies: Record<string, Policy>,
  dialogues: readonly CareDialogue[],
  library: BehaviourLibrary,
  profile: RobotProfile,
  options: { rounds: number; warmup: number },
): Promise<Record<string, number[]>> {
  const log = createLogger('bench', () => {});
  // A simulated clock: the bench ends each action by moving time on (no real waiting for speech).
  const clock = new SimulatedClock();
  const runtimes = Object.fromEntries(
    Object.entries(policies).map(([name, policy]) => [
      name,
      new CarebotRuntime({
        port: new MemoryRobot(),
        policy,
        behaviours: library,
        profile,
        log,
        clock,
        random: () => 0.5,
      }),
    ]),
  );
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(policies).map((n) => [n, []]));
  let counted = 0;
  for (let round = 0; round < options.rounds; round++) {
    for (const [i, dialogue] of dialogues.entries()) {
      const names = Object.keys(runtimes);
      if ((round + i) % 2 === 1) names.reverse();
      for (const name of names) {
        const runtime = runtimes[name] as CarebotRuntime;
        const session = `${round}:${dialogue.id}`;
        for (const turn of dialogue.turns) {
          const started = performance.now();
          const action = await runtime.respond(session, turn.input);
          const ms = performance.now() - started;
          if (!action) continue;
          clock.increment(actingTimeMs(action, DEFAULT_TIMING));
          if (counted >= options.warmup * names.length) samples[name]?.push(ms);
          counted += 1;
        }
        await runtime.endSession(session);
      }
    }
  }
  return samples;
}
