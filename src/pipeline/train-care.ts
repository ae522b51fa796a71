import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import type { CareDialogue } from '../corpus/care-dialogue.ts';
import { readCareCorpus } from '../corpus/read-care-corpus.ts';
import type { Logger } from '../log/logger.ts';
import { initBackend, trainingThreads } from '../model/backend.ts';
import { CareFeaturizer } from '../model/care-featurizer.ts';
import { LstmPolicy } from '../model/lstm-policy.ts';
import { MODEL_FORMAT_VERSION, type ModelMetadata } from '../model/persistence/model-metadata.ts';
import { saveModel } from '../model/persistence/model-store.ts';
import {
  type MemberSpec,
  type TrainMembersOptions,
  trainMembers,
  type WeightValues,
  weightValues,
} from '../model/training/train-members.ts';
import type { TrainResult } from '../model/training/train-memory-model.ts';
import { buildVocabulary, careTrainingData } from './care-training-data.ts';
import { corpusHash } from './corpus-hash.ts';
import { evaluateCare } from './evaluate-care.ts';
import { finishTraining, type TrainingOutcome } from './finish-training.ts';
import { loadStartingModel } from './starting-model.ts';

/** Hyperparameters of a care training run; defaults are the shipped model's. */
export interface CareTrainingSettings {
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  embedSize: number;
  hiddenSize: number;
  dropout: number;
  maxVocabulary: number;
  /** Ensemble members trained with different seeds; their predictions are averaged. */
  members: number;
}

export const DEFAULT_CARE_SETTINGS: CareTrainingSettings = {
  seed: 7,
  // With 24,000 turns the dev accuracy peaks at epoch 3 to 10; 7 epochs for each of 3 members
  // keeps training the default model under 5 minutes on 2 cores (wasm).
  epochs: 7,
  batchSize: 32,
  learningRate: 0.004,
  patience: 8,
  embedSize: 64,
  hiddenSize: 96,
  dropout: 0.5,
  maxVocabulary: 6000,
  members: 3,
};

export interface TrainCareRequest {
  library: BehaviourLibrary;
  corpora: string[];
  devCorpora: string[];
  outDir: string;
  /** The command line, recorded in metadata.json. */
  command: string;
  settings?: Partial<CareTrainingSettings>;
  /** Extra training dialogues (e.g. exported recordings), appended after the corpora. */
  extraDialogues?: CareDialogue[];
  /** Where the extra dialogues came from, recorded in metadata.json beside the corpora. */
  extraSources?: Array<{ file: string; sha256: string; dialogues: number }>;
  /**
   * A saved care model to fine-tune instead of starting from random weights (its vocabulary,
   * shape and members are kept). Default: train from scratch.
   */
  from?: string;
  /** Members trained at once (worker threads). Default: one per core on wasm/cpu, 1 on tfjs-node. */
  parallel?: number;
  onProgress?: TrainMembersOptions['onProgress'];
  onEpoch?: TrainMembersOptions['onEpoch'];
  log: Logger;
}

/** One ensemble member's spec from the run's settings: its seed sets its weights, dropout and batch order. */
export function memberSpec(
  shape: { vocabSize: number; contextSize: number; actionCount: number },
  settings: CareTrainingSettings,
  seed: number,
  start?: WeightValues[],
): MemberSpec {
  return {
    shape: {
      ...shape,
      embedSize: settings.embedSize,
      hiddenSize: settings.hiddenSize,
      dropout: settings.dropout,
      seed,
    },
    options: {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      learningRate: settings.learningRate,
      patience: settings.patience,
      seed,
    },
    ...(start ? { start } : {}),
  };
}

/** What a care training run returns. */
export type TrainCareResult = TrainingOutcome;

async function readAll(files: readonly string[], actionIds: ReadonlySet<string>): Promise<CareDialogue[][]> {
  return Promise.all(files.map((f) => readCareCorpus(f, { actionIds })));
}

/** Trains a care model end to end: read, featurize, train, save, evaluate on dev, chart. */
export async function trainCare(request: TrainCareRequest): Promise<TrainCareResult> {
  const started = performance.now();
  const settings = { ...DEFAULT_CARE_SETTINGS, ...request.settings };
  const backend = await initBackend();
  const { library, log } = request;
  const actionIds = library.actionIds();
  const known = new Set(actionIds);
  const trainSets = await readAll(request.corpora, known);
  const devSets = await readAll(request.devCorpora, known);
  const train = [...trainSets.flat(), ...(request.extraDialogues ?? [])];
  const dev = devSets.flat();
  const start = request.from ? await loadStartingModel(request.from, actionIds) : undefined;
  if (start) {
    Object.assign(settings, start.metadata.shape, { members: start.models.length });
    log.info(
      `fine-tuning ${start.dir} (${start.models.length} members; its vocabulary of ${start.metadata.vocabulary.length})`,
    );
  }
  const featurizer =
    start?.featurizer ?? new CareFeaturizer(buildVocabulary(train, settings.maxVocabulary), actionIds);
  const vocabulary = featurizer.vocabulary;
  const trainData = await careTrainingData(train, library, featurizer);
  const devData = await careTrainingData(dev, library, featurizer);
  for (const c of [...trainData.conflicts, ...devData.conflicts]) {
    log.warn(
      `${c.dialogue} turn ${c.turn}: expected '${c.expected}' is masked in state '${c.state}' (trained on anyway)`,
    );
  }
  log.info(
    `training on ${train.length} dialogues (${trainData.sequences.length} users), dev ${dev.length}; vocabulary ${vocabulary.size}, context ${featurizer.contextSize}, ${actionIds.length} actions; backend ${backend.name}`,
  );
  const shape = {
    vocabSize: vocabulary.size,
    contextSize: featurizer.contextSize,
    actionCount: actionIds.length,
  };
  // Ensemble members differ only by seed (initial weights, dropout, batch order).
  const specs = Array.from({ length: settings.members }, (_, k) => {
    const startModel = start?.models[k];
    return memberSpec(shape, settings, settings.seed + 101 * k, startModel && weightValues(startModel));
  });
  for (const m of start?.models ?? []) m.dispose();
  const parallel = request.parallel ?? trainingThreads(backend, specs.length);
  if (specs.length > 1) log.info(`${specs.length} members, ${parallel} at a time`);
  const { models, results } = await trainMembers(specs, trainData.sequences, devData.sequences, {
    parallel,
    backend: backend.name,
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    ...(request.onEpoch ? { onEpoch: request.onEpoch } : {}),
  });
  const [result] = results as [TrainResult];
  const corpora = [
    ...(await Promise.all(request.corpora.map((f, i) => corpusHash(f, trainSets[i]?.length ?? 0)))),
    ...(request.extraSources ?? []),
  ];
  const metadata: ModelMetadata = {
    formatVersion: MODEL_FORMAT_VERSION,
    domain: 'care',
    createdAt: new Date().toISOString(),
    command: request.command,
    actionIds,
    gestureIds: [...library.gestures.keys()],
    vocabulary: [...vocabulary.tokens],
    contextSize: featurizer.contextSize,
    members: models.length,
    shape: { embedSize: settings.embedSize, hiddenSize: settings.hiddenSize, dropout: settings.dropout },
    corpora,
    training: {
      seed: settings.seed,
      backend: backend.name,
      epochs: result.history.length,
      bestEpoch: result.bestEpoch,
      seconds: (performance.now() - started) / 1000,
      samplesPerSecond: results.reduce((n, r) => n + r.samplesPerSecond, 0) / results.length,
      history: result.history,
    },
    dev: {},
    extra: {
      settings,
      memberBestEpochs: results.map((r) => r.bestEpoch),
      ...(start ? { fineTunedFrom: start.dir } : {}),
    },
  };
  await saveModel(request.outDir, models, metadata);
  for (const m of models) m.dispose();
  const policy = await LstmPolicy.load(request.outDir, actionIds);
  const outcome = await finishTraining({
    outDir: request.outDir,
    metadata,
    devFiles: request.devCorpora,
    evaluate: (_file, index) => evaluateCare(devSets[index] ?? [], library, policy),
    history: result.history,
    bestEpoch: result.bestEpoch,
    started,
    title: 'carebot care model',
  });
  policy.dispose();
  return outcome;
}
