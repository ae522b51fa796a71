import { createHash } from 'node:crypto';
import path from 'node:path';
import type { BehaviourLibrary } from '../../behaviours/behaviour-library.ts';
import { loadBehaviourLibrary } from '../../behaviours/load-behaviour-library.ts';
import type { CarebotConfig } from '../../config/carebot-config.ts';
import { CarebotError } from '../../core/carebot-error.ts';
import { createLogger } from '../../log/logger.ts';
import { describeBackend, initBackend } from '../../model/backend.ts';
import type { MemberTag } from '../../model/training/train-members.ts';
import type { EpochRecord } from '../../model/training/train-memory-model.ts';
import { careDialoguesFromRecords } from '../../pipeline/care-dialogues-from-records.ts';
import { promoteModel } from '../../pipeline/promote-model.ts';
import type { EvalReport } from '../../pipeline/score-board.ts';
import { scoreCareModel } from '../../pipeline/score-care-model.ts';
import { trainBabi } from '../../pipeline/train-babi.ts';
import { type CareTrainingSettings, type TrainCareRequest, trainCare } from '../../pipeline/train-care.ts';
import { trainDecoders } from '../../pipeline/train-decoders.ts';
import { exportRecordings, toJsonl } from '../../recording/export-recordings.ts';
import { readRecordings } from '../../recording/read-recording.ts';
import { loadRobotProfile } from '../../robot/profile/load-robot-profile.ts';
import { memberLabel, trainingProgressBar } from '../progress-bar.ts';

/** Arguments of `carebot train`. */
export interface TrainArgs {
  corpora: string[];
  dev: string[];
  out: string;
  settings: Partial<CareTrainingSettings>;
  command: string;
  /** Ensemble members trained at once, one per worker thread. Default: one per core (1 on tfjs-node). */
  jobs?: number;
  /** bAbI knowledge-base file; default: the one beside the corpus. */
  kb?: string;
  /** Recordings folders, exported in memory and trained on after the corpora. Default: none. */
  recordings?: string[];
  /** A care model to fine-tune. Default: train from scratch. */
  from?: string;
  /** Replace the configured model (models/default) with the new one. Default: false. */
  promote?: boolean;
  /**
   * Train only the speech and gesture decoders, on the frozen memory model of `--from` (default: the
   * configured model), which is copied to `--out` unchanged. Default: false.
   */
  decoders?: boolean;
}

/** Trains a model and prints where it went and its dev scores. */
export async function runTrain(config: CarebotConfig, args: TrainArgs): Promise<string> {
  const recordings = args.recordings ?? [];
  if (args.corpora.length === 0 && recordings.length === 0) {
    throw new CarebotError('USAGE', 'give at least one --corpus FILE (.jsonl care corpus or bAbI .txt)');
  }
  if (!args.out)
    throw new CarebotError('USAGE', 'give --out models/NAME: the folder the model is written to');
  if (path.resolve(args.out) === path.resolve(config.modelDir)) {
    throw new CarebotError(
      'USAGE',
      `--out is the model in use (${config.modelDir}), which only --promote replaces: train into another folder and add --promote (e.g. --out models/candidate --promote)`,
    );
  }
  for (const [name, value] of Object.entries({ ...args.settings, jobs: args.jobs })) {
    if (typeof value === 'number' && (!Number.isInteger(value) || value < (name === 'seed' ? 0 : 1))) {
      throw new CarebotError(
        'USAGE',
        `--${name} must be a whole number${name === 'seed' ? '' : ' of at least 1'}, got '${value}'`,
      );
    }
  }
  if (args.decoders) return runTrainDecoders(config, args);
  const files = [...args.corpora, ...args.dev];
  const babi = files.length > 0 && files.every((f) => f.endsWith('.txt'));
  if (babi && (recordings.length > 0 || args.from || args.promote)) {
    throw new CarebotError(
      'USAGE',
      '--recordings, --from and --promote are for care models (.jsonl corpora)',
    );
  }
  if (!babi && !files.every((f) => f.endsWith('.jsonl'))) {
    throw new CarebotError(
      'USAGE',
      'corpora must all be care corpora (.jsonl) or all bAbI task files (.txt)',
    );
  }
  const log = createLogger('train');
  log.info(describeBackend(await initBackend(config.backend)));
  const bar = trainingProgressBar();
  const common = {
    corpora: args.corpora.map((f) => path.resolve(f)),
    devCorpora: args.dev.map((f) => path.resolve(f)),
    outDir: path.resolve(args.out),
    command: args.command,
    settings: args.settings,
    onProgress: bar.onProgress,
    onEpoch: (r: EpochRecord, tag?: MemberTag) =>
      bar.line(
        `${memberLabel(tag)}epoch ${r.epoch}: loss ${r.loss.toFixed(4)}, train acc ${(r.trainAccuracy * 100).toFixed(1)}%${
          r.devAccuracy === null ? '' : `, dev acc ${(r.devAccuracy * 100).toFixed(1)}%`
        } (${r.seconds.toFixed(1)} s)`,
      ),
    log,
  };
  const library = babi ? undefined : await loadBehaviourLibrary(config.behavioursDir);
  const result = library
    ? await trainCare({
        ...common,
        library,
        ...(await recordedDialogues(recordings, library)),
        ...(args.from ? { from: path.resolve(args.from) } : {}),
        ...(args.jobs !== undefined ? { parallel: args.jobs } : {}),
      })
    : await trainBabi({ ...common, ...(args.kb ? { kbFile: path.resolve(args.kb) } : {}) });
  const lines = [
    `model written to ${result.outDir} (best epoch ${result.metadata.training.bestEpoch} of ${result.metadata.training.epochs}, ${result.seconds.toFixed(0)} s, ${result.metadata.training.samplesPerSecond.toFixed(0)} turns/s)`,
    `training curve: ${path.join(result.outDir, 'training-curve.svg')}`,
  ];
  for (const [file, report] of Object.entries(result.dev)) {
    lines.push(
      `dev ${file}: turn accuracy ${(report.turn_accuracy * 100).toFixed(2)} %, dialogue accuracy ${(report.dialogue_accuracy * 100).toFixed(2)} %, p99 ${report.latency_ms.p99.toFixed(2)} ms`,
    );
  }
  if (library && args.dev.length > 0) {
    const oldDir = path.resolve(args.from ?? config.modelDir);
    lines.push(...(await compareScores(oldDir, result.outDir, common.devCorpora, result.dev, library)));
  }
  if (args.promote) {
    await promoteModel(result.outDir, config.modelDir);
    lines.push(`promoted ${result.outDir} to ${config.modelDir}`);
  }
  return lines.join('\n');
}

/** `carebot train --decoders`: the decoders as a second stage; the memory model (and its action choices) stay as they are. */
async function runTrainDecoders(config: CarebotConfig, args: TrainArgs): Promise<string> {
  if (
    (args.recordings ?? []).length > 0 ||
    [...args.corpora, ...args.dev].some((f) => !f.endsWith('.jsonl'))
  ) {
    throw new CarebotError(
      'USAGE',
      '--decoders trains on care corpora (.jsonl) with robot_text references; --recordings is not supported there',
    );
  }
  const from = path.resolve(args.from ?? config.modelDir);
  const log = createLogger('train');
  log.info(describeBackend(await initBackend(config.backend)));
  const [library, profile] = await Promise.all([
    loadBehaviourLibrary(config.behavioursDir),
    loadRobotProfile(config.profileFile),
  ]);
  const bars = { speech: trainingProgressBar(), gesture: trainingProgressBar() };
  const epochs = args.settings.epochs;
  const result = await trainDecoders({
    library,
    modelDir: from,
    outDir: path.resolve(args.out),
    corpora: args.corpora.map((f) => path.resolve(f)),
    devCorpora: args.dev.map((f) => path.resolve(f)),
    command: args.command,
    limits: profile.joints,
    settings: {
      ...(args.settings.seed !== undefined ? { seed: args.settings.seed } : {}),
      ...(epochs !== undefined ? { speech: { epochs }, gesture: { epochs } } : {}),
    },
    onProgress: (stage, p) => bars[stage].onProgress(p),
    onEpoch: (stage, r) =>
      bars[stage].line(
        `${stage} epoch ${r.epoch}: loss ${r.loss.toFixed(4)}${r.devLoss === null ? '' : `, dev loss ${r.devLoss.toFixed(4)}`} (${r.seconds.toFixed(1)} s)`,
      ),
    log,
  });
  const d = result.decoders;
  const lines = [
    `decoders written to ${path.join(result.outDir, 'decoders')} on the frozen memory model of ${shown(from)} (${result.seconds.toFixed(0)} s): speech ${d.speech?.parameters} parameters, gesture ${d.gesture?.parameters}`,
  ];
  for (const [file, g] of Object.entries(result.dev)) {
    lines.push(
      `dev ${file}: chrF template ${g.text.chrf.template.toFixed(1)} / generate ${g.text.chrf.generate.toFixed(1)} / hybrid ${g.text.chrf.hybrid.toFixed(1)}, slot fill ${(g.text.slot_fill * 100).toFixed(1)} %, gesture error ${g.gesture.joint_error.generate.toFixed(3)} rad, clamped ${(g.gesture.clamp_share.generate * 100).toFixed(2)} %`,
    );
  }
  if (args.dev.length > 0) {
    const devFiles = args.dev.map((f) => path.resolve(f));
    const fresh = await scoreCareModel(result.outDir, devFiles, library);
    lines.push(...(await compareScores(from, result.outDir, devFiles, fresh, library)));
  }
  if (args.promote) {
    await promoteModel(result.outDir, config.modelDir);
    lines.push(`promoted ${result.outDir} to ${config.modelDir}`);
  }
  return lines.join('\n');
}

/** Exports recordings in memory as training dialogues (with the robot's stored facts as fact labels). */
async function recordedDialogues(
  dirs: readonly string[],
  library: BehaviourLibrary,
): Promise<Pick<TrainCareRequest, 'extraDialogues' | 'extraSources'>> {
  if (dirs.length === 0) return {};
  const resolved = dirs.map((d) => path.resolve(d));
  const exported = await exportRecordings(readRecordings(resolved));
  const source = `recordings in ${resolved.join(', ')}`;
  const dialogues = careDialoguesFromRecords(exported.dialogues, {
    source,
    facts: exported.facts,
    actionIds: new Set(library.actionIds()),
  });
  createLogger('train').info(
    `${source}: ${dialogues.length} dialogues, ${exported.turns} turns (${exported.corrected} corrected)`,
  );
  const sha256 = createHash('sha256').update(toJsonl(exported.dialogues)).digest('hex');
  return {
    extraDialogues: dialogues,
    extraSources: [
      {
        file: resolved.map((d) => path.relative(process.cwd(), d) || d).join(','),
        sha256,
        dialogues: dialogues.length,
      },
    ],
  };
}

/** The old model's and the new model's dev scores side by side. */
async function compareScores(
  oldDir: string,
  newDir: string,
  devFiles: readonly string[],
  fresh: Record<string, EvalReport>,
  library: BehaviourLibrary,
): Promise<string[]> {
  let old: Record<string, EvalReport> | undefined;
  let why = '';
  try {
    old = await scoreCareModel(oldDir, devFiles, library);
  } catch (error) {
    if (!(error instanceof CarebotError)) throw error;
    why = error.message;
  }
  const pct = (r: EvalReport | undefined) =>
    r ? `${(r.turn_accuracy * 100).toFixed(2)} % / ${(r.dialogue_accuracy * 100).toFixed(2)} %` : 'n/a';
  const rows = devFiles.map((f) => {
    const file = path.basename(f);
    const [a, b] = [old?.[file], fresh[file]];
    const delta =
      a && b
        ? ` ${b.turn_accuracy >= a.turn_accuracy ? '+' : ''}${((b.turn_accuracy - a.turn_accuracy) * 100).toFixed(2)} pt`
        : '';
    return [file, pct(a), pct(b), delta];
  });
  const header = ['dev (turn / dialogue accuracy)', `old ${shown(oldDir)}`, `new ${shown(newDir)}`, ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const table = [header, ...rows].map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  return old ? table : [...table, `old model not scored: ${why}`];
}

/** A folder as the user would type it: relative when inside the working folder. */
function shown(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith('..') ? relative : dir;
}
