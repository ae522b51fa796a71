import path from 'node:path';
import { loadBehaviourLibrary } from '../../behaviours/load-behaviour-library.ts';
import { formatBench, runBench } from '../../bench/run-bench.ts';
import { type CarebotConfig, PACKAGE_ROOT } from '../../config/carebot-config.ts';
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

/** `carebot bench`: measures the default model against the rule baseline; writes JSON under `out`. */
export async function runBenchCommand(
  config: CarebotConfig,
  options: { out: string; skipTraining: boolean },
): Promise<string> {
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
    outDir: path.resolve(options.out),
    log,
  });
  return `${formatBench(report)}\n\nwritten to ${file}`;
}
