import path from 'node:path';
import { babiContextSize } from '../babi/babi-featurizer.ts';
import type { Logger } from '../log/logger.ts';
import { initBackend } from '../model/backend.ts';
import type { MemoryModel } from '../model/memory-model.ts';
import { MODEL_FORMAT_VERSION, type ModelMetadata } from '../model/persistence/model-metadata.ts';
import { saveModel } from '../model/persistence/model-store.ts';
import type { TrainingSequence } from '../model/training/sequence-example.ts';
import { type TrainMembersOptions, trainMembers } from '../model/training/train-members.ts';
import type { TrainResult } from '../model/training/train-memory-model.ts';
import { Vocabulary } from '../model/vocabulary.ts';
import { babiDomain, babiFamily, defaultKbFile, readBabiFiles, replayBabi } from './babi-data.ts';
import { corpusHash } from './corpus-hash.ts';
import { evaluateBabi } from './evaluate-babi.ts';
import { finishTraining, type TrainingOutcome } from './finish-training.ts';
import { type CareTrainingSettings, memberSpec } from './train-care.ts';

export const DEFAULT_BABI_SETTINGS: CareTrainingSettings = {
  seed: 7,
  epochs: 30,
  batchSize: 32,
  learningRate: 0.004,
  patience: 5,
  embedSize: 64,
  hiddenSize: 96,
  dropout: 0.2,
  maxVocabulary: 4000,
  members: 1,
};

export interface TrainBabiRequest {
  corpora: string[];
  devCorpora: string[];
  /** Default: the KB file beside the first corpus. */
  kbFile?: string;
  outDir: string;
  command: string;
  settings?: Partial<CareTrainingSettings>;
  onProgress?: TrainMembersOptions['onProgress'];
  onEpoch?: TrainMembersOptions['onEpoch'];
  log: Logger;
}

/**
 * Trains a bAbI model (Hybrid Code Networks' setup): actions are the delexicalised responses of
 * the training files, entity tracking fills them back, the mask allows only fillable templates.
 */
export async function trainBabi(request: TrainBabiRequest): Promise<TrainingOutcome> {
  const started = performance.now();
  const settings = { ...DEFAULT_BABI_SETTINGS, ...request.settings };
  const first = request.corpora[0] ?? '';
  const kbFile = request.kbFile ?? defaultKbFile(first);
  const backend = await initBackend();
  const train = await readBabiFiles(request.corpora);
  const dev = await readBabiFiles(request.devCorpora);
  const { kb, delex } = await babiDomain(kbFile, [...train, ...dev]);
  // Templates in order of first appearance in the training files: the action set.
  const templateSet = new Set<string>();
  for (const step of replayBabi(train, kb, delex, [])) templateSet.add(step.template);
  const templates = [...templateSet];
  const steps = [...replayBabi(train, kb, delex, templates)];
  const vocabulary = Vocabulary.build(
    steps.map((s) => s.text),
    { maxSize: settings.maxVocabulary, minCount: 1 },
  );
  const index = new Map(templates.map((t, i) => [t, i]));
  const toSequences = (
    source: Iterable<ReturnType<typeof replayBabi> extends Generator<infer S> ? S : never>,
  ) => {
    const byDialogue = new Map<string, TrainingSequence>();
    let conflicts = 0;
    for (const step of source) {
      const label = index.get(step.template);
      if (label === undefined) continue;
      const allowed = [...step.allowed];
      if (!allowed[label]) {
        conflicts += 1;
        allowed[label] = true;
      }
      const sequence = byDialogue.get(step.dialogue.id) ?? { id: step.dialogue.id, turns: [] };
      byDialogue.set(step.dialogue.id, sequence);
      sequence.turns.push({ text: vocabulary.indices(step.text), context: step.context, allowed, label });
    }
    return { sequences: [...byDialogue.values()], conflicts };
  };
  const trainData = toSequences(steps);
  const devData = toSequences(replayBabi(dev, kb, delex, templates));
  request.log.info(
    `bAbI ${babiFamily(first)}: ${train.length} dialogues, ${templates.length} templates, vocabulary ${vocabulary.size}; dev ${dev.length}; templates the tracker cannot fill: ${trainData.conflicts} train, ${devData.conflicts} dev; backend ${backend.name}`,
  );
  const contextSize = babiContextSize(templates.length);
  const shape = { vocabSize: vocabulary.size, contextSize, actionCount: templates.length };
  const {
    models: [model],
    results: [result],
  } = (await trainMembers(
    [memberSpec(shape, settings, settings.seed)],
    trainData.sequences,
    devData.sequences,
    {
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
      ...(request.onEpoch ? { onEpoch: request.onEpoch } : {}),
    },
  )) as { models: [MemoryModel]; results: [TrainResult] };
  const metadata: ModelMetadata = {
    formatVersion: MODEL_FORMAT_VERSION,
    domain: 'babi',
    createdAt: new Date().toISOString(),
    command: request.command,
    actionIds: templates,
    gestureIds: [],
    vocabulary: [...vocabulary.tokens],
    members: 1,
    contextSize,
    shape: { embedSize: settings.embedSize, hiddenSize: settings.hiddenSize, dropout: settings.dropout },
    corpora: await Promise.all(request.corpora.map((f) => corpusHash(f, 0))),
    training: {
      seed: settings.seed,
      backend: backend.name,
      epochs: result.history.length,
      bestEpoch: result.bestEpoch,
      seconds: 0,
      samplesPerSecond: result.samplesPerSecond,
      history: result.history,
    },
    dev: {},
    extra: { family: babiFamily(first), kbFile: path.basename(kbFile), settings },
  };
  await saveModel(request.outDir, model, metadata);
  model.dispose();
  return finishTraining({
    outDir: request.outDir,
    metadata,
    devFiles: request.devCorpora,
    evaluate: (file) => evaluateBabi(request.outDir, [file], kbFile),
    history: result.history,
    bestEpoch: result.bestEpoch,
    started,
    title: 'carebot bAbI model',
  });
}
