import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import type { CareDialogue } from '../corpus/care-dialogue.ts';
import type { Logger } from '../log/logger.ts';
import { initBackend, tensorCount } from '../model/backend.ts';
import { LstmPolicy } from '../model/lstm-policy.ts';
import { RulePolicy } from '../model/rule-policy.ts';
import { trainCare } from '../pipeline/train-care.ts';
import type { RobotProfile } from '../robot/profile/robot-profile.ts';
import { type LatencyStats, measureTurns, stats } from './measure-turns.ts';

/** What `carebot bench` measures. */
export interface BenchReport {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  backend: string;
  model: string;
  /** Whole turns through the runtime, default model and rule baseline in the same run. */
  turnLatencyMs: { model: LatencyStats; rules: LatencyStats; modelOverRulesP50: number };
  /** Turns per second of the model path on one core (the process is single-threaded). */
  turnsPerSecond: number;
  tensors: { before: number; after: number; turns: number };
  training?: {
    seconds: number;
    samplesPerSecond: number;
    bestEpoch: number;
    devTurnAccuracy: Record<string, number>;
  };
}

export interface BenchRequest {
  library: BehaviourLibrary;
  profile: RobotProfile;
  modelDir: string;
  dialogues: CareDialogue[];
  /** Re-train the default model from scratch to time it (about two minutes). */
  train?: { corpora: string[]; devCorpora: string[]; command: string };
  outDir: string;
  log: Logger;
}

/** Runs the benchmark and writes `<outDir>/<date>.json` and `<outDir>/latest.json`. */
export async function runBench(request: BenchRequest): Promise<{ report: BenchReport; file: string }> {
  const { library, profile, dialogues, log } = request;
  const backend = await initBackend();
  const model = await LstmPolicy.load(request.modelDir, library.actionIds());
  log.info(`latency: ${dialogues.length} dialogues x 5 rounds, model and rules interleaved`);
  const samples = await measureTurns({ model, rules: new RulePolicy() }, dialogues, library, profile, {
    rounds: 5,
    warmup: 50,
  });
  const modelStats = stats(samples.model ?? []);
  const rulesStats = stats(samples.rules ?? []);
  log.info('tensor check: 10,000 turns through the model path');
  const before = tensorCount();
  const started = performance.now();
  const leakSamples = await measureTurns({ model }, dialogues, library, profile, {
    rounds: Math.ceil(
      10_000 /
        Math.max(
          1,
          dialogues.reduce((n, d) => n + d.turns.length, 0),
        ),
    ),
    warmup: 0,
  });
  const turns = leakSamples.model?.length ?? 0;
  const seconds = (performance.now() - started) / 1000;
  const after = tensorCount();
  model.dispose();
  const report: BenchReport = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
    },
    backend: backend.name,
    model: request.modelDir,
    turnLatencyMs: {
      model: modelStats,
      rules: rulesStats,
      modelOverRulesP50: Math.round((modelStats.p50 / Math.max(1e-9, rulesStats.p50)) * 100) / 100,
    },
    turnsPerSecond: Math.round(turns / seconds),
    tensors: { before, after, turns },
  };
  if (request.train) {
    log.info('training the default model from scratch (timed)');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'carebot-bench-train-'));
    const result = await trainCare({
      library,
      corpora: request.train.corpora,
      devCorpora: request.train.devCorpora,
      outDir: dir,
      command: request.train.command,
      log,
    });
    report.training = {
      seconds: Math.round(result.seconds),
      samplesPerSecond: Math.round(result.metadata.training.samplesPerSecond),
      bestEpoch: result.metadata.training.bestEpoch,
      devTurnAccuracy: Object.fromEntries(Object.entries(result.dev).map(([f, r]) => [f, r.turn_accuracy])),
    };
    await rm(dir, { recursive: true, force: true });
  }
  await mkdir(request.outDir, { recursive: true });
  const file = path.join(request.outDir, `${report.date.replace(/[:.]/g, '-')}.json`);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  await writeFile(file, json);
  await writeFile(path.join(request.outDir, 'latest.json'), json);
  return { report, file };
}

/** The readable table of a report. */
export function formatBench(report: BenchReport): string {
  const l = report.turnLatencyMs;
  const row = (name: string, s: LatencyStats) =>
    `  ${name.padEnd(22)} ${s.p50.toFixed(3).padStart(8)} ${s.p99.toFixed(3).padStart(8)} ${s.mean.toFixed(3).padStart(8)} ${String(s.turns).padStart(7)}`;
  const lines = [
    `carebot bench ${report.date} on ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGiB} GiB, node ${report.machine.node}; backend ${report.backend}`,
    '',
    `  ${'turn latency (ms)'.padEnd(22)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'mean'.padStart(8)} ${'turns'.padStart(7)}`,
    row('default model', l.model),
    row('rule baseline', l.rules),
    `  model / rules at p50: ${l.modelOverRulesP50}×`,
    `  turns per second (model, one core): ${report.turnsPerSecond}`,
    `  tensors before / after ${report.tensors.turns} turns: ${report.tensors.before} / ${report.tensors.after}`,
  ];
  if (report.training) {
    lines.push(
      `  training the default model: ${report.training.seconds} s (${report.training.samplesPerSecond} turns/s, best epoch ${report.training.bestEpoch}); dev turn accuracy ${Object.entries(
        report.training.devTurnAccuracy,
      )
        .map(([f, a]) => `${f} ${(a * 100).toFixed(1)}%`)
        .join(', ')}`,
    );
  }
  return lines.join('\n');
}
