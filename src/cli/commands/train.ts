import path from 'node:path';
import { loadBehaviourLibrary } from '../../behaviours/load-behaviour-library.ts';
import type { CarebotConfig } from '../../config/carebot-config.ts';
import { CarebotError } from '../../core/carebot-error.ts';
import { createLogger } from '../../log/logger.ts';
import { describeBackend, initBackend } from '../../model/backend.ts';
import type { EpochRecord } from '../../model/training/train-memory-model.ts';
import { trainBabi } from '../../pipeline/train-babi.ts';
import { type CareTrainingSettings, trainCare } from '../../pipeline/train-care.ts';
import { trainingProgressBar } from '../progress-bar.ts';

/** Arguments of `carebot train`. */
export interface TrainArgs {
  corpora: string[];
  dev: string[];
  out: string;
  settings: Partial<CareTrainingSettings>;
  command: string;
  /** bAbI knowledge-base file; default: the one beside the corpus. */
  kb?: string;
}

/** Trains a model and prints where it went and its dev scores. */
export async function runTrain(config: CarebotConfig, args: TrainArgs): Promise<string> {
  if (args.corpora.length === 0) {
    throw new CarebotError('USAGE', 'give at least one --corpus FILE (.jsonl care corpus or bAbI .txt)');
  }
  if (!args.out)
    throw new CarebotError('USAGE', 'give --out models/NAME: the folder the model is written to');
  for (const [name, value] of Object.entries(args.settings)) {
    if (typeof value === 'number' && (!Number.isInteger(value) || value < (name === 'seed' ? 0 : 1))) {
      throw new CarebotError(
        'USAGE',
        `--${name} must be a whole number${name === 'seed' ? '' : ' of at least 1'}, got '${value}'`,
      );
    }
  }
  const files = [...args.corpora, ...args.dev];
  const babi = files.every((f) => f.endsWith('.txt'));
  if (!babi && !files.every((f) => f.endsWith('.jsonl'))) {
    throw new CarebotError(
      'USAGE',
      'corpora must all be care corpora (.jsonl) or all bAbI task files (.txt)',
    );
  }
  const log = createLogger('train');
  log.info(describeBackend(await initBackend(config.backend)));
  const bar = trainingProgressBar();
  const common = {
    corpora: args.corpora.map((f) => path.resolve(f)),
    devCorpora: args.dev.map((f) => path.resolve(f)),
    outDir: path.resolve(args.out),
    command: args.command,
    settings: args.settings,
    onProgress: bar.onProgress,
    onEpoch: (r: EpochRecord) =>
      bar.line(
        `epoch ${r.epoch}: loss ${r.loss.toFixed(4)}, train acc ${(r.trainAccuracy * 100).toFixed(1)}%${
          r.devAccuracy === null ? '' : `, dev acc ${(r.devAccuracy * 100).toFixed(1)}%`
        } (${r.seconds.toFixed(1)} s)`,
      ),
    log,
  };
  const result = babi
    ? await trainBabi({ ...common, ...(args.kb ? { kbFile: path.resolve(args.kb) } : {}) })
    : await trainCare({ ...common, library: await loadBehaviourLibrary(config.behavioursDir) });
  const lines = [
    `model written to ${result.outDir} (best epoch ${result.metadata.training.bestEpoch} of ${result.metadata.training.epochs}, ${result.seconds.toFixed(0)} s, ${result.metadata.training.samplesPerSecond.toFixed(0)} turns/s)`,
    `training curve: ${path.join(result.outDir, 'training-curve.svg')}`,
  ];
  for (const [file, report] of Object.entries(result.dev)) {
    lines.push(
      `dev ${file}: turn accuracy ${(report.turn_accuracy * 100).toFixed(2)} %, dialogue accuracy ${(report.dialogue_accuracy * 100).toFixed(2)} %, p99 ${report.latency_ms.p99.toFixed(2)} ms`,
    );
  }
  return lines.join('\n');
}
