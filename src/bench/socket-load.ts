/**
 * The simulator under load (issue 5): `sessions` socket.io clients, one utterance a second each,
 * against the real `carebot sim` stack (runtime, default model, SimulatorRobot). The clients run
 * in a child process so they do not share the server's event loop.
 *
 *   npx tsx src/bench/socket-load.ts [--sessions 200] [--seconds 60]     (the full run: 60 s of load)
 *   npx tsx src/bench/socket-load.ts --seconds 5                          (a smoke run)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadBehaviourLibrary } from '../behaviours/load-behaviour-library.ts';
import type { CarebotConfig } from '../config/carebot-config.ts';
import { loadConfig } from '../config/load-config.ts';
import { percentile } from '../core/percentile.ts';
import { createLogger } from '../log/logger.ts';
import { loadRobotProfile } from '../robot/profile/load-robot-profile.ts';
import { SIM_LOAD_CLIENT, type SimLoadResult } from '../robot/simulator/sim-load-client.ts';
import { SimulatorRobot } from '../robot/simulator/simulator-robot.ts';
import { createRuntime } from '../runtime/create-runtime.ts';

/** The issue's target for the 99th percentile of turn latency under load, in ms. */
export const TARGET_P99_MS = 100;

/** Options of a load run. */
export interface SocketLoadOptions {
  /** Default: 200. */
  sessions?: number;
  /** Default: 60. */
  seconds?: number;
}

/** What a load run measured (milliseconds). */
export interface SocketLoadReport {
  sessions: number;
  seconds: number;
  sent: number;
  answered: number;
  /** Round trip seen by the clients, emit → robot.action, over every turn. */
  turn: { p50: number; p99: number; max: number };
  /** The same without each session's first turn (which opens the session: user, machine, model state). */
  steadyTurn: { p50: number; p99: number; max: number };
  /** Each session's first turn only. */
  firstTurn: { p50: number; p99: number; max: number };
  /** The runtime's own latencyMs for the same turns. */
  runtime: { p50: number; p99: number; max: number };
  errors: number;
  errorSamples: string[];
  targetP99Ms: number;
  meetsTarget: boolean;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Only warnings and errors: 200 sessions opening would bury the report. */
const quietLog = createLogger('bench:socket-load', (line) => {
  if (/ (warn|error): /.test(line)) process.stderr.write(line);
});

/** Runs the clients in a child process against `url`; resolves with what they saw. */
function driveFromChild(url: string, sessions: number, seconds: number): Promise<SimLoadResult> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      SIM_LOAD_CLIENT,
      '--url',
      url,
      '--sessions',
      String(sessions),
      '--seconds',
      String(seconds),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`the load clients exited with ${code}`);
        resolve(JSON.parse(out) as SimLoadResult);
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** Starts the simulator stack on a free loopback port, puts it under load, stops it, reports. */
export async function runSocketLoad(
  config: CarebotConfig,
  options: SocketLoadOptions = {},
): Promise<SocketLoadReport> {
  const sessions = options.sessions ?? 200;
  const seconds = options.seconds ?? 60;
  const [behaviours, profile] = await Promise.all([
    loadBehaviourLibrary(config.behavioursDir),
    loadRobotProfile(config.profileFile),
  ]);
  const robot = new SimulatorRobot({ profile, actionIds: behaviours.actionIds(), log: quietLog, port: 0 });
  // The load's 200 users get a memory folder of their own, not the real users' one.
  const scratch = await mkdtemp(path.join(tmpdir(), 'carebot-socket-load-'));
  const runtime = await createRuntime(
    { ...config, memoryDir: path.join(scratch, 'memory'), recordingsDir: path.join(scratch, 'recordings') },
    { port: robot, log: quietLog },
  );
  await runtime.start();
  let result: SimLoadResult;
  try {
    result = await driveFromChild(robot.url, sessions, seconds);
  } finally {
    await runtime.stop();
    await rm(scratch, { recursive: true, force: true });
  }
  return summarizeSimLoad(result, sessions, seconds);
}

/** The report of what load clients saw (here, or against a `carebot sim` process: run-bench.ts). */
export function summarizeSimLoad(result: SimLoadResult, sessions: number, seconds: number): SocketLoadReport {
  const summary = (values: number[]) => ({
    p50: round(percentile(values, 50)),
    p99: round(percentile(values, 99)),
    max: round(Math.max(0, ...values)),
  });
  const latencies = (turns: SimLoadResult['turns']) => turns.map((t) => t.latencyMs);
  const turn = summary(latencies(result.turns));
  return {
    sessions,
    seconds,
    sent: result.sent,
    answered: result.answered,
    turn,
    steadyTurn: summary(latencies(result.turns.filter((t) => !t.first))),
    firstTurn: summary(latencies(result.turns.filter((t) => t.first))),
    runtime: summary(result.turns.map((t) => t.runtimeMs)),
    errors: result.errors,
    errorSamples: result.errorSamples,
    targetP99Ms: TARGET_P99_MS,
    meetsTarget: result.errors === 0 && turn.p99 <= TARGET_P99_MS,
  };
}

/** A few lines for people. */
export function formatSocketLoad(report: SocketLoadReport): string {
  return [
    `socket load: ${report.sessions} sessions x 1 utterance/s for ${report.seconds} s: ${report.answered}/${report.sent} answered`,
    `turn latency (client round trip): p50 ${report.turn.p50} ms, p99 ${report.turn.p99} ms, max ${report.turn.max} ms (target p99 <= ${report.targetP99Ms} ms)`,
    `  without first turns: p50 ${report.steadyTurn.p50} ms, p99 ${report.steadyTurn.p99} ms, max ${report.steadyTurn.max} ms`,
    `  first turns (session opening): p50 ${report.firstTurn.p50} ms, p99 ${report.firstTurn.p99} ms, max ${report.firstTurn.max} ms`,
    `runtime latencyMs: p50 ${report.runtime.p50} ms, p99 ${report.runtime.p99} ms`,
    `errors: ${report.errors}${report.errorSamples.length ? ` (${report.errorSamples.join('; ')})` : ''}`,
    report.meetsTarget ? 'target met' : 'target NOT met',
  ].join('\n');
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { sessions: { type: 'string' }, seconds: { type: 'string' } },
  });
  const report = await runSocketLoad(loadConfig(), {
    ...(values.sessions ? { sessions: Number(values.sessions) } : {}),
    ...(values.seconds ? { seconds: Number(values.seconds) } : {}),
  });
  process.stdout.write(`${formatSocketLoad(report)}\n${JSON.stringify(report)}\n`);
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url)
  await main(process.argv.slice(2));
