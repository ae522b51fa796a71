import path from 'node:path';
import { loadBehaviourLibrary } from '../../behaviours/load-behaviour-library.ts';
import { formatBench, runBench } from '../../bench/run-bench.ts';
import { type CarebotConfig, PACKAGE_ROOT } from '../../config/carebot-config.ts';
import { CarebotError } from '../../core/carebot-error.ts';
import { readCareCorpus } from '../../corpus/read-care-corpus.ts';
import { createLogger } from '../../log/logger.ts';
import { describeBackend, initBackend } from '../../model/backend.ts';
import { loadRobotProfile } from '../../robot/profile/load-robot-profile.ts';

const CORPORA = path.join(PACKAGE_ROOT, 'corpora', 'care');

/** The command that trains the shipped default model (also recorded in its metadata.json). */
export const DEFAULT_TRAINING = {
  corpora: ['en-train.jsonl', 'ko-train.jsonl'].map((f) => path.join(CORPORA, f)),
  devCorpora: ['en-dev.jsonl', 'ko-dev.jsonl'].map((f) => path.join(CORPORA, f)),
  command:
    'carebot train --corpus corpora/care/en-train.jsonl --corpus corpora/care/ko-train.jsonl --dev corpora/care/en-dev.jsonl --dev corpora/care/ko-dev.jsonl --out models/default',
};

/** Reads `--load-seconds`: a whole number of seconds from 1 to 3600. Default: 60. */
export function parseLoadSeconds(value: string | undefined): number {
  if (value === undefined) return 60;
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds < 1 || seconds > 3600)
    throw new CarebotError('USAGE', `--load-seconds must be a whole number from 1 to 3600 (got '${value}')`);
  return seconds;
}

/** Options of `carebot bench`. */
export interface BenchCommandOptions {
  /** Where the JSON reports go. Default (in main.ts): bench-results. */
  out: string;
  /** Skip timing the training of the default model (about five minutes). Default: false. */
  skipTraining: boolean;
  /** Seconds of the 200-client socket load. Default: 60. */
  loadSeconds?: number;
}

/**
 * `carebot bench`: turn latency of the default model against the rule baseline, turns per second,
 * tensor check, cold start, memory, socket load, ROS round trip, training; writes JSON under `out`.
 */
export async function runBenchCommand(config: CarebotConfig, options: BenchCommandOptions): Promise<string> {
  const log = createLogger('bench');
  log.info(describeBackend(await initBackend(config.backend)));
  const [library, profile] = await Promise.all([
    loadBehaviourLibrary(config.behavioursDir),
    loadRobotProfile(config.profileFile),
  ]);
  const known = new Set(library.actionIds());
  const dialogues = (
    await Promise.all(DEFAULT_TRAINING.devCorpora.map((f) => readCareCorpus(f, { actionIds: known })))
  ).flat();
  const { report, file } = await runBench({
    library,
    profile,
    modelDir: config.modelDir,
    dialogues,
    ...(options.skipTraining ? {} : { train: DEFAULT_TRAINING }),
    settings: { loadSeconds: options.loadSeconds ?? 60 },
    // The simulator processes run what was measured here.
    simConfig: {
      modelDir: config.modelDir,
      behavioursDir: config.behavioursDir,
      profileFile: config.profileFile,
      ...(config.backend ? { backend: config.backend } : {}),
    },
    outDir: path.resolve(options.out),
    log,
  });
  return `${formatBench(report)}\n\nwritten to ${file}`;
}
