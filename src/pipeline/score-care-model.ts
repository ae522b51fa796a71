import path from 'node:path';
import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import { readCareCorpus } from '../corpus/read-care-corpus.ts';
import { LstmPolicy } from '../model/lstm-policy.ts';
import { evaluateCare } from './evaluate-care.ts';
import type { EvalReport } from './score-board.ts';

/** Scores a saved care model on dev corpora, the way `carebot eval` does; reports by file name. */
export async function scoreCareModel(
  modelDir: string,
  devFiles: readonly string[],
  library: BehaviourLibrary,
): Promise<Record<string, EvalReport>> {
  const known = new Set(library.actionIds());
  const policy = await LstmPolicy.load(modelDir, library.actionIds());
  try {
    const reports: Record<string, EvalReport> = {};
    for (const file of devFiles) {
      reports[path.basename(file)] = await evaluateCare(
        await readCareCorpus(file, { actionIds: known }),
        library,
        policy,
      );
    }
    return reports;
  } finally {
    policy.dispose();
  }
}
