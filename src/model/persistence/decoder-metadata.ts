import { z } from 'zod';

/** The decoder file format version this code reads and writes. */
export const DECODER_FORMAT_VERSION = 1;

const weightSpecSchema = z.object({ name: z.string(), shape: z.array(z.number().int().positive()) });

/** `decoders/speech.json`: the speech decoder's config and the layout of `speech.bin`. */
export const speechDecoderFileSchema = z.object({
  formatVersion: z.literal(DECODER_FORMAT_VERSION),
  kind: z.literal('speech'),
  config: z.object({
    tokens: z.array(z.string()).min(5),
    featureSize: z.number().int().positive(),
    actionIds: z.array(z.string()).min(1),
    embedSize: z.number().int().positive(),
    conditionSize: z.number().int().positive(),
    hiddenSize: z.number().int().positive(),
    maxTokens: z.number().int().positive(),
  }),
  /** Below this confidence `hybrid` speaks the template instead. */
  minConfidence: z.number().min(0).max(1),
  /** Beam width of decoding (1 is greedy). */
  beamWidth: z.number().int().positive().default(3),
  weights: z.array(weightSpecSchema),
});

/** `decoders/gesture.json`: the gesture decoder's config and the layout of `gesture.bin`. */
export const gestureDecoderFileSchema = z.object({
  formatVersion: z.literal(DECODER_FORMAT_VERSION),
  kind: z.literal('gesture'),
  config: z.object({
    tokens: z.array(z.string()).min(5),
    actionIds: z.array(z.string()).min(1),
    jointNames: z.array(z.string()).min(1),
    rest: z.array(z.number()),
    frameRate: z.number().positive(),
    actionSeconds: z.array(z.number().positive()),
    charsPerSecond: z.number().positive(),
    maxSeconds: z.number().positive(),
    embedSize: z.number().int().positive(),
    encoderSize: z.number().int().positive(),
    hiddenSize: z.number().int().positive(),
  }),
  weights: z.array(weightSpecSchema),
});

export type SpeechDecoderFile = z.infer<typeof speechDecoderFileSchema>;
export type GestureDecoderFile = z.infer<typeof gestureDecoderFileSchema>;

/** What metadata.json says about the decoders (absent: a model without decoders, `select` only). */
export const decodersMetadataSchema = z.object({
  formatVersion: z.literal(DECODER_FORMAT_VERSION),
  createdAt: z.string(),
  /** The exact command that trained them. */
  command: z.string(),
  /** How they reached this folder, when not written there by `command` (e.g. added to a shipped model). */
  note: z.string().optional(),
  /** They were trained as a second stage on the frozen memory model (its weights were not changed). */
  memoryModel: z.object({ createdAt: z.string(), frozen: z.literal(true), weightsSha256: z.string() }),
  speech: z
    .object({
      file: z.string(),
      parameters: z.number().int(),
      vocabulary: z.number().int(),
      examples: z.object({ train: z.number().int(), dev: z.number().int(), references: z.number().int() }),
      training: z.record(z.string(), z.unknown()),
    })
    .optional(),
  gesture: z
    .object({
      file: z.string(),
      parameters: z.number().int(),
      examples: z.object({ train: z.number().int(), dev: z.number().int() }),
      training: z.record(z.string(), z.unknown()),
    })
    .optional(),
  /** Generation scores of `carebot eval` on the dev corpora, by file name. */
  dev: z.record(z.string(), z.unknown()).default({}),
});

export type DecodersMetadata = z.infer<typeof decodersMetadataSchema>;
