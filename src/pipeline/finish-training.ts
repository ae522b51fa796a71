import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelMetadata } from '../model/persistence/model-metadata.ts';
import { METADATA_FILE } from '../model/persistence/model-store.ts';
import type { EpochRecord } from '../model/training/train-memory-model.ts';
import type { EvalReport } from './score-board.ts';
import { trainingCurveSvg } from './training-curve.ts';

/** What every training run returns. */
export interface TrainingOutcome {
  outDir: string;
  metadata: ModelMetadata;
  dev: Record<string, EvalReport>;
  seconds: number;
}

/**
 * The common end of a training run: scores each dev file with `evaluate`, records the scores and
 * the total time in metadata.json, and draws the training curve beside the model.
 */
export async function finishTraining(options: {
  outDir: string;
  metadata: ModelMetadata;
  devFiles: readonly string[];
  evaluate: (file: string, index: number) => Promise<EvalReport>;
  history: readonly EpochRecord[];
  bestEpoch: number;
  started: number;
  title: string;
}): Promise<TrainingOutcome> {
  const { outDir, metadata } = options;
  const dev: Record<string, EvalReport> = {};
  for (const [index, devFile] of options.devFiles.entries()) {
    const file = path.basename(devFile);
    const report = await options.evaluate(devFile, index);
    dev[file] = report;
    metadata.dev[file] = {
      turns: report.turns,
      dialogues: report.dialogues,
      turn_accuracy: report.turn_accuracy,
      dialogue_accuracy: report.dialogue_accuracy,
    };
  }
  metadata.training.seconds = (performance.now() - options.started) / 1000;
  await writeFile(path.join(outDir, METADATA_FILE), `${JSON.stringify(metadata, null, 1)}\n`);
  const scores = Object.entries(metadata.dev)
    .map(([f, s]) => `${f} ${(s.turn_accuracy * 100).toFixed(2)}%`)
    .join(', ');
  await writeFile(
    path.join(outDir, 'training-curve.svg'),
    trainingCurveSvg(options.history, `${options.title}: dev ${scores}`, options.bestEpoch),
  );
  return { outDir, metadata, dev, seconds: metadata.training.seconds };
}
