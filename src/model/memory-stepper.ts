import type * as tfl from '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs';
import {
  disposeStepWeights,
  type MemoryState,
  type StepWeights,
  step,
  stepWeights,
  zeroState,
} from './memory-model.ts';

/** Plain copy of a session's memory state, to persist per user between sessions. */
export interface SavedMemoryState {
  h: number[];
  c: number[];
}

/**
 * Incremental inference over a trained memory model, for any domain: one turn encoding and one
 * LSTM step per call, with the memory state kept per session id.
 */
export class MemoryStepper {
  private readonly weights: StepWeights;
  private readonly states = new Map<string, MemoryState>();
  /** The memory features of each session's last turn (what the decoders are conditioned on). */
  private readonly features = new Map<string, tf.Tensor2D>();

  constructor(model: tfl.LayersModel) {
    this.weights = stepWeights(model);
  }

  get hiddenSize(): number {
    return this.weights.hidden;
  }

  step(
    sessionId: string,
    text: readonly number[],
    context: Float32Array,
  ): { logits: Float32Array; fact: number } {
    const state = this.states.get(sessionId) ?? zeroState(this.weights.hidden);
    const out = step(this.weights, text, context, state);
    state.h.dispose();
    state.c.dispose();
    this.states.set(sessionId, out.state);
    this.features.get(sessionId)?.dispose();
    this.features.set(sessionId, out.features);
    return { logits: out.logits, fact: out.fact };
  }

  /** The memory features ([2·hidden]: memory output and turn vector) of the session's last turn, as plain numbers. */
  lastFeatures(sessionId: string): Float32Array | undefined {
    const features = this.features.get(sessionId);
    return features ? new Float32Array(features.dataSync()) : undefined;
  }

  end(sessionId: string): void {
    const state = this.states.get(sessionId);
    state?.h.dispose();
    state?.c.dispose();
    this.states.delete(sessionId);
    this.features.get(sessionId)?.dispose();
    this.features.delete(sessionId);
  }

  save(sessionId: string): SavedMemoryState | undefined {
    const state = this.states.get(sessionId);
    return state ? { h: [...state.h.dataSync()], c: [...state.c.dataSync()] } : undefined;
  }

  /** Starts a session from a saved state; a state of the wrong size is ignored (fresh start, false). */
  restore(sessionId: string, saved: SavedMemoryState): boolean {
    this.end(sessionId);
    const size = this.weights.hidden;
    if (saved.h.length !== size || saved.c.length !== size) return false;
    this.states.set(sessionId, { h: tf.tensor2d(saved.h, [1, size]), c: tf.tensor2d(saved.c, [1, size]) });
    return true;
  }

  dispose(): void {
    for (const id of [...this.states.keys()]) this.end(id);
    disposeStepWeights(this.weights);
  }
}
