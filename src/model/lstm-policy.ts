import type * as tfl from '@tensorflow/tfjs';
import { CarebotError } from '../core/carebot-error.ts';
import type { GeneratedGesture, GeneratedLine, GestureRequest, LineRequest } from '../core/generation.ts';
import type { Policy, PolicyContext, PolicyDecision } from '../core/policy.ts';
import type { RobotInput } from '../core/robot-input.ts';
import { CareFeaturizer } from './care-featurizer.ts';
import { delexicalize, joinTokens } from './generation/line-tokens.ts';
import { maskedSoftmax } from './memory-model.ts';
import { MemoryStepper, type SavedMemoryState } from './memory-stepper.ts';
import { type Decoders, loadDecoders } from './persistence/decoder-store.ts';
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
  /** One stepper per ensemble member; their masked probabilities are averaged. */
  private readonly steppers: MemoryStepper[];
  /** Speech and gesture decoders (trained on the frozen memory model), when the model has them. */
  private readonly decoders: Decoders;

  constructor(models: tfl.LayersModel[], metadata: ModelMetadata, name = 'model', decoders: Decoders = {}) {
    this.metadata = metadata;
    this.featurizer = new CareFeaturizer(new Vocabulary(metadata.vocabulary), metadata.actionIds);
    this.steppers = models.map((m) => new MemoryStepper(m));
    this.decoders = decoders;
    this.id = `lstm:${name}@${metadata.createdAt}${models.length > 1 ? ` (${models.length} members)` : ''}`;
  }

  /** Which decoders the model has. */
  get generates(): { speech: boolean; gesture: boolean } {
    return { speech: this.decoders.speech !== undefined, gesture: this.decoders.gesture !== undefined };
  }

  /**
   * Loads a care model (and its decoders, if it has them) and checks that its action ids match the
   * behaviour library's. `decoders: false` loads the memory model alone.
   */
  static async load(
    dir: string,
    libraryActionIds: readonly string[],
    options: { decoders?: boolean } = {},
  ): Promise<LstmPolicy> {
    const { models, metadata } = await loadModel(dir);
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
    let decoders: Decoders = {};
    try {
      if (options.decoders !== false) decoders = await loadDecoders(dir, metadata);
    } catch (error) {
      for (const m of models) m.dispose();
      throw error;
    }
    const policy = new LstmPolicy(models, metadata, dir.split('/').filter(Boolean).at(-1), decoders);
    for (const m of models) m.dispose();
    return policy;
  }

  async decide(input: RobotInput, context: PolicyContext): Promise<PolicyDecision> {
    const features = this.featurizer.encode(input, context);
    const ids = this.metadata.actionIds;
    const allowed = ids.map((id) => context.unmasked === true || !context.allowed || context.allowed.has(id));
    const probabilities = new Float32Array(ids.length);
    let fact = 0;
    for (const stepper of this.steppers) {
      const out = stepper.step(context.sessionId, features.text, features.context);
      maskedSoftmax(out.logits, allowed).forEach((p, i) => {
        probabilities[i] = (probabilities[i] ?? 0) + p / this.steppers.length;
      });
      fact += out.fact / this.steppers.length;
    }
    const top = ids
      .map((id, i) => ({ id, score: probabilities[i] ?? 0 }))
      .filter((_, i) => allowed[i])
      .sort((a, b) => b.score - a.score)
      .slice(0, 5);
    const actionId = top[0]?.id ?? ids[0] ?? 'acknowledge';
    return { actionId, top, factScore: input.type === 'user.utterance' ? fact : 0 };
  }

  /** The memory features of the session's last turn (first member's), what the decoders are conditioned on. */
  generationFeatures(sessionId: string): Float32Array | undefined {
    return this.steppers[0]?.lastFeatures(sessionId);
  }

  /** A line from the speech decoder for the session's last turn (beam search); undefined without a decoder. */
  generateLine(request: LineRequest): GeneratedLine | undefined {
    const speech = this.decoders.speech;
    const features = this.generationFeatures(request.sessionId);
    if (!speech || !features) return undefined;
    const line = speech.decoder.generate({ ...request, features, beamWidth: speech.beamWidth });
    return {
      template: joinTokens(line.template),
      confidence: line.confidence,
      minConfidence: speech.minConfidence,
      finished: line.finished,
    };
  }

  /** A gesture from the gesture decoder for the line being spoken; undefined without a decoder. */
  generateGesture(request: GestureRequest): GeneratedGesture | undefined {
    const gesture = this.decoders.gesture;
    if (!gesture) return undefined;
    return gesture.generate(delexicalize(request.text, request.slots), request.actionId, request.lang);
  }

  endSession(sessionId: string): void {
    for (const stepper of this.steppers) stepper.end(sessionId);
  }

  /** The session's memory state (every member's) as plain numbers, to persist per user. */
  saveState(sessionId: string): SavedMemoryState[] | undefined {
    const states = this.steppers.map((s) => s.save(sessionId));
    return states.every((s) => s !== undefined) ? (states as SavedMemoryState[]) : undefined;
  }

  /** Starts a session from saved states (a later session of the same user); false if they do not fit. */
  restoreState(sessionId: string, saved: unknown): boolean {
    const isState = (s: unknown): s is SavedMemoryState =>
      typeof s === 'object' &&
      s !== null &&
      Array.isArray((s as SavedMemoryState).h) &&
      Array.isArray((s as SavedMemoryState).c) &&
      [...(s as SavedMemoryState).h, ...(s as SavedMemoryState).c].every(
        (v) => typeof v === 'number' && Number.isFinite(v),
      );
    if (!Array.isArray(saved) || saved.length !== this.steppers.length || !saved.every(isState)) return false;
    return this.steppers.every((stepper, k) => stepper.restore(sessionId, saved[k] as SavedMemoryState));
  }

  dispose(): void {
    for (const stepper of this.steppers) stepper.dispose();
    this.decoders.speech?.decoder.dispose();
    this.decoders.gesture?.dispose();
  }
}
