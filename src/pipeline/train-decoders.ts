import { createHash } from 'node:crypto';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import type { JointLimit } from '../core/joint-limit.ts';
import type { CareDialogue } from '../corpus/care-dialogue.ts';
import { readCareCorpus } from '../corpus/read-care-corpus.ts';
import type { Logger } from '../log/logger.ts';
import { initBackend } from '../model/backend.ts';
import { GestureDecoder } from '../model/generation/gesture-decoder.ts';
import { SpeechDecoder } from '../model/generation/speech-decoder.ts';
import { type DecoderEpoch, trainDecoder } from '../model/generation/train-decoder.ts';
import { LstmPolicy } from '../model/lstm-policy.ts';
import { DECODER_FORMAT_VERSION, type DecodersMetadata } from '../model/persistence/decoder-metadata.ts';
import { DECODERS_DIR, saveGestureDecoder, saveSpeechDecoder } from '../model/persistence/decoder-store.ts';
import { METADATA_FILE, WEIGHTS_FILE } from '../model/persistence/model-store.ts';
import type { TrainingProgress } from '../model/training/train-memory-model.ts';
import { scoreGeneration } from './evaluate-care.ts';
import type { GenerationReport } from './evaluate-generation.ts';
import { collectGenerationTurns } from './generation-turns.ts';
import {
  DEFAULT_GESTURE_TARGETS,
  gestureExamples,
  gestureLines,
  gestureSeconds,
  gestureVocabulary,
} from './gesture-targets.ts';
import { speechTargets } from './speech-targets.ts';

/** Hyperparameters of the decoders; defaults are the shipped decoders'. */
export interface DecoderSettings {
  seed: number;
  speech: {
    epochs: number;
    batchSize: number;
    learningRate: number;
    embedSize: number;
    conditionSize: number;
    hiddenSize: number;
    /** A reference word must be used for this many users to be learnt. */
    minUsers: number;
    /** `hybrid` speaks the template below this decoder confidence. */
    minConfidence: number;
    beamWidth: number;
  };
  gesture: {
    epochs: number;
    batchSize: number;
    learningRate: number;
    embedSize: number;
    encoderSize: number;
    hiddenSize: number;
  };
}

export const DEFAULT_DECODER_SETTINGS: DecoderSettings = {
  seed: 7,
  speech: {
    epochs: 20,
    batchSize: 64,
    learningRate: 0.004,
    embedSize: 64,
    conditionSize: 64,
    hiddenSize: 128,
    minUsers: 2,
    minConfidence: 0.6,
    beamWidth: 3,
  },
  gesture: { epochs: 10, batchSize: 32, learningRate: 0.004, embedSize: 32, encoderSize: 48, hiddenSize: 64 },
};

export interface TrainDecodersRequest {
  library: BehaviourLibrary;
  /** The trained care model whose memory model the decoders are conditioned on (it is not changed). */
  modelDir: string;
  /** Where the model with decoders is written: the memory model is copied there as it is. May be `modelDir`. */
  outDir: string;
  corpora: string[];
  devCorpora: string[];
  /** The command line, recorded in metadata.json. */
  command: string;
  /** The robot's joints, to score generated gestures on dev (the profile's). */
  limits: readonly JointLimit[];
  settings?: {
    seed?: number;
    speech?: Partial<DecoderSettings['speech']>;
    gesture?: Partial<DecoderSettings['gesture']>;
  };
  onProgress?: (stage: 'speech' | 'gesture', progress: TrainingProgress) => void;
  onEpoch?: (stage: 'speech' | 'gesture', record: DecoderEpoch) => void;
  log: Logger;
}

export interface TrainDecodersResult {
  outDir: string;
  decoders: DecodersMetadata;
  dev: Record<string, GenerationReport>;
  seconds: number;
}

async function readAll(files: readonly string[], library: BehaviourLibrary): Promise<CareDialogue[]> {
  const known = new Set(library.actionIds());
  return (await Promise.all(files.map((f) => readCareCorpus(f, { actionIds: known })))).flat();
}

/**
 * Trains the speech and gesture decoders as a second stage on a trained, frozen memory model: the
 * memory model only supplies each turn's features, so the model's action choices stay exactly as
 * they were. Writes `decoders/` and adds a `decoders` entry to metadata.json (nothing else in it
 * changes), then scores generation on the dev corpora.
 */
export async function trainDecoders(request: TrainDecodersRequest): Promise<TrainDecodersResult> {
  const started = performance.now();
  const { library, log } = request;
  const settings = {
    seed: request.settings?.seed ?? DEFAULT_DECODER_SETTINGS.seed,
    speech: { ...DEFAULT_DECODER_SETTINGS.speech, ...request.settings?.speech },
    gesture: { ...DEFAULT_DECODER_SETTINGS.gesture, ...request.settings?.gesture },
  };
  const backend = await initBackend();
  const source = path.resolve(request.modelDir);
  const out = path.resolve(request.outDir);
  if (source !== out) {
    const entries = (await readdir(source)).filter((e) => e !== DECODERS_DIR);
    for (const e of entries) await cp(path.join(source, e), path.join(out, e), { recursive: true });
  }
  const policy = await LstmPolicy.load(out, library.actionIds(), { decoders: false });
  const metadata = policy.metadata;
  const [train, dev] = await Promise.all([
    readAll(request.corpora, library),
    readAll(request.devCorpora, library),
  ]);
  const trainTurns = await collectGenerationTurns(train, library, policy);
  const devTurns = await collectGenerationTurns(dev, library, policy);
  policy.dispose();
  log.info(
    `decoders on the frozen memory model of ${source}: ${trainTurns.length} training turns, ${devTurns.length} dev turns; backend ${backend.name}`,
  );

  // Speech.
  const st = speechTargets(trainTurns, library, { minUsers: settings.speech.minUsers, seed: settings.seed });
  const sd = speechTargets(devTurns, library, { vocabulary: st.vocabulary, seed: settings.seed + 1 });
  log.info(
    `speech: vocabulary ${st.vocabulary.length}, ${st.targets.length} training lines (${st.references.used} of ${st.references.total} references; left out: ${Object.entries(
      st.references.dropped,
    )
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}), dev ${sd.targets.length}`,
  );
  const s = settings.speech;
  const speech = SpeechDecoder.create(
    {
      tokens: st.vocabulary,
      featureSize: 2 * metadata.shape.hiddenSize,
      actionIds: metadata.actionIds,
      embedSize: s.embedSize,
      conditionSize: s.conditionSize,
      hiddenSize: s.hiddenSize,
      maxTokens: Math.max(...st.targets.map((t) => t.tokens.length)) + 8,
    },
    settings.seed,
  );
  const toExamples = (targets: typeof st.targets) =>
    targets.map((t) => ({
      condition: speech.condition(t.turn.features, t.turn.actionId, t.turn.lang, t.turn.slots),
      tokens: t.tokens,
    }));
  const speechRun = await trainDecoder(speech, toExamples(st.targets), toExamples(sd.targets), {
    epochs: s.epochs,
    batchSize: s.batchSize,
    learningRate: s.learningRate,
    seed: settings.seed,
    length: (e) => e.tokens.length,
    onProgress: (p) => request.onProgress?.('speech', p),
    onEpoch: (r) => request.onEpoch?.('speech', r),
  });
  const speechFile = await saveSpeechDecoder(out, speech, {
    minConfidence: s.minConfidence,
    beamWidth: s.beamWidth,
  });

  // Gesture.
  const jointNames = Object.keys(library.rest);
  const lines = gestureLines(trainTurns, library);
  const devLines = gestureLines(devTurns, library, 0);
  const vocabulary = gestureVocabulary(lines);
  const g = settings.gesture;
  const actionSeconds = metadata.actionIds.map((id) => gestureSeconds(library, library.action(id).gesture));
  const gesture = GestureDecoder.create(
    {
      tokens: vocabulary,
      actionIds: metadata.actionIds,
      jointNames,
      rest: jointNames.map((j) => library.rest[j] ?? 0),
      frameRate: DEFAULT_GESTURE_TARGETS.frameRate,
      actionSeconds,
      charsPerSecond: DEFAULT_GESTURE_TARGETS.charsPerSecond,
      maxSeconds: DEFAULT_GESTURE_TARGETS.maxSeconds,
      embedSize: g.embedSize,
      encoderSize: g.encoderSize,
      hiddenSize: g.hiddenSize,
    },
    settings.seed,
  );
  const trainGestures = gestureExamples(library, lines, vocabulary, metadata.actionIds, jointNames);
  const devGestures = gestureExamples(library, devLines, vocabulary, metadata.actionIds, jointNames);
  log.info(
    `gesture: ${trainGestures.length} aligned lines (templates and references), dev ${devGestures.length}; ${jointNames.length} joints at ${DEFAULT_GESTURE_TARGETS.frameRate} Hz`,
  );
  const gestureRun = await trainDecoder(gesture, trainGestures, devGestures, {
    epochs: g.epochs,
    batchSize: g.batchSize,
    learningRate: g.learningRate,
    seed: settings.seed,
    dropout: 0,
    length: (e) => e.timeline.frames,
    onProgress: (p) => request.onProgress?.('gesture', p),
    onEpoch: (r) => request.onEpoch?.('gesture', r),
  });
  const gestureFile = await saveGestureDecoder(out, gesture);
  const counts = { speech: speech.weights.count, gesture: gesture.weights.count };
  speech.dispose();
  gesture.dispose();

  const weights = await readFile(path.join(out, WEIGHTS_FILE));
  const decoders: DecodersMetadata = {
    formatVersion: DECODER_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    command: request.command,
    memoryModel: {
      createdAt: metadata.createdAt,
      frozen: true,
      weightsSha256: createHash('sha256').update(weights).digest('hex'),
    },
    speech: {
      file: speechFile,
      parameters: counts.speech,
      vocabulary: st.vocabulary.length,
      examples: { train: st.targets.length, dev: sd.targets.length, references: st.references.used },
      training: { settings: s, ...speechRun },
    },
    gesture: {
      file: gestureFile,
      parameters: counts.gesture,
      examples: { train: trainGestures.length, dev: devGestures.length },
      training: { settings: g, ...gestureRun },
    },
    dev: {},
  };
  const metaFile = path.join(out, METADATA_FILE);
  const raw = JSON.parse(await readFile(metaFile, 'utf8')) as Record<string, unknown>;
  await writeFile(metaFile, `${JSON.stringify({ ...raw, decoders }, null, 1)}\n`);

  // Score generation on dev with the saved decoders, loaded as the robot loads them.
  const scored = await LstmPolicy.load(out, library.actionIds());
  const devReports: Record<string, GenerationReport> = {};
  for (const file of request.devCorpora) {
    const dialogues = await readAll([file], library);
    const report = await scoreGeneration(dialogues, library, scored, request.limits);
    if (report) devReports[path.basename(file)] = report;
  }
  scored.dispose();
  decoders.dev = devReports;
  await writeFile(metaFile, `${JSON.stringify({ ...raw, decoders }, null, 1)}\n`);
  return { outDir: out, decoders, dev: devReports, seconds: (performance.now() - started) / 1000 };
}
