import path from 'node:path';
import { loadBehaviourLibrary } from '../../behaviours/load-behaviour-library.ts';
import type { CarebotConfig } from '../../config/carebot-config.ts';
import { CarebotError } from '../../core/carebot-error.ts';
import { readCareCorpus } from '../../corpus/read-care-corpus.ts';
import { checkCareCorpus } from '../../pipeline/check-care-corpus.ts';

/**
 * `carebot check`: checks care corpora's labels against the rules the robot enforces (before
 * training on them). Returns the report; throws CORPUS_INVALID, with every problem, if any.
 */
export async function runCheck(config: CarebotConfig, corpora: readonly string[]): Promise<string> {
  if (corpora.length === 0 || !corpora.every((f) => f.endsWith('.jsonl')))
    throw new CarebotError(
      'USAGE',
      'give --corpus FILE.jsonl (care corpora; bAbI files have no rules to check)',
    );
  const library = await loadBehaviourLibrary(config.behavioursDir);
  const known = new Set(library.actionIds());
  const lines: string[] = [];
  let problems = 0;
  for (const file of corpora) {
    const dialogues = await readCareCorpus(path.resolve(file), { actionIds: known });
    const check = await checkCareCorpus(dialogues, library);
    problems += check.problems.length;
    const labels = Object.entries(check.labels).sort((a, b) => b[1] - a[1]);
    lines.push(
      `${file}: ${check.dialogues} dialogues, ${check.turns} turns, ${check.factTurns} fact turns; ${check.problems.length} problems`,
      `  labels: ${labels.map(([id, n]) => `${id} ${n}`).join(', ')}`,
      ...check.problems.map((p) => `  ${p.dialogue} turn ${p.turn}: ${p.message}`),
    );
  }
  const report = lines.join('\n');
  if (problems > 0)
    throw new CarebotError(
      'CORPUS_INVALID',
      `${report}\n${problems} labels disagree with the rules; fix them (see corpora/care/GUIDE.md)`,
    );
  return report;
}
