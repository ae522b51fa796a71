import type * as tfl from '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs';
import { lookup } from '../tensor-ops.ts';

/**
 * The `text_embed` layer applied to a bag of feature indices instead of a multi-hot vector:
 * relu(Σ weight·kernel[index] + bias), which is what Dense(relu) computes on the multi-hot, at
 * a cost that grows with the features a turn has (tens) rather than the vocabulary (thousands).
 * It owns no weights: it reads and trains the Dense layer's kernel and bias.
 */
class BagEmbedding extends tf.layers.Layer {
  static readonly className = 'CarebotBagEmbedding';
  private readonly source: tfl.layers.Layer;

  constructor(source: tfl.layers.Layer) {
    super({ name: `${source.name}_bag` });
    this.source = source;
  }

  override get trainableWeights(): tfl.LayerVariable[] {
    return this.source.trainableWeights;
  }

  override get nonTrainableWeights(): tfl.LayerVariable[] {
    return [];
  }

  override build(): void {
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [ids] = inputShape as tfl.Shape[];
    const kernel = this.source.trainableWeights[0];
    return [ids?.[0] ?? null, ids?.[1] ?? null, kernel?.shape[1] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [ids, weights] = inputs as [tf.Tensor3D, tf.Tensor3D];
      const [kernel, bias] = this.source.trainableWeights.map((w) => w.read()) as [tf.Tensor2D, tf.Tensor1D];
      const [b, t, l] = ids.shape;
      const width = kernel.shape[1];
      const rows = lookup(kernel, tf.reshape(ids, [-1]) as tf.Tensor1D);
      const weighted = tf.mul(rows, tf.reshape(weights, [-1, 1]));
      const bag = tf.sum(tf.reshape(weighted, [b, t, l, width]), 2);
      return tf.relu(tf.add(bag, bias));
    });
  }
}

/**
 * A training twin of a memory model: the same layers (so the same weights, trained in place),
 * with the text bag given as indices `[B, T, L]` and weights `[B, T, L]` (1 for a feature, 0 for
 * padding) in place of the multi-hot `[B, T, V]`. The model itself, the one saved and loaded, is
 * unchanged. Inputs: [indices, weights, context].
 */
export function sparseTwin(model: tfl.LayersModel): tfl.LayersModel {
  const contextSize = (model.inputs[1]?.shape[2] as number | undefined) ?? 0;
  const ids = tf.input({ shape: [null, null], dtype: 'int32', name: 'text_indices' });
  const weights = tf.input({ shape: [null, null], name: 'text_weights' });
  const context = tf.input({ shape: [null, contextSize], name: 'context_twin' });
  const apply = (layer: string, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]) =>
    model.getLayer(layer).apply(x) as tfl.SymbolicTensor;
  const bag = new BagEmbedding(model.getLayer('text_embed')).apply([ids, weights]) as tfl.SymbolicTensor;
  const turn = apply('turn_encoder', apply('turn_inputs', [apply('text_dropout', bag), context]));
  const logits = apply('action_head', apply('head_inputs', [apply('memory', turn), turn]));
  const fact = apply('fact_head', turn);
  return tf.model({ inputs: [ids, weights, context], outputs: [logits, fact], name: `${model.name}_sparse` });
}
