import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type { LatencyStats } from './measure-turns.ts';
import type { RosRoundTripReport } from './ros-round-trip.ts';
import type { SocketLoadReport } from './socket-load.ts';

/** The machine a report came from, and how busy it was. */
export interface MachineState {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1-, 5- and 15-minute load averages when the bench started and when it ended. */
  loadAverage: { start: number[]; end: number[] };
  /** Other processes whose command line names `train` when the bench started (a training run shares the cores). */
  otherTraining: string[];
}

/** Milliseconds from process start to the simulator's printed address, over several runs. */
export interface ColdStartReport {
  runs: number[];
  median: number;
  /** The nearest-rank 99th percentile: with a handful of runs, the slowest. */
  p99: number;
}

/** Resident memory of `carebot sim` (the process and its children), in MiB. */
export interface MemoryReport {
  /** After start, before any session. */
  idleMiB: number;
  /** The most seen while `sessions` sessions were open and talking. */
  loadedMiB: number;
  sessions: number;
  /** A few seconds after every session closed. */
  afterCloseMiB: number;
}

/** Generation latency from src/bench/measure-generation.ts (a model without decoders: not measured). */
export type GenerationReport =
  | { status: 'not measured'; reason: string }
  | ({ status: 'ok' } & Record<string, unknown>);

/** What `carebot bench` measures, in one JSON report. Latencies in milliseconds. */
export interface BenchReport {
  date: string;
  /** Wall-clock seconds of the whole bench. */
  seconds: number;
  machine: MachineState;
  /** The TensorFlow.js backend, and why faster ones were skipped. */
  backend: { name: string; skipped: Record<string, string> };
  model: string;
  /** Whole turns through the runtime, default model and rule baseline interleaved in the same run. */
  turnLatencyMs: { model: LatencyStats; rules: LatencyStats; modelOverRulesP50: number };
  /** Turns per second of the model path on one core (the runtime is single-threaded). */
  turnsPerSecond: number;
  tensors: { before: number; after: number; turns: number };
  /** Generation latency, p50/p99 of whole turns per mode beside selection, and the decoders alone. */
  generation: GenerationReport;
  coldStartMs: ColdStartReport;
  memory: MemoryReport;
  /** 200 socket.io clients, one utterance a second each, against a `carebot sim` process. */
  socketLoad: SocketLoadReport;
  rosRoundTrip: RosRoundTripReport | { status: 'skipped'; reason: string };
  training?: {
    seconds: number;
    samplesPerSecond: number;
    bestEpoch: number;
    devTurnAccuracy: Record<string, number>;
  };
}

/** Processes other than this one whose command line mentions `train` (Linux; none elsewhere). */
function trainingProcesses(): string[] {
  try {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
      .flatMap((pid) => {
        try {
          const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
          return /\btrain/.test(command) && !/\bbench\b/.test(command)
            ? [`${pid} ${command.slice(0, 120)}`]
            : [];
        } catch {
          return [];
        }
      });
  } catch {
    return [];
  }
}

const loads = () => os.loadavg().map((x) => Math.round(x * 100) / 100);

/** The machine as the bench starts; call `finish` at the end for the closing load average. */
export function machineState(): { state: MachineState; finish: () => void } {
  const state: MachineState = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    loadAverage: { start: loads(), end: [] },
    otherTraining: trainingProcesses(),
  };
  return {
    state,
    finish: () => {
      state.loadAverage.end = loads();
    },
  };
}
