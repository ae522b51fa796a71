import { parentPort, workerData } from 'node:worker_threads';
import { initBackend } from '../backend.ts';
import {
  type FromWorker,
  type ToWorker,
  trainMember,
  type WorkerData,
  weightValues,
} from './train-members.ts';

/** The worker side of `trainMembers`: trains the members it is sent, one at a time. */
const port = parentPort;
if (!port) throw new Error('member-worker.ts runs only as a worker thread (see trainMembers)');
const data = workerData as WorkerData;
const post = (message: FromWorker): void => port.postMessage(message);
await initBackend(data.backend);
port.on('message', async ({ index, spec }: ToWorker) => {
  try {
    const { model, result } = await trainMember(spec, data.train, data.dev, {
      onProgress: (progress) => post({ kind: 'progress', index, progress }),
      onEpoch: (record) => post({ kind: 'epoch', index, record }),
    });
    const weights = weightValues(model);
    model.dispose();
    post({ kind: 'done', index, result, weights });
  } catch (error) {
    post({ kind: 'failed', index, message: String((error as Error)?.stack ?? error) });
  }
});
