import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { loadBehaviourLibrary } from '../../behaviours/load-behaviour-library.ts';
import type { CarebotConfig } from '../../config/carebot-config.ts';
import { CarebotError } from '../../core/carebot-error.ts';
import { readCareCorpus } from '../../corpus/read-care-corpus.ts';
import { createLogger } from '../../log/logger.ts';
import { describeBackend, initBackend } from '../../model/backend.ts';
import { LstmPolicy } from '../../model/lstm-policy.ts';
import { RulePolicy } from '../../model/rule-policy.ts';
import { evaluateBabi } from '../../pipeline/evaluate-babi.ts';
import { evaluateCare } from '../../pipeline/evaluate-care.ts';
import { formatGeneration } from '../../pipeline/format-generation.ts';
import { type EvalReport, formatReport, type PredictionLine } from '../../pipeline/score-board.ts';
import { loadRobotProfile } from '../../robot/profile/load-robot-profile.ts';

/** Arguments of `carebot eval`. */
export interface EvalArgs {
  corpora: string[];
  json: boolean;
  modelOnly: boolean;
  predictions?: string;
  /** bAbI knowledge-base file; default: the one beside the corpus. */
  kb?: string;
  /** Score the rule-based baseline instead of the model (care corpora). */
  rules?: boolean;
}

/** Scores the configured model on corpora; returns the table and (with --json) the JSON line last. */
export async function runEval(
  config: CarebotConfig,
  args: EvalArgs,
): Promise<{ text: string; report: EvalReport }> {
  if (args.corpora.length === 0)
    throw new CarebotError('USAGE', 'give --corpus FILE (a care corpus .jsonl or bAbI .txt)');
  const babi = args.corpora.every((f) => f.endsWith('.txt'));
  if (!babi && !args.corpora.every((f) => f.endsWith('.jsonl'))) {
    throw new CarebotError(
      'USAGE',
      'corpora must all be care corpora (.jsonl) or all bAbI task files (.txt)',
    );
  }
  const log = createLogger('eval');
  log.info(describeBackend(await initBackend(config.backend)));
  const out = args.predictions ? createWriteStream(args.predictions) : undefined;
  const onPrediction = out ? (line: PredictionLine) => out.write(`${JSON.stringify(line)}\n`) : undefined;
  const files = args.corpora.map((f) => path.resolve(f));
  let report: EvalReport;
  if (babi) {
    report = await evaluateBabi(config.modelDir, files, args.kb, onPrediction);
  } else {
    const library = await loadBehaviourLibrary(config.behavioursDir);
    const known = new Set(library.actionIds());
    const dialogues = (await Promise.all(files.map((f) => readCareCorpus(f, { actionIds: known })))).flat();
    const policy = args.rules
      ? new RulePolicy()
      : await LstmPolicy.load(config.modelDir, library.actionIds());
    // Generation is scored for the configured robot's joints (gestures are safety-filtered for it).
    const decoders = policy instanceof LstmPolicy ? policy.generates : undefined;
    const generation =
      decoders?.speech || decoders?.gesture
        ? { limits: (await loadRobotProfile(config.profileFile)).joints }
        : undefined;
    report = await evaluateCare(dialogues, library, policy, {
      modelOnly: args.modelOnly,
      ...(onPrediction ? { onPrediction } : {}),
      ...(generation ? { generation } : {}),
    });
    if (policy instanceof LstmPolicy) policy.dispose();
  }
  if (out) await new Promise((resolve) => out.end(resolve));
  const mode = babi
    ? ' (bAbI: per-response accuracy)'
    : args.modelOnly
      ? ' (model only: no masks, no override)'
      : '';
  const table = [
    formatReport(
      report,
      `carebot eval: ${args.rules && !babi ? 'rule baseline' : config.modelDir} on ${args.corpora.join(', ')}${mode}`,
    ),
    ...(report.generation ? ['', formatGeneration(report.generation)] : []),
  ].join('\n');
  return { text: args.json ? `${table}\n${JSON.stringify(report)}` : table, report };
}
