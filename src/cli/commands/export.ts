import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CarebotConfig } from '../../config/carebot-config.ts';
import { CarebotError } from '../../core/carebot-error.ts';
import { exportRecordings, toJsonl } from '../../recording/export-recordings.ts';
import { readRecordings } from '../../recording/read-recording.ts';

/** Arguments of `carebot export`. */
export interface ExportArgs {
  /** Recordings folders. Default: the configured recordingsDir. */
  recordings: string[];
  out: string;
  redact: boolean;
}

/**
 * Exports recordings to a care corpus file, and the facts the robot stored to `<name>.facts.jsonl`
 * beside it; both owner-readable only (they hold what users said), each replaced whole.
 */
export async function runExport(config: CarebotConfig, args: ExportArgs): Promise<string> {
  if (!args.out.endsWith('.jsonl')) {
    throw new CarebotError('USAGE', 'give --out FILE.jsonl: the care corpus file to write');
  }
  const dirs = (args.recordings.length > 0 ? args.recordings : [config.recordingsDir]).map((d) =>
    path.resolve(d),
  );
  const result = await exportRecordings(readRecordings(dirs), { redact: args.redact });
  const out = path.resolve(args.out);
  await writePrivate(out.replace(/\.jsonl$/, '.facts.jsonl'), toJsonl(result.facts));
  await writePrivate(out, toJsonl(result.dialogues));
  return [
    `exported ${result.dialogues.length} dialogues (${result.turns} turns, ${result.corrected} corrected by an operator, ${result.facts.length} facts) from ${result.sessions} sessions in ${dirs.join(', ')} to ${out}`,
    ...(args.redact ? [`redacted ${result.redactedNames} names known to memory as [NAME]`] : []),
  ].join('\n');
}

/** Writes beside, then renames: a reader never sees half a file. */
async function writePrivate(file: string, text: string): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(temp, text, { mode: 0o600 });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
