import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as tfl from '@tensorflow/tfjs';
import { z } from 'zod';
import { CarebotError } from '../../core/carebot-error.ts';
import { checkMemoryModel, checkModelFiles, invalid, modelFingerprint } from './check-model-files.ts';
import { type ModelMetadata, modelMetadataSchema } from './model-metadata.ts';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
export const METADATA_FILE = 'metadata.json';

/** Writes a file atomically (temp file + rename): a crash never leaves half a model. */
async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, data);
  await rename(temp, file);
}

/** The folder of ensemble member `k` (member 0 is the model folder itself). */
export function memberDir(dir: string, k: number): string {
  return k === 0 ? dir : path.join(dir, `member-${k}`);
}

/**
 * Saves in the TensorFlow.js layers format (model.json + one weights.bin per member, each loadable
 * with tf.loadLayersModel in a browser too) plus metadata.json. No file:// handler is needed, so
 * this works without tfjs-node.
 */
export async function saveModel(
  dir: string,
  models: tfl.LayersModel | tfl.LayersModel[],
  metadata: ModelMetadata,
): Promise<void> {
  const members = Array.isArray(models) ? models : [models];
  for (const [k, model] of members.entries()) await saveLayers(memberDir(dir, k), model, metadata);
  await writeAtomic(
    path.join(dir, METADATA_FILE),
    `${JSON.stringify({ ...metadata, members: members.length }, null, 1)}\n`,
  );
}

async function saveLayers(dir: string, model: tfl.LayersModel, metadata: ModelMetadata): Promise<void> {
  await mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData;
      const buffer =
        weightData === undefined ? new ArrayBuffer(0) : new tf.io.CompositeArrayBuffer(weightData).slice();
      const weights = new Uint8Array(buffer);
      await writeAtomic(path.join(dir, WEIGHTS_FILE), weights);
      const json = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tfl.version_layers}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
        userDefinedMetadata: { carebot: modelFingerprint(weights, artifacts.modelTopology, metadata) },
      };
      await writeAtomic(path.join(dir, MODEL_FILE), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

async function readOrFail(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (cause) {
    throw new CarebotError(
      'MODEL_NOT_FOUND',
      `${file}: cannot read the ${what}. Train one with 'carebot train' or point --model at a model folder.`,
      { cause },
    );
  }
}

/** A file of a model whose metadata.json is there: missing, it is a broken model, not an absent one. */
async function readMemberFile(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (cause) {
    // MODEL_NOT_FOUND would let `carebot sim` fall back to the rules, as if no model were meant.
    throw new CarebotError(
      'MODEL_INVALID',
      `${file}: cannot read the ${what} (${(cause as NodeJS.ErrnoException).code ?? 'unreadable'}): the model folder is incomplete; train or copy it again`,
      { cause },
    );
  }
}

/** Loads a model folder (every member); a missing, corrupted or mismatched file is a clear error. */
export async function loadModel(
  dir: string,
): Promise<{ models: tfl.LayersModel[]; metadata: ModelMetadata }> {
  const metaFile = path.join(dir, METADATA_FILE);
  let metadata: ModelMetadata;
  try {
    metadata = modelMetadataSchema.parse(
      JSON.parse((await readOrFail(metaFile, 'model metadata')).toString('utf8')),
    );
  } catch (cause) {
    if (cause instanceof CarebotError) throw cause;
    // A zod error's message is its issues as JSON: name the first field and what is wrong with it.
    const issue = cause instanceof z.ZodError ? cause.issues[0] : undefined;
    const detail = issue
      ? `${issue.path.join('.') || '(top level)'}: ${issue.message}`
      : cause instanceof Error
        ? cause.message.split('\n').slice(0, 3).join(' ')
        : String(cause);
    throw new CarebotError('MODEL_INVALID', `${metaFile}: not valid carebot model metadata (${detail})`, {
      cause,
    });
  }
  const models: tfl.LayersModel[] = [];
  try {
    for (let k = 0; k < metadata.members; k++) models.push(await loadLayers(memberDir(dir, k), metadata));
  } catch (error) {
    for (const model of models) model.dispose();
    throw error;
  }
  return { models, metadata };
}

async function loadLayers(dir: string, metadata: ModelMetadata): Promise<tfl.LayersModel> {
  const modelJson = await readMemberFile(path.join(dir, MODEL_FILE), 'model topology');
  const weights = await readMemberFile(path.join(dir, WEIGHTS_FILE), 'model weights');
  let model: tfl.LayersModel;
  try {
    const json = JSON.parse(modelJson.toString('utf8')) as {
      modelTopology: object;
      weightsManifest: Array<{ weights: tf.io.WeightsManifestEntry[] }>;
      userDefinedMetadata?: { carebot?: unknown };
    };
    const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
    const buffer = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength);
    checkModelFiles(
      dir,
      { weights: new Uint8Array(buffer), specs: weightSpecs, topology: json.modelTopology },
      json.userDefinedMetadata?.carebot,
      metadata,
    );
    model = await tfl.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData: buffer }),
    );
  } catch (cause) {
    if (cause instanceof CarebotError) throw cause;
    throw invalid(dir, (cause as Error).message, cause);
  }
  try {
    checkMemoryModel(dir, model, metadata);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}
