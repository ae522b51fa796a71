import type * as tfl from '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs';
import { CarebotError } from '../core/carebot-error.ts';
import type { Policy, PolicyContext, PolicyDecision } from '../core/policy.ts';
import type { RobotInput } from '../core/robot-input.ts';
import { CareFeaturizer } from './care-featurizer.ts';
import {
  disposeStepWeights,
  type MemoryState,
  maskedSoftmax,
  type StepWeights,
  step,
  stepWeights,
  zeroState,
} from './memory-model.ts';
import type { ModelMetadata } from './persistence/model-metadata.ts';
import { loadModel } from './persistence/model-store.ts';
import { Vocabulary } from './vocabulary.ts';

/** Plain copy of a session's memory state, to persist per user between sessions. */
export interface SavedMemoryState {
  h: number[];
  c: number[];
}

/**
 * The trained LSTM memory model as a Policy. Each turn costs one turn encoding and one LSTM step;
 * the memory state is kept per session (never a re-read of the history).
 */
export class LstmPolicy implements Policy {
  readonly id: string;
  readonly metadata: ModelMetadata;
  private readonly featurizer: CareFeaturizer;
  private readonly weights: StepWeights;
  private readonly states = new Map<string, MemoryState>();

  constructor(model: tfl.LayersModel, metadata: ModelMetadata, name = 'model') {
    this.metadata = metadata;
    this.featurizer = new CareFeaturizer(new Vocabulary(metadata.vocabulary), metadata.actionIds);
    this.weights = stepWeights(model);
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
      throw new CarebotError(
        'MODEL_MISMATCH',
        `${dir}: the model's action ids do not match the behaviour library (${[
          missing.length ? `not in the library: ${missing.join(', ')}` : '',
          extra.length ? `not in the model: ${extra.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; ')}). Retrain with 'carebot train' on this library.`,
      );
    }
    const policy = new LstmPolicy(model, metadata, dir.split('/').filter(Boolean).at(-1));
    model.dispose();
    return policy;
  }

  async decide(input: RobotInput, context: PolicyContext): Promise<PolicyDecision> {
    const features = this.featurizer.encode(input, context);
    const state = this.states.get(context.sessionId) ?? zeroState(this.weights.hidden);
    const out = step(this.weights, features.text, features.context, state);
    state.h.dispose();
    state.c.dispose();
    this.states.set(context.sessionId, out.state);
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
    const state = this.states.get(sessionId);
    state?.h.dispose();
    state?.c.dispose();
    this.states.delete(sessionId);
  }

  /** The session's memory state as plain numbers (undefined if it has none). */
  saveState(sessionId: string): SavedMemoryState | undefined {
    const state = this.states.get(sessionId);
    return state ? { h: [...state.h.dataSync()], c: [...state.c.dataSync()] } : undefined;
  }

  /** Starts a session from a saved state (a later session of the same user). */
  restoreState(sessionId: string, saved: SavedMemoryState): void {
    this.endSession(sessionId);
    const size = this.weights.hidden;
    if (saved.h.length !== size || saved.c.length !== size) return;
    this.states.set(sessionId, { h: tf.tensor2d(saved.h, [1, size]), c: tf.tensor2d(saved.c, [1, size]) });
  }

  dispose(): void {
    for (const id of [...this.states.keys()]) this.endSession(id);
    disposeStepWeights(this.weights);
  }
}
