import { z } from 'zod';
import { decodersMetadataSchema } from './decoder-metadata.ts';

/** The metadata format version this code reads and writes. */
export const MODEL_FORMAT_VERSION = 1;

const scoreSchema = z.object({
  turns: z.number(),
  dialogues: z.number(),
  turn_accuracy: z.number(),
  dialogue_accuracy: z.number(),
});

/** metadata.json beside model.json: everything needed to use the weights, validated on load. */
export const modelMetadataSchema = z.object({
  formatVersion: z.literal(MODEL_FORMAT_VERSION),
  /** `care`: actions are the behaviour library's ids; `babi`: delexicalised response templates. */
  domain: z.enum(['care', 'babi']),
  createdAt: z.string(),
  /** The exact command that trained it. */
  command: z.string(),
  actionIds: z.array(z.string()).min(1),
  gestureIds: z.array(z.string()).default([]),
  vocabulary: z.array(z.string()),
  contextSize: z.number().int().positive(),
  /** How many members the model averages: model.json is member 0, `member-K/model.json` the others. */
  members: z.number().int().positive().default(1),
  shape: z.object({ embedSize: z.number().int(), hiddenSize: z.number().int(), dropout: z.number() }),
  corpora: z.array(z.object({ file: z.string(), sha256: z.string(), dialogues: z.number() })),
  training: z.object({
    seed: z.number(),
    backend: z.string(),
    epochs: z.number(),
    bestEpoch: z.number(),
    seconds: z.number(),
    samplesPerSecond: z.number(),
    history: z.array(
      z.object({
        epoch: z.number(),
        loss: z.number(),
        trainAccuracy: z.number(),
        devAccuracy: z.number().nullable(),
        seconds: z.number(),
      }),
    ),
  }),
  /** Scores of `carebot eval` on the dev corpora, by file name. */
  dev: z.record(z.string(), scoreSchema).default({}),
  /** Domain-specific data (bAbI: the knowledge base entity types). */
  extra: z.record(z.string(), z.unknown()).default({}),
  /** Speech and gesture decoders in `decoders/` (optional: without them the model works in `select`). */
  decoders: decodersMetadataSchema.optional(),
});

export type ModelMetadata = z.infer<typeof modelMetadataSchema>;
