/**
 * Corrupted, incomplete and mismatched model folders, loaded the way every command loads one
 * (loadPolicy): a clear MODEL_* error naming the folder, never a crash, never a silent fall back
 * to the rules, never a model that loads and then answers from the wrong weights.
 */
import { cp, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BehaviourLibrary } from '../../src/behaviours/behaviour-library.ts';
import { CarebotError } from '../../src/core/carebot-error.ts';
import { createLogger } from '../../src/log/logger.ts';
import { initBackend } from '../../src/model/backend.ts';
import { CareFeaturizer } from '../../src/model/care-featurizer.ts';
import type { LstmPolicy } from '../../src/model/lstm-policy.ts';
import { loadModel, saveModel } from '../../src/model/persistence/model-store.ts';
import { Vocabulary } from '../../src/model/vocabulary.ts';
import { loadPolicy } from '../../src/runtime/load-policy.ts';
import { ROOT } from '../helpers.ts';
import { libraryAndProfile } from '../runtime/runtime-harness.ts';
import { mutated } from './hostile-input.ts';

// biome-ignore lint/suspicious/noExplicitAny: model files are edited as free-form JSON here.
type Json = Record<string, any>;

const SHIPPED = path.join(ROOT, 'models', 'default');
let library: BehaviourLibrary;
/** The default model saved again by this code: its model.json carries the fingerprint. */
let fingerprinted: string;
/**
 * The default model with the fingerprints taken out, as models saved before them are: the shape
 * and metadata checks below must hold without the fingerprint's help.
 */
let legacy: string;

beforeAll(async () => {
  await initBackend();
  ({ behaviours: library } = await libraryAndProfile());
  fingerprinted = await mkdtemp(path.join(tmpdir(), 'carebot-model-fp-'));
  await cp(SHIPPED, fingerprinted, { recursive: true }); // with whatever else it holds (decoders)
  const { models, metadata } = await loadModel(SHIPPED);
  await saveModel(fingerprinted, models, metadata);
  for (const model of models) model.dispose();
  legacy = await mkdtemp(path.join(tmpdir(), 'carebot-model-legacy-'));
  await cp(SHIPPED, legacy, { recursive: true });
  for (const file of [
    'model.json',
    ...Array.from({ length: metadata.members - 1 }, (_, k) => `member-${k + 1}/model.json`),
  ])
    await editJson(legacy, file, (j) => void delete j.userDefinedMetadata);
});

/** A copy of a model folder with `edit` applied. */
async function variant(from: string, edit: (dir: string) => Promise<void>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'carebot-model-'));
  await cp(from, dir, { recursive: true });
  await edit(dir);
  return dir;
}

async function editJson(dir: string, file: string, edit: (json: Json) => void): Promise<void> {
  const json = JSON.parse(await readFile(path.join(dir, file), 'utf8'));
  edit(json);
  await writeFile(path.join(dir, file), JSON.stringify(json));
}

/** Loads as `carebot sim` does; resolves with the policy id, or the CarebotError (anything else throws). */
async function load(dir: string): Promise<string | CarebotError> {
  const warnings: string[] = [];
  try {
    const policy = await loadPolicy({
      modelDir: dir,
      library,
      log: createLogger('t', (l) => warnings.push(l)),
    });
    (policy as Partial<LstmPolicy>).dispose?.();
    return policy.id;
  } catch (error) {
    if (!(error instanceof CarebotError)) throw error;
    expect(error.message).toContain(dir);
    return error;
  }
}

const refused = async (dir: string, code: string, message: RegExp) => {
  const outcome = await load(dir);
  expect(outcome).toBeInstanceOf(CarebotError);
  expect(outcome).toMatchObject({ code, message: expect.stringMatching(message) });
};

describe('model files', () => {
  it('the shipped models load, and the default one fits the featurizer of this code', async () => {
    expect(await load(SHIPPED)).toMatch(/^lstm:default@/);
    expect(await load(fingerprinted)).toMatch(/^lstm:/);
    const metadata = JSON.parse(await readFile(path.join(SHIPPED, 'metadata.json'), 'utf8'));
    const featurizer = new CareFeaturizer(new Vocabulary(metadata.vocabulary), metadata.actionIds);
    // If the code's context features change, the shipped model must be retrained (or every turn fails).
    expect(featurizer.contextSize).toBe(metadata.contextSize);
    const json = JSON.parse(await readFile(path.join(fingerprinted, 'model.json'), 'utf8'));
    expect(json.userDefinedMetadata.carebot).toMatchObject({
      weightsSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('truncated, bit-flipped or NaN weights are refused at load', async () => {
    for (const from of [SHIPPED, fingerprinted]) {
      await refused(
        await variant(from, (d) => truncate(path.join(d, 'weights.bin'), 1000)),
        'MODEL_INVALID',
        /weights\.bin has 1000 bytes/,
      );
      const nan = await variant(from, async (d) => {
        const bytes = await readFile(path.join(d, 'weights.bin'));
        bytes.writeFloatLE(Number.NaN, 4 * 12_345);
        await writeFile(path.join(d, 'weights.bin'), bytes);
      });
      await refused(nan, 'MODEL_INVALID', /weights\.bin is not the file|holds NaN or infinite values/);
    }
    const flipped = await variant(fingerprinted, async (d) => {
      const bytes = await readFile(path.join(d, 'weights.bin'));
      bytes[1000] = (bytes[1000] ?? 0) ^ 0x10;
      await writeFile(path.join(d, 'weights.bin'), bytes);
    });
    await refused(flipped, 'MODEL_INVALID', /weights\.bin is not the file model\.json was saved with/);
  });

  it('an edited model.json is refused: bad JSON, sizes, a renamed layer, a changed activation', async () => {
    const layer = (j: Json, name: string) =>
      j.modelTopology.config.layers.find((l: { config: { name: string } }) => l.config.name === name);
    await refused(
      await variant(legacy, (d) => writeFile(path.join(d, 'model.json'), '{"modelTopology": ')),
      'MODEL_INVALID',
      /corrupted/,
    );
    const units = await variant(legacy, (d) =>
      editJson(d, 'model.json', (j) => {
        layer(j, 'action_head').config.units = 25;
      }),
    );
    await refused(units, 'MODEL_INVALID', /Shape mismatch/);
    const renamed = await variant(legacy, (d) =>
      editJson(d, 'model.json', (j) => {
        const fact = layer(j, 'fact_head');
        fact.config.name = 'fact';
        fact.name = 'fact';
        j.modelTopology.config.output_layers[1][0] = 'fact';
        for (const w of j.weightsManifest[0].weights) w.name = w.name.replace('fact_head/', 'fact/');
      }),
    );
    await refused(renamed, 'MODEL_INVALID', /no layer 'fact_head': not a carebot memory model/);
    const activation = await variant(fingerprinted, (d) =>
      editJson(d, 'model.json', (j) => {
        layer(j, 'turn_encoder').config.activation = 'tanh';
      }),
    );
    await refused(activation, 'MODEL_INVALID', /topology was edited/);
  });

  it('metadata.json of another model or library is refused, never used with these weights', async () => {
    const babi = await variant(legacy, (d) =>
      cp(path.join(ROOT, 'models', 'babi-t1', 'metadata.json'), path.join(d, 'metadata.json')),
    );
    await refused(babi, 'MODEL_INVALID', /vocabulary entries/);
    const vocabulary = await variant(legacy, (d) =>
      editJson(d, 'metadata.json', (j) => void j.vocabulary.pop()),
    );
    await refused(vocabulary, 'MODEL_INVALID', /5999 vocabulary entries, the weights 6000/);
    const otherLibrary = await variant(legacy, (d) =>
      editJson(d, 'metadata.json', (j) => {
        j.actionIds[3] = 'dance';
      }),
    );
    await refused(otherLibrary, 'MODEL_MISMATCH', /not in the library: dance/);
    // Same ids in another order: only the fingerprint tells (models saved before it have none).
    const reordered = await variant(fingerprinted, (d) =>
      editJson(d, 'metadata.json', (j) => void j.actionIds.reverse()),
    );
    await refused(reordered, 'MODEL_INVALID', /metadata\.json belongs to another model/);
    const version = await variant(legacy, (d) =>
      editJson(d, 'metadata.json', (j) => {
        j.formatVersion = 2;
      }),
    );
    await refused(
      version,
      'MODEL_INVALID',
      /metadata\.json: not valid carebot model metadata \(formatVersion: /,
    );
  });

  it('an incomplete folder is an error, not a silent switch to the rules; only an absent model is', async () => {
    const noTopology = await variant(legacy, (d) => rm(path.join(d, 'model.json')));
    await refused(noTopology, 'MODEL_INVALID', /model\.json: cannot read the model topology .*incomplete/);
    const member = await variant(legacy, (d) =>
      editJson(d, 'metadata.json', (j) => {
        j.members += 1;
      }),
    );
    await refused(member, 'MODEL_INVALID', /member-\d\/model\.json: .*incomplete/);
    expect(await load(path.join(tmpdir(), 'carebot-no-such-model'))).toBe('rules');
  });

  it('random edits of model.json and metadata.json: a working model or a MODEL_* error (fast-check)', async () => {
    const texts = {
      'model.json': await readFile(path.join(fingerprinted, 'model.json'), 'utf8'),
      'metadata.json': await readFile(path.join(fingerprinted, 'metadata.json'), 'utf8'),
    };
    const dir = await variant(fingerprinted, async () => {});
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom('model.json', 'metadata.json' as const)
          .chain((f) => fc.tuple(fc.constant(f), mutated(texts[f]))),
        async ([file, text]) => {
          await writeFile(path.join(dir, file), text);
          const outcome = await load(dir);
          if (typeof outcome === 'string') expect(outcome).toMatch(/^lstm:/);
          else expect(outcome.code).toMatch(/^MODEL_(INVALID|MISMATCH)$/);
          await writeFile(path.join(dir, file), texts[file]);
        },
      ),
      { numRuns: 40 },
    );
  });
});
