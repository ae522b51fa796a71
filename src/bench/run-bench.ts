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
import { type BenchReport, machineState } from './bench-report.ts';
import { measureGeneration } from './measure-generation.ts';
import { measureColdStart, measureSimulator } from './measure-simulator.ts';
import { measureTurns, stats } from './measure-turns.ts';
import { runRosRoundTrip } from './ros-round-trip.ts';
import type { SimProcessOptions } from './sim-process.ts';

export type { BenchReport } from './bench-report.ts';
export { formatBench } from './format-bench.ts';

/** How much of each measurement to do; defaults in brackets are the full bench (under 10 minutes on 2 cores). */
export interface BenchSettings {
  /** Passes over the dev dialogues for turn latency, model and rules interleaved. [5] */
  latencyRounds?: number;
  /** Turns per policy not counted at the start. [50] */
  warmup?: number;
  /** Turns through the model path for the tensor check and turns per second. [10000] */
  leakTurns?: number;
  /** Timed starts of `carebot sim`. [5] */
  coldStarts?: number;
  /** socket.io clients of the load (and sessions of the memory figure). [200] */
  sessions?: number;
  /** Seconds of socket load, one utterance a second per client. [60] */
  loadSeconds?: number;
  /** Round trips through a real ROS master; 0 skips it. [1000] */
  rosTurns?: number;
  /** Passes over the dialogues per generation mode (0 skips generation). [3] */
  generationRounds?: number;
}

export interface BenchRequest {
  library: BehaviourLibrary;
  profile: RobotProfile;
  modelDir: string;
  dialogues: CareDialogue[];
  /** Re-train the default model from scratch to time it (four to five minutes here). Default: not done. */
  train?: { corpora: string[]; devCorpora: string[]; command: string };
  settings?: BenchSettings;
  /** Settings the `carebot sim` processes get, so they run what the bench measured in-process. Default: their defaults. */
  simConfig?: SimProcessOptions['config'];
  outDir: string;
  log: Logger;
}

/** Turn latency of the default model beside the rules in the same run, turns per second, tensor check. */
async function measurePolicies(request: BenchRequest, settings: BenchSettings) {
  const { library, profile, dialogues, log } = request;
  const model = await LstmPolicy.load(request.modelDir, library.actionIds());
  try {
    const rounds = settings.latencyRounds ?? 5;
    log.info(`turn latency: ${dialogues.length} dialogues x ${rounds} rounds, model and rules interleaved`);
    const samples = await measureTurns({ model, rules: new RulePolicy() }, dialogues, library, profile, {
      rounds,
      warmup: settings.warmup ?? 50,
    });
    const modelStats = stats(samples.model ?? []);
    const rulesStats = stats(samples.rules ?? []);
    const leakTurns = settings.leakTurns ?? 10_000;
    log.info(`tensor check and turns per second: ${leakTurns} turns through the model path`);
    const before = tensorCount();
    const started = performance.now();
    const perRound = Math.max(
      1,
      dialogues.reduce((n, d) => n + d.turns.length, 0),
    );
    const leak = await measureTurns({ model }, dialogues, library, profile, {
      rounds: Math.ceil(leakTurns / perRound),
      warmup: 0,
    });
    const turns = leak.model?.length ?? 0;
    const seconds = (performance.now() - started) / 1000;
    const tensorsAfter = tensorCount();
    let generation: BenchReport['generation'] = {
      status: 'not measured',
      reason: 'the model has no decoders',
    };
    const generationRounds = settings.generationRounds ?? 3;
    if (generationRounds === 0)
      generation = { status: 'not measured', reason: 'skipped (generationRounds 0)' };
    else if (model.generates.speech || model.generates.gesture) {
      log.info('generation: whole turns in select, generate and hybrid, interleaved');
      generation = {
        status: 'ok',
        ...(await measureGeneration(model, dialogues, library, profile, {
          rounds: generationRounds,
          warmup: Math.min(settings.warmup ?? 50, 50),
        })),
      };
    }
    return {
      generation,
      turnLatencyMs: {
        model: modelStats,
        rules: rulesStats,
        modelOverRulesP50: Math.round((modelStats.p50 / Math.max(1e-9, rulesStats.p50)) * 100) / 100,
      },
      turnsPerSecond: Math.round(turns / seconds),
      tensors: { before, after: tensorsAfter, turns },
    };
  } finally {
    model.dispose();
  }
}

/** Times training the default model from scratch (its own temporary folder). */
async function measureTraining(request: BenchRequest, train: NonNullable<BenchRequest['train']>) {
  request.log.info('training the default model from scratch (timed)');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'carebot-bench-train-'));
  try {
    const result = await trainCare({
      library: request.library,
      corpora: train.corpora,
      devCorpora: train.devCorpora,
      outDir: dir,
      command: train.command,
      log: request.log,
    });
    return {
      seconds: Math.round(result.seconds),
      samplesPerSecond: Math.round(result.metadata.training.samplesPerSecond),
      bestEpoch: result.metadata.training.bestEpoch,
      devTurnAccuracy: Object.fromEntries(Object.entries(result.dev).map(([f, r]) => [f, r.turn_accuracy])),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs every measurement one after another (never two at once: they would share the cores) and
 * writes `<outDir>/<date>.json` and `<outDir>/latest.json`.
 */
export async function runBench(request: BenchRequest): Promise<{ report: BenchReport; file: string }> {
  const { log } = request;
  const settings = request.settings ?? {};
  const started = performance.now();
  const machine = machineState();
  if (machine.state.otherTraining.length > 0)
    log.warn(`another training run shares the machine: ${machine.state.otherTraining.join('; ')}`);
  const backend = await initBackend();
  const policies = await measurePolicies(request, settings);

  const { generation } = policies;

  const coldStarts = settings.coldStarts ?? 5;
  log.info(`cold start: ${coldStarts} x carebot sim --port 0`);
  const coldStartMs = await measureColdStart(coldStarts, log, request.simConfig);
  log.info('memory and socket load against a carebot sim process');
  const { memory, socketLoad } = await measureSimulator({
    sessions: settings.sessions ?? 200,
    loadSeconds: settings.loadSeconds ?? 60,
    ...(request.simConfig ? { config: request.simConfig } : {}),
    log,
  });
  const rosTurns = settings.rosTurns ?? 1000;
  log.info(rosTurns > 0 ? `ROS round trip: ${rosTurns} turns` : 'ROS round trip: skipped');
  const rosRoundTrip =
    rosTurns > 0
      ? await runRosRoundTrip({
          turns: rosTurns,
          ...(request.simConfig ? { config: request.simConfig } : {}),
        })
      : { status: 'skipped' as const, reason: 'rosTurns is 0' };
  const training = request.train ? await measureTraining(request, request.train) : undefined;
  machine.finish();

  const report: BenchReport = {
    date: new Date().toISOString(),
    seconds: Math.round((performance.now() - started) / 1000),
    machine: machine.state,
    backend: {
      name: backend.name,
      skipped: Object.fromEntries(Object.entries(backend.skipped).map(([k, v]) => [k, v ?? ''])),
    },
    model: request.modelDir,
    ...policies,
    generation,
    coldStartMs,
    memory,
    socketLoad,
    rosRoundTrip,
    ...(training ? { training } : {}),
  };
  await mkdir(request.outDir, { recursive: true });
  const file = path.join(request.outDir, `${report.date.replace(/[:.]/g, '-')}.json`);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  await writeFile(file, json);
  await writeFile(path.join(request.outDir, 'latest.json'), json);
  return { report, file };
}
