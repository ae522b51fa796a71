import type * as tfl from '@tensorflow/tfjs';
import { CarebotError } from '../core/carebot-error.ts';
import type { Policy, PolicyContext, PolicyDecision } from '../core/policy.ts';
import type { RobotInput } from '../core/robot-input.ts';
import { CareFeaturizer } from './care-featurizer.ts';
import { maskedSoftmax } from './memory-model.ts';
import { MemoryStepper, type SavedMemoryState } from './memory-stepper.ts';
import type { ModelMetadata } from './persistence/model-metadata.ts';
import { loadModel } from './persistence/model-store.ts';
import { Vocabulary } from './vocabulary.ts';

/**
 * The trained LSTM memory model as a Policy. Each turn costs one turn encoding and one LSTM step;
 * the memory state is kept per session (never a re-read of the history).
 */
export class LstmPolicy implements Policy {
  readonly id: string;
  readonly metadata: ModelMetadata;
  private readonly featurizer: CareFeaturizer;
  private readonly stepper: MemoryStepper;

  constructor(model: tfl.LayersModel, metadata: ModelMetadata, name = 'model') {
    this.metadata = metadata;
    this.featurizer = new CareFeaturizer(new Vocabulary(metadata.vocabulary), metadata.actionIds);
    this.stepper = new MemoryStepper(model);
    this.id = `lstm:${name}@${metadata.createdAt}`;
  }

  /** Loads a care model and checks that its action ids match the behaviour library's. */
  static async load(dir: string, libraryActionIds: readonly string[]): Promise<LstmPolicy> {
    const { model, metadata } = await loadModel(dir);
    if (metadata.domain !== 'care') {
      throw new CarebotError(
        'MODEL_MISMATCH',
        `${dir}: a '${metadata.domain}' model cannot drive the robot (it needs a care model)`,
      );
    }
    const missing = metadata.actionIds.filter((id) => !libraryActionIds.includes(id));
    const extra = libraryActionIds.filter((id) => !metadata.actionIds.includes(id));
    if (missing.length > 0 || extra.length > 0) {
      const parts = [
        missing.length ? `not in the library: ${missing.join(', ')}` : '',
        extra.length ? `not in the model: ${extra.join(', ')}` : '',
      ];
      throw new CarebotError(
        'MODEL_MISMATCH',
        `${dir}: the model's action ids do not match the behaviour library (${parts.filter(Boolean).join('; ')}). Retrain with 'carebot train' on this library.`,
      );
    }
    const policy = new LstmPolicy(model, metadata, dir.split('/').filter(Boolean).at(-1));
    model.dispose();
    return policy;
  }

  async decide(input: RobotInput, context: PolicyContext): Promise<PolicyDecision> {
    const features = this.featurizer.encode(input, context);
    const out = this.stepper.step(context.sessionId, features.text, features.context);
    const ids = this.metadata.actionIds;
    const allowed = ids.map((id) => !context.allowed || context.allowed.has(id));
    const probabilities = maskedSoftmax(out.logits, allowed);
    const top = ids
      .map((id, i) => ({ id, score: probabilities[i] ?? 0 }))
      .filter((_, i) => allowed[i])
      .sort((a, b) => b.score - a.score)
      .slice(0, 5);
    const actionId = top[0]?.id ?? ids[0] ?? 'acknowledge';
    return { actionId, top, factScore: input.type === 'user.utterance' ? out.fact : 0 };
  }

  endSession(sessionId: string): void {
    this.stepper.end(sessionId);
  }

  /** The session's memory state as plain numbers (undefined if it has none). */
  saveState(sessionId: string): SavedMemoryState | undefined {
    return this.stepper.save(sessionId);
  }

  /** Starts a session from a saved state (a later session of the same user). */
  restoreState(sessionId: string, saved: SavedMemoryState): void {
    this.stepper.restore(sessionId, saved);
  }

  dispose(): void {
    this.stepper.dispose();
  }
}
