import { CarebotError } from '../core/carebot-error.ts';
import { CareFeaturizer } from '../model/care-featurizer.ts';
import type { MemoryModel } from '../model/memory-model.ts';
import type { ModelMetadata } from '../model/persistence/model-metadata.ts';
import { loadModel } from '../model/persistence/model-store.ts';
import { Vocabulary } from '../model/vocabulary.ts';

/** A saved care model to fine-tune: its members, and the vocabulary and featurizer its weights expect. */
export interface StartingModel {
  dir: string;
  models: MemoryModel[];
  featurizer: CareFeaturizer;
  metadata: ModelMetadata;
}

/**
 * Loads a care model to continue training from. Its weights fix the vocabulary (words it never saw
 * stay unknown) and the actions; a model of another domain, other actions or an older featurizer
 * is a MODEL_MISMATCH: train from scratch instead.
 */
export async function loadStartingModel(dir: string, actionIds: readonly string[]): Promise<StartingModel> {
  const { models, metadata } = await loadModel(dir);
  const mismatch = (problem: string): never => {
    for (const m of models) m.dispose();
    throw new CarebotError(
      'MODEL_MISMATCH',
      `cannot fine-tune from ${dir}: ${problem}; train without --from`,
    );
  };
  if (metadata.domain !== 'care') mismatch(`it is a ${metadata.domain} model`);
  if (metadata.actionIds.join(',') !== actionIds.join(',')) {
    mismatch('its actions differ from the behaviour library');
  }
  const featurizer = new CareFeaturizer(new Vocabulary(metadata.vocabulary), actionIds);
  if (featurizer.contextSize !== metadata.contextSize) {
    mismatch(`its context has ${metadata.contextSize} features, this carebot's ${featurizer.contextSize}`);
  }
  return { dir, models, featurizer, metadata };
}
