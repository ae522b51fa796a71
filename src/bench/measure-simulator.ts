import { percentile } from '../core/percentile.ts';
import type { Logger } from '../log/logger.ts';
import { runSimLoad } from '../robot/simulator/sim-load-client.ts';
import type { ColdStartReport, MemoryReport } from './bench-report.ts';
import { type SimProcessOptions, startSimProcess } from './sim-process.ts';
import { type SocketLoadReport, summarizeSimLoad } from './socket-load.ts';

const MIB = 2 ** 20;
const round = (x: number) => Math.round(x * 10) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Options of the simulator measurements; defaults in brackets. */
export interface MeasureSimulatorOptions {
  /** Concurrent socket.io clients. [200] */
  sessions?: number;
  /** Seconds each client talks (one utterance a second). [60] */
  loadSeconds?: number;
  /** Settings of the `carebot sim` process (model, behaviours, profile, backend). [its defaults] */
  config?: SimProcessOptions['config'];
  log: Logger;
}

/**
 * Cold start: spawns `carebot sim --port 0` (temporary memory and recordings) `coldStarts` times
 * and times each from spawn to the printed address.
 */
export async function measureColdStart(
  runs: number,
  log: Logger,
  config: SimProcessOptions['config'] = {},
): Promise<ColdStartReport> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const sim = await startSimProcess({ config: { ...config, logLevel: 'warn' } });
    times.push(Math.round(sim.readyMs));
    await sim.stop();
    log.info(`cold start ${run + 1}/${runs}: ${Math.round(sim.readyMs)} ms`);
  }
  return { runs: times, median: percentile(times, 50), p99: percentile(times, 99) };
}

/**
 * Memory and load of a `carebot sim` process as a user runs it: its RSS once ready (idle), then
 * `sessions` socket.io clients (in this process, so they do not share the server's event loop)
 * saying one line a second each for `loadSeconds`, RSS sampled all along, then RSS after they left.
 */
export async function measureSimulator(
  options: MeasureSimulatorOptions,
): Promise<{ memory: MemoryReport; socketLoad: SocketLoadReport }> {
  const { log } = options;
  const sessions = options.sessions ?? 200;
  const seconds = options.loadSeconds ?? 60;
  const sim = await startSimProcess({ config: { ...options.config, logLevel: 'warn' } });
  try {
    await sleep(2000); // let start-up garbage be collected
    const idle = sim.rssBytes() ?? 0;
    log.info(`idle: ${round(idle / MIB)} MiB; ${sessions} sessions for ${seconds} s`);
    const samples: number[] = [];
    const started = performance.now();
    const sampler = setInterval(() => {
      // From the second second on, every session has said its first line (starts spread over one).
      if (performance.now() - started > 1500) samples.push(sim.rssBytes() ?? 0);
    }, 500);
    const result = await runSimLoad({ url: sim.url, sessions, seconds }).finally(() =>
      clearInterval(sampler),
    );
    if (sim.exitCode() !== null) throw new Error(`carebot sim exited (${sim.exitCode()}) under load`);
    await sleep(3000);
    const after = sim.rssBytes() ?? 0;
    return {
      memory: {
        idleMiB: round(idle / MIB),
        loadedMiB: round(Math.max(0, ...samples) / MIB),
        sessions,
        afterCloseMiB: round(after / MIB),
      },
      socketLoad: summarizeSimLoad(result, sessions, seconds),
    };
  } finally {
    await sim.stop();
  }
}
