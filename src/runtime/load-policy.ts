import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import { CarebotError } from '../core/carebot-error.ts';
import type { Policy } from '../core/policy.ts';
import type { Logger } from '../log/logger.ts';
import { LstmPolicy } from '../model/lstm-policy.ts';
import { RulePolicy } from '../model/rule-policy.ts';

/**
 * The policy a robot runs: the trained model in `modelDir`, or the rule-based baseline when asked
 * (`rules`) or when no model is there (a robot keeps running, and says so). A model that is
 * corrupted or does not match the behaviour library is an error, never silently replaced.
 */
export async function loadPolicy(options: {
  modelDir: string;
  library: BehaviourLibrary;
  rules?: boolean;
  log: Logger;
}): Promise<Policy> {
  if (options.rules) return new RulePolicy();
  try {
    const policy = await LstmPolicy.load(options.modelDir, options.library.actionIds());
    options.log.info(`policy: ${policy.id}`);
    return policy;
  } catch (error) {
    if (error instanceof CarebotError && error.code === 'MODEL_NOT_FOUND') {
      options.log.warn(`${error.message}\nFalling back to the rule-based policy.`);
      return new RulePolicy();
    }
    if (error instanceof CarebotError) throw error;
    // Whatever tfjs throws on files it did not expect: still an error about this model folder.
    throw new CarebotError(
      'MODEL_INVALID',
      `${options.modelDir}: the model cannot be used (${(error as Error)?.message ?? String(error)})`,
      { cause: error },
    );
  }
}
