import { createHash } from 'node:crypto';
import type * as tf from '@tensorflow/tfjs';
import type * as tfl from '@tensorflow/tfjs';
import { CarebotError } from '../../core/carebot-error.ts';
import type { ModelMetadata } from './model-metadata.ts';

/**
 * What model.json records about its own weights and metadata.json (in tfjs's `userDefinedMetadata`,
 * so the file stays a plain layers model): a weights.bin or a metadata.json that is not the one
 * the model was saved with is then an error at load, never a model that answers wrongly.
 */
export interface ModelFingerprint {
  /** sha256 of weights.bin. */
  weightsSha256: string;
  /** sha256 of model.json's `modelTopology` as JSON (an edited layer, activation or size). */
  topologySha256: string;
  /** sha256 of what the weights' meaning depends on: domain, action ids (in order), vocabulary, context size. */
  metadataSha256: string;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The fingerprint of one saved member. */
export function modelFingerprint(
  weights: Uint8Array,
  topology: unknown,
  metadata: ModelMetadata,
): ModelFingerprint {
  return {
    weightsSha256: sha256(weights),
    topologySha256: sha256(JSON.stringify(topology)),
    metadataSha256: metadataDigest(metadata),
  };
}

function metadataDigest(metadata: ModelMetadata): string {
  const { domain, actionIds, vocabulary, contextSize } = metadata;
  return sha256(JSON.stringify({ domain, actionIds, vocabulary, contextSize }));
}

/** The error for a member folder whose files are corrupted or do not belong together. */
export const invalid = (dir: string, problem: string, cause?: unknown) =>
  new CarebotError(
    'MODEL_INVALID',
    `${dir}: the model files are corrupted or do not match (${problem})`,
    cause === undefined ? undefined : { cause },
  );

/**
 * Checks one member's files before tfjs reads them: weights.bin is as long as model.json
 * describes, the fingerprint when model.json has one (models saved before it was introduced have
 * none), and every float32 weight is a finite number (a NaN weight makes every decision the same,
 * silently).
 */
export function checkModelFiles(
  dir: string,
  files: { weights: Uint8Array; specs: readonly tf.io.WeightsManifestEntry[]; topology: unknown },
  fingerprint: unknown,
  metadata: ModelMetadata,
): void {
  const { weights, specs } = files;
  const expectedBytes = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (expectedBytes !== weights.byteLength)
    throw invalid(dir, `weights.bin has ${weights.byteLength} bytes, model.json describes ${expectedBytes}`);
  const recorded = fingerprint as Partial<ModelFingerprint> | undefined;
  if (recorded?.weightsSha256 !== undefined && recorded.weightsSha256 !== sha256(weights))
    throw invalid(dir, 'weights.bin is not the file model.json was saved with');
  if (
    recorded?.topologySha256 !== undefined &&
    recorded.topologySha256 !== sha256(JSON.stringify(files.topology))
  )
    throw invalid(dir, "model.json's topology was edited after the model was saved");
  if (recorded?.metadataSha256 !== undefined && recorded.metadataSha256 !== metadataDigest(metadata))
    throw invalid(
      dir,
      'metadata.json belongs to another model: its actions, vocabulary or context differ from those the weights were trained with',
    );
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.dtype === undefined || spec.dtype === 'float32') {
      const values = new Float32Array(weights.buffer, weights.byteOffset + offset, count);
      if (!values.every(Number.isFinite))
        throw invalid(dir, `weight '${spec.name}' holds NaN or infinite values`);
    }
    offset += count * 4;
  }
}

/** The layers every memory model has (src/model/memory-model.ts), by name. */
const MEMORY_LAYERS = ['text_embed', 'turn_encoder', 'memory', 'action_head', 'fact_head'] as const;

/**
 * Checks a loaded memory model against its metadata: the vocabulary is as long as the text
 * embedding is tall, the context as wide as the turn encoder expects, one action per output. A
 * metadata.json of another model otherwise loads and then answers from the wrong features.
 */
export function checkMemoryModel(dir: string, model: tfl.LayersModel, metadata: ModelMetadata): void {
  const kernel = (layer: (typeof MEMORY_LAYERS)[number]): number[] => {
    const found = model.layers.find((l) => l.name === layer);
    if (!found) throw invalid(dir, `model.json has no layer '${layer}': not a carebot memory model`);
    return found.weights[0]?.shape.map((n) => n ?? 0) ?? [];
  };
  for (const layer of MEMORY_LAYERS) kernel(layer);
  const [vocabulary, embed] = kernel('text_embed');
  const [turnInputs] = kernel('turn_encoder');
  const actions = kernel('action_head')[1];
  const problems = [
    vocabulary !== metadata.vocabulary.length
      ? `metadata.json has ${metadata.vocabulary.length} vocabulary entries, the weights ${vocabulary}`
      : '',
    turnInputs !== (embed ?? 0) + metadata.contextSize
      ? `metadata.json's context size ${metadata.contextSize} does not fit the turn encoder (${turnInputs} inputs, ${embed} of them text)`
      : '',
    actions !== metadata.actionIds.length
      ? `metadata.json has ${metadata.actionIds.length} actions, the weights ${actions}`
      : '',
  ].filter(Boolean);
  if (problems.length > 0) throw invalid(dir, problems.join('; '));
}
