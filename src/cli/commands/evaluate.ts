import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { loadBehaviourLibrary } from '../../behaviours/load-behaviour-library.ts';
import type { CarebotConfig } from '../../config/carebot-config.ts';
import { CarebotError } from '../../core/carebot-error.ts';
import { readCareCorpus } from '../../corpus/read-care-corpus.ts';
import { createLogger } from '../../log/logger.ts';
import { describeBackend, initBackend } from '../../model/backend.ts';
import { LstmPolicy } from '../../model/lstm-policy.ts';
import { evaluateCare } from '../../pipeline/evaluate-care.ts';
import { type EvalReport, formatReport } from '../../pipeline/score-board.ts';

/** Arguments of `carebot eval`. */
export interface EvalArgs {
  corpora: string[];
  json: boolean;
  modelOnly: boolean;
  predictions?: string;
}

/** Scores the configured model on corpora; returns the table and (with --json) the JSON line last. */
export async function runEval(
  config: CarebotConfig,
  args: EvalArgs,
): Promise<{ text: string; report: EvalReport }> {
  if (args.corpora.length === 0)
    throw new CarebotError('USAGE', 'give --corpus FILE (a care corpus .jsonl or bAbI .txt)');
  if (args.corpora.some((f) => f.endsWith('.txt'))) {
    throw new CarebotError(
      'NOT_BUILT',
      'evaluating on bAbI .txt files is not built yet; care corpora (.jsonl) are',
    );
  }
  const log = createLogger('eval');
  log.info(describeBackend(await initBackend(config.backend)));
  const library = await loadBehaviourLibrary(config.behavioursDir);
  const known = new Set(library.actionIds());
  const dialogues = (
    await Promise.all(args.corpora.map((f) => readCareCorpus(path.resolve(f), { actionIds: known })))
  ).flat();
  const policy = await LstmPolicy.load(config.modelDir, library.actionIds());
  const out = args.predictions ? createWriteStream(args.predictions) : undefined;
  const report = await evaluateCare(dialogues, library, policy, {
    modelOnly: args.modelOnly,
    ...(out ? { onPrediction: (line) => out.write(`${JSON.stringify(line)}\n`) } : {}),
  });
  if (out) await new Promise((resolve) => out.end(resolve));
  policy.dispose();
  const title = `carebot eval: ${config.modelDir} on ${args.corpora.join(', ')}${args.modelOnly ? ' (model only: no masks, no override)' : ''}`;
  const table = formatReport(report, title);
  return { text: args.json ? `${table}\n${JSON.stringify(report)}` : table, report };
}
