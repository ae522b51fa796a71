import os from 'node:os';
import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import type { GenerationMode } from '../core/generation.ts';
import type { Policy } from '../core/policy.ts';
import type { CareDialogue } from '../corpus/care-dialogue.ts';
import { actingTimeMs, DEFAULT_TIMING } from '../dialogue/care-machine.ts';
import { SimulatedClock } from '../dialogue/simulated-clock.ts';
import { createLogger } from '../log/logger.ts';
import { tensorCount } from '../model/backend.ts';
import { MemoryRobot } from '../robot/memory/memory-robot.ts';
import type { RobotProfile } from '../robot/profile/robot-profile.ts';
import { CarebotRuntime } from '../runtime/carebot-runtime.ts';
import { type LatencyStats, stats } from './measure-turns.ts';

/** What `measureGeneration` reports (milliseconds). */
export interface GenerationBench {
  date: string;
  machine: { cpus: number; cpuModel: string; load: number[]; memoryGiB: number; node: string };
  /** Whole turns through the runtime, the same dialogues in each mode, interleaved. */
  turnLatencyMs: Record<GenerationMode, LatencyStats>;
  /** The decoders alone, per call, within the `generate` turns. */
  decoderMs: { text: LatencyStats; gesture: LatencyStats; both: LatencyStats };
  /** Share of `hybrid` turns whose line / gesture came from the decoders. */
  hybridGenerated: { text: number; gesture: number };
  tensors: { before: number; after: number };
  /** p99 of a whole `generate` turn (selection, line and gesture) within 60 ms. */
  targetMet: boolean;
}

/** Options of a generation benchmark; defaults in brackets. */
export interface MeasureGenerationOptions {
  /** Passes over the dialogues. [3] */
  rounds?: number;
  /** Turns per mode not counted at the start. [50] */
  warmup?: number;
}

const MODES: GenerationMode[] = ['select', 'generate', 'hybrid'];

/**
 * Times whole turns through the runtime with the profile in `select`, `generate` and `hybrid`
 * (one policy, interleaved dialogue by dialogue so drift on a shared machine hits all alike), and
 * the decoders' own time within the `generate` turns. The policy needs decoders for the
 * generated modes to mean anything; it is not disposed.
 */
export async function measureGeneration(
  policy: Policy,
  dialogues: readonly CareDialogue[],
  library: BehaviourLibrary,
  profile: RobotProfile,
  options: MeasureGenerationOptions = {},
): Promise<GenerationBench> {
  const rounds = options.rounds ?? 3;
  const warmup = options.warmup ?? 50;
  const decoderTime = { text: [] as number[], gesture: [] as number[], both: [] as number[] };
  let timing = false;
  let pending = 0;
  // The same policy, its decoders timed while a `generate` turn runs.
  const timed: Policy = {
    id: policy.id,
    ...(policy.generates ? { generates: policy.generates } : {}),
    decide: (input, context) => policy.decide(input, context),
    endSession: (id) => policy.endSession(id),
    generateLine: (request) => {
      const started = performance.now();
      const line = policy.generateLine?.(request);
      if (timing) {
        pending = performance.now() - started;
        decoderTime.text.push(pending);
      }
      return line;
    },
    generateGesture: (request) => {
      const started = performance.now();
      const gesture = policy.generateGesture?.(request);
      const ms = performance.now() - started;
      if (timing) {
        decoderTime.gesture.push(ms);
        decoderTime.both.push(pending + ms);
      }
      return gesture;
    },
  };
  const log = createLogger('bench', () => {});
  const clock = new SimulatedClock();
  const runtimes = new Map(
    MODES.map((mode) => [
      mode,
      new CarebotRuntime({
        port: new MemoryRobot(),
        policy: timed,
        behaviours: library,
        profile: { ...profile, speechMode: mode, gestureMode: mode },
        log,
        clock,
        random: () => 0.5,
      }),
    ]),
  );
  const samples: Record<GenerationMode, number[]> = { select: [], generate: [], hybrid: [] };
  const hybrid = { turns: 0, text: 0, gesture: 0 };
  const seen: Record<GenerationMode, number> = { select: 0, generate: 0, hybrid: 0 };
  const before = tensorCount();
  for (let round = 0; round < rounds; round++) {
    for (const [i, dialogue] of dialogues.entries()) {
      const order = (round + i) % 2 === 0 ? MODES : [...MODES].reverse();
      for (const mode of order) {
        const runtime = runtimes.get(mode) as CarebotRuntime;
        const session = `${mode}:${round}:${dialogue.id}`;
        for (const turn of dialogue.turns) {
          const counted = seen[mode] >= warmup;
          timing = mode === 'generate' && counted;
          pending = 0;
          const started = performance.now();
          const action = await runtime.respond(session, turn.input);
          const ms = performance.now() - started;
          timing = false;
          if (!action) continue;
          clock.increment(actingTimeMs(action, DEFAULT_TIMING));
          seen[mode] += 1;
          if (!counted) continue;
          samples[mode].push(ms);
          if (mode === 'hybrid') {
            hybrid.turns += 1;
            hybrid.text += Number(action.generation?.text === 'generated');
            hybrid.gesture += Number(action.generation?.gesture === 'generated');
          }
        }
        await runtime.endSession(session);
      }
    }
  }
  const turnLatencyMs = {
    select: stats(samples.select),
    generate: stats(samples.generate),
    hybrid: stats(samples.hybrid),
  };
  const share = (n: number) => Math.round((hybrid.turns ? n / hybrid.turns : 0) * 10000) / 10000;
  return {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      load: os.loadavg().map((l) => Math.round(l * 100) / 100),
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
    },
    turnLatencyMs,
    decoderMs: {
      text: stats(decoderTime.text),
      gesture: stats(decoderTime.gesture),
      both: stats(decoderTime.both),
    },
    hybridGenerated: { text: share(hybrid.text), gesture: share(hybrid.gesture) },
    tensors: { before, after: tensorCount() },
    targetMet: turnLatencyMs.generate.p99 <= 60,
  };
}

/** The benchmark as a short table. */
export function formatGenerationBench(b: GenerationBench): string {
  const row = (name: string, s: LatencyStats) =>
    `  ${name.padEnd(28)} p50 ${s.p50.toFixed(2).padStart(7)}  p99 ${s.p99.toFixed(2).padStart(7)}  mean ${s.mean.toFixed(2).padStart(7)}  (${s.turns})`;
  return [
    `generation latency (ms) on ${b.machine.cpuModel} x${b.machine.cpus}, load ${b.machine.load.join(' ')}, node ${b.machine.node}`,
    row('turn, select (templates)', b.turnLatencyMs.select),
    row('turn, generate (line+gesture)', b.turnLatencyMs.generate),
    row('turn, hybrid', b.turnLatencyMs.hybrid),
    row('decoders: line', b.decoderMs.text),
    row('decoders: gesture', b.decoderMs.gesture),
    row('decoders: line + gesture', b.decoderMs.both),
    `  hybrid spoke the decoder's line in ${(b.hybridGenerated.text * 100).toFixed(1)} % of turns, its gesture in ${(b.hybridGenerated.gesture * 100).toFixed(1)} %`,
    `  tensors ${b.tensors.before} -> ${b.tensors.after}; target p99 <= 60 ms for a generate turn: ${b.targetMet ? 'met' : 'NOT met'}`,
  ].join('\n');
}
