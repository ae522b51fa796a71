import { existsSync } from 'node:fs';
import { cp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { CarebotError } from '../core/carebot-error.ts';

/**
 * Makes `fromDir` the model at `toDir` (models/default) without ever leaving a half-written one
 * there: the copy is written beside the target, then swapped in by renames. Between the two
 * renames the target is briefly absent (never partial); the previous model is then deleted.
 */
export async function promoteModel(fromDir: string, toDir: string): Promise<void> {
  const from = path.resolve(fromDir);
  const to = path.resolve(toDir);
  if (from === to) throw new CarebotError('USAGE', `${from} is already the model to promote to`);
  const parent = path.dirname(to);
  const staged = path.join(parent, `.${path.basename(to)}.promoting-${process.pid}`);
  const previous = path.join(parent, `.${path.basename(to)}.replaced-${process.pid}`);
  try {
    await rm(staged, { recursive: true, force: true });
    await cp(from, staged, { recursive: true, errorOnExist: true });
  } catch (cause) {
    await rm(staged, { recursive: true, force: true });
    throw new CarebotError(
      'MODEL_INVALID',
      `cannot stage ${from} beside ${to}: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  const hadPrevious = existsSync(to);
  if (hadPrevious) await rename(to, previous);
  try {
    await rename(staged, to);
  } catch (cause) {
    if (hadPrevious) await rename(previous, to);
    await rm(staged, { recursive: true, force: true });
    throw new CarebotError(
      'MODEL_INVALID',
      `cannot move the new model into ${to}: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  if (hadPrevious) await rm(previous, { recursive: true, force: true });
}
