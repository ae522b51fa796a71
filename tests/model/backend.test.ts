import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { describeBackend, initBackend } from '../../src/model/backend.ts';

describe('initBackend', () => {
  it('selects a working backend, the fastest available, and says why faster ones were skipped', async () => {
    const info = await initBackend();
    expect(tf.getBackend()).toBe(info.name);
    const order = ['tensorflow', 'wasm', 'cpu'];
    for (const faster of order.slice(0, order.indexOf(info.name))) {
      expect(info.skipped[faster as 'tensorflow']).toBeTruthy();
    }
    const product = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()[0]);
    expect(product).toBe(11);
    expect(describeBackend(info)).toContain(`backend: ${info.name}`);
  });
});
