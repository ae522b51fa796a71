import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { CarebotError } from '../../core/carebot-error.ts';
import type { WeightData } from '../generation/decoder-weights.ts';
import { GestureDecoder } from '../generation/gesture-decoder.ts';
import { SpeechDecoder } from '../generation/speech-decoder.ts';
import {
  DECODER_FORMAT_VERSION,
  type DecodersMetadata,
  type GestureDecoderFile,
  gestureDecoderFileSchema,
  type SpeechDecoderFile,
  speechDecoderFileSchema,
} from './decoder-metadata.ts';
import type { ModelMetadata } from './model-metadata.ts';

/** The folder inside a model folder that holds the decoders. */
export const DECODERS_DIR = 'decoders';

/** Loaded decoders of a model (either may be absent). */
export interface Decoders {
  speech?: { decoder: SpeechDecoder; minConfidence: number; beamWidth: number };
  gesture?: GestureDecoder;
}

async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, data);
  await rename(temp, file);
}

/** Writes `<dir>/decoders/<name>.json` and `<name>.bin` (float32, in the json's weight order). */
async function saveDecoderFiles(
  dir: string,
  name: 'speech' | 'gesture',
  header: Omit<SpeechDecoderFile, 'weights'> | Omit<GestureDecoderFile, 'weights'>,
  weights: readonly WeightData[],
): Promise<string> {
  const folder = path.join(dir, DECODERS_DIR);
  await mkdir(folder, { recursive: true });
  const total = weights.reduce((n, w) => n + w.values.length, 0);
  const bin = new Float32Array(total);
  let offset = 0;
  for (const w of weights) {
    bin.set(w.values, offset);
    offset += w.values.length;
  }
  await writeAtomic(path.join(folder, `${name}.bin`), new Uint8Array(bin.buffer));
  const json = { ...header, weights: weights.map((w) => ({ name: w.name, shape: w.shape })) };
  await writeAtomic(path.join(folder, `${name}.json`), `${JSON.stringify(json)}\n`);
  return path.posix.join(DECODERS_DIR, `${name}.json`);
}

/** Saves a speech decoder and how to decode with it; returns its file path relative to the model folder. */
export function saveSpeechDecoder(
  dir: string,
  decoder: SpeechDecoder,
  decoding: { minConfidence: number; beamWidth: number },
): Promise<string> {
  return saveDecoderFiles(
    dir,
    'speech',
    { formatVersion: DECODER_FORMAT_VERSION, kind: 'speech', config: decoder.config, ...decoding },
    decoder.weights.snapshot(),
  );
}

/** Saves a gesture decoder; returns its file path relative to the model folder. */
export function saveGestureDecoder(dir: string, decoder: GestureDecoder): Promise<string> {
  return saveDecoderFiles(
    dir,
    'gesture',
    { formatVersion: DECODER_FORMAT_VERSION, kind: 'gesture', config: decoder.config },
    decoder.weights.snapshot(),
  );
}

async function readDecoderFiles<S extends z.ZodType<{ weights: Array<{ name: string; shape: number[] }> }>>(
  dir: string,
  file: string,
  schema: S,
): Promise<{ header: z.infer<S>; weights: WeightData[] }> {
  const jsonFile = path.join(dir, file);
  const binFile = jsonFile.replace(/\.json$/, '.bin');
  const fail = (problem: string, cause?: unknown): never => {
    throw new CarebotError('MODEL_INVALID', `${jsonFile}: ${problem}`, { cause });
  };
  let header: z.infer<S>;
  let bytes: Buffer;
  try {
    header = schema.parse(JSON.parse(await readFile(jsonFile, 'utf8')));
    bytes = await readFile(binFile);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message.split('\n').slice(0, 3).join(' ') : String(cause);
    return fail(`not a valid carebot decoder (${detail})`, cause);
  }
  const sizes = header.weights.map((w) => w.shape.reduce((a, b) => a * b, 1));
  const expected = sizes.reduce((a, b) => a + b, 0) * 4;
  if (bytes.byteLength !== expected)
    fail(`${path.basename(binFile)} has ${bytes.byteLength} bytes, the decoder describes ${expected}`);
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  let offset = 0;
  const weights = header.weights.map((w, i) => {
    const values = all.slice(offset, offset + (sizes[i] ?? 0));
    offset += sizes[i] ?? 0;
    return { name: w.name, shape: w.shape, values };
  });
  return { header, weights };
}

/**
 * Loads the decoders metadata.json lists, checked against the memory model they were trained on
 * (its actions and the size of its features). A model without decoders gives `{}`.
 */
export async function loadDecoders(dir: string, metadata: ModelMetadata): Promise<Decoders> {
  const meta: DecodersMetadata | undefined = metadata.decoders;
  if (!meta) return {};
  const decoders: Decoders = {};
  const mismatch = (what: string, problem: string): never => {
    throw new CarebotError(
      'MODEL_MISMATCH',
      `${path.join(dir, what)}: ${problem}; retrain the decoders with 'carebot train --decoders'`,
    );
  };
  try {
    if (meta.speech) {
      const { header, weights } = await readDecoderFiles(dir, meta.speech.file, speechDecoderFileSchema);
      if (header.config.actionIds.join(',') !== metadata.actionIds.join(','))
        mismatch(meta.speech.file, 'its actions differ from the model');
      if (header.config.featureSize !== 2 * metadata.shape.hiddenSize) {
        mismatch(
          meta.speech.file,
          `it reads ${header.config.featureSize} memory features, the model has ${2 * metadata.shape.hiddenSize}`,
        );
      }
      decoders.speech = {
        decoder: SpeechDecoder.fromData(header.config, weights),
        minConfidence: header.minConfidence,
        beamWidth: header.beamWidth,
      };
    }
    if (meta.gesture) {
      const { header, weights } = await readDecoderFiles(dir, meta.gesture.file, gestureDecoderFileSchema);
      if (header.config.actionIds.join(',') !== metadata.actionIds.join(','))
        mismatch(meta.gesture.file, 'its actions differ from the model');
      if (header.config.rest.length !== header.config.jointNames.length)
        mismatch(meta.gesture.file, 'rest pose and joints differ in length');
      decoders.gesture = GestureDecoder.fromData(header.config, weights);
    }
  } catch (error) {
    decoders.speech?.decoder.dispose();
    decoders.gesture?.dispose();
    throw error;
  }
  return decoders;
}
