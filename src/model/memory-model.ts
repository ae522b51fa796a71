import * as tf from '@tensorflow/tfjs';
import * as tfl from '@tensorflow/tfjs';
import './backend.ts';
import { lstmStep } from './tensor-ops.ts';

/** A memory model as tfjs-layers holds it (the type other folders may name). */
export type MemoryModel = tfl.LayersModel;

/** Sizes of the memory model. Defaults are what the shipped model uses. */
export interface MemoryModelShape {
  vocabSize: number;
  contextSize: number;
  actionCount: number;
  /** Width of the text embedding (a learned bag-of-features projection). Default 64. */
  embedSize?: number;
  /** Width of the turn vector and of the memory LSTM. Default 96. */
  hiddenSize?: number;
  /** Dropout on the text embedding while training. Default 0.2. */
  dropout?: number;
  seed?: number;
}

/**
 * The LSTM memory model as a tfjs layers model over whole sequences (saved in the layers format;
 * trained through its sparse twin, training/sparse-twin.ts, which shares these layers):
 *   text bag [T,V] → Dense(embed, relu) → dropout ─┐
 *   context [T,C] ──────────────────────────────────┴→ concat → Dense(hidden, relu) = turn vector
 *   turn vectors → LSTM(hidden) = dialogue memory
 *   [memory, turn vector] → Dense(actions) = action logits (masked outside the graph)
 *   turn vector → Dense(1, sigmoid) = fact head (did the user tell a personal fact?)
 */
export function buildMemoryModel(shape: MemoryModelShape): tfl.LayersModel {
  const embed = shape.embedSize ?? 64;
  const hidden = shape.hiddenSize ?? 96;
  const seed = shape.seed ?? 1;
  const init = (offset: number) => tfl.initializers.glorotUniform({ seed: seed + offset });
  const text = tfl.input({ shape: [null, shape.vocabSize], name: 'text' });
  const context = tfl.input({ shape: [null, shape.contextSize], name: 'context' });
  let embedded = tfl.layers
    .dense({ units: embed, activation: 'relu', name: 'text_embed', kernelInitializer: init(1) })
    .apply(text) as tfl.SymbolicTensor;
  embedded = tfl.layers
    .dropout({ rate: shape.dropout ?? 0.2, seed: seed + 2, name: 'text_dropout' })
    .apply(embedded) as tfl.SymbolicTensor;
  const joined = tfl.layers
    .concatenate({ name: 'turn_inputs' })
    .apply([embedded, context]) as tfl.SymbolicTensor;
  const turn = tfl.layers
    .dense({ units: hidden, activation: 'relu', name: 'turn_encoder', kernelInitializer: init(3) })
    .apply(joined) as tfl.SymbolicTensor;
  const memory = tfl.layers
    .lstm({
      units: hidden,
      returnSequences: true,
      recurrentActivation: 'sigmoid',
      name: 'memory',
      kernelInitializer: init(4),
      recurrentInitializer: init(5),
    })
    .apply(turn) as tfl.SymbolicTensor;
  const headInput = tfl.layers
    .concatenate({ name: 'head_inputs' })
    .apply([memory, turn]) as tfl.SymbolicTensor;
  const logits = tfl.layers
    .dense({ units: shape.actionCount, name: 'action_head', kernelInitializer: init(6) })
    .apply(headInput) as tfl.SymbolicTensor;
  const fact = tfl.layers
    .dense({ units: 1, activation: 'sigmoid', name: 'fact_head', kernelInitializer: init(7) })
    .apply(turn) as tfl.SymbolicTensor;
  return tfl.model({ inputs: [text, context], outputs: [logits, fact], name: 'carebot_memory' });
}

/** The weights of one step, taken from the layers model by layer name. */
export interface StepWeights {
  embedKernel: tf.Tensor2D;
  embedBias: tf.Tensor1D;
  turnKernel: tf.Tensor2D;
  turnBias: tf.Tensor1D;
  lstmKernel: tf.Tensor2D;
  lstmRecurrent: tf.Tensor2D;
  lstmBias: tf.Tensor1D;
  actionKernel: tf.Tensor2D;
  actionBias: tf.Tensor1D;
  factKernel: tf.Tensor2D;
  factBias: tf.Tensor1D;
  hidden: number;
}

/** Copies the step weights out of a (trained or loaded) memory model. Dispose with `disposeStepWeights`. */
export function stepWeights(model: tfl.LayersModel): StepWeights {
  const w = (layer: string, i: number) => tf.clone(model.getLayer(layer).getWeights()[i] as tf.Tensor);
  const recurrent = w('memory', 1) as tf.Tensor2D;
  return {
    embedKernel: w('text_embed', 0) as tf.Tensor2D,
    embedBias: w('text_embed', 1) as tf.Tensor1D,
    turnKernel: w('turn_encoder', 0) as tf.Tensor2D,
    turnBias: w('turn_encoder', 1) as tf.Tensor1D,
    lstmKernel: w('memory', 0) as tf.Tensor2D,
    lstmRecurrent: recurrent,
    lstmBias: w('memory', 2) as tf.Tensor1D,
    actionKernel: w('action_head', 0) as tf.Tensor2D,
    actionBias: w('action_head', 1) as tf.Tensor1D,
    factKernel: w('fact_head', 0) as tf.Tensor2D,
    factBias: w('fact_head', 1) as tf.Tensor1D,
    hidden: recurrent.shape[0],
  };
}

export function disposeStepWeights(weights: StepWeights): void {
  for (const value of Object.values(weights)) if (value instanceof tf.Tensor) value.dispose();
}

/** The LSTM memory state of one session: h and c, each [1, hidden]. */
export interface MemoryState {
  h: tf.Tensor2D;
  c: tf.Tensor2D;
}

export function zeroState(hidden: number): MemoryState {
  return { h: tf.zeros([1, hidden]), c: tf.zeros([1, hidden]) };
}

/**
 * One turn at run time: encodes only the new turn and advances the memory LSTM one step (the
 * same maths as the layers model, without re-reading the history). Returns logits, the fact
 * probability, the next state and the turn's memory features ([1, 2·hidden]: the memory LSTM's
 * output beside the turn vector, what the action head reads and the decoders are conditioned on);
 * the caller disposes the old state and the features.
 */
export function step(
  w: StepWeights,
  textIndices: readonly number[],
  context: Float32Array,
  state: MemoryState,
): { logits: Float32Array; fact: number; state: MemoryState; features: tf.Tensor2D } {
  const out = tf.tidy(() => {
    const textSum =
      textIndices.length > 0
        ? tf.sum(tf.gather(w.embedKernel, tf.tensor1d(textIndices as number[], 'int32')), 0)
        : tf.zerosLike(w.embedBias);
    const embedded = tf.reshape(tf.relu(tf.add(textSum, w.embedBias)), [1, -1]);
    const joined = tf.concat([embedded, tf.tensor2d(context, [1, context.length])], 1);
    const turn = tf.relu(tf.add(tf.matMul(joined, w.turnKernel), w.turnBias)) as tf.Tensor2D;
    const { h, c } = lstmStep(
      { kernel: w.lstmKernel, recurrent: w.lstmRecurrent, bias: w.lstmBias },
      turn,
      state.h,
      state.c,
    );
    const features = tf.concat([h, turn], 1) as tf.Tensor2D;
    const logits = tf.add(tf.matMul(features, w.actionKernel), w.actionBias);
    const fact = tf.sigmoid(tf.add(tf.matMul(turn, w.factKernel), w.factBias));
    return { logits, fact, h, c, features };
  });
  const logits = out.logits.dataSync() as Float32Array;
  const fact = out.fact.dataSync()[0] ?? 0;
  out.logits.dispose();
  out.fact.dispose();
  return { logits: new Float32Array(logits), fact, state: { h: out.h, c: out.c }, features: out.features };
}

/** Softmax over the allowed entries only (masked ones get 0). */
export function maskedSoftmax(logits: Float32Array, allowed: readonly boolean[]): Float32Array {
  let max = -Infinity;
  logits.forEach((l, i) => {
    if (allowed[i] && l > max) max = l;
  });
  const out = new Float32Array(logits.length);
  let sum = 0;
  logits.forEach((l, i) => {
    if (allowed[i]) {
      out[i] = Math.exp(l - max);
      sum += out[i] ?? 0;
    }
  });
  return sum > 0 ? out.map((p) => p / sum) : out;
}
