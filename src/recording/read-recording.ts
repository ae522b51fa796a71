import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { createLogger, type Logger } from '../log/logger.ts';
import { KNOWN_TYPES, readableVersion, recordLineSchema, sessionStartSchema } from './record-line-schema.ts';
import { RecordingError } from './recording-error.ts';
import {
  RECORDING_FORMAT_VERSION,
  type RecordedEvent,
  type RecordedSession,
  type SessionEndLine,
  type SessionStartLine,
} from './recording-format.ts';

/** Options of the recording readers. */
export interface ReadRecordingOptions {
  /** Where skipped lines are reported. Default: a `recording` logger. */
  log?: Logger;
}

/**
 * Reads one recording. A partial last line (the writer was killed mid-line) is skipped with a
 * warning; any other malformed line is a RecordingError naming the file and line. Returns
 * undefined, with a warning, for a file with no complete line (killed before its header was written).
 */
export async function readRecording(
  file: string,
  options: ReadRecordingOptions = {},
): Promise<RecordedSession | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RecordingError(file, 0, `cannot read the recording (${(error as Error).message})`);
  }
  return parseRecording(text, file, options.log ?? createLogger('recording'));
}

/** Reads every recording (`*.jsonl`) in a folder (or folders, one after another), in file-name (start-time) order. */
export async function* readRecordings(
  dirs: string | readonly string[],
  options: ReadRecordingOptions = {},
): AsyncIterable<RecordedSession> {
  for (const dir of typeof dirs === 'string' ? [dirs] : dirs) {
    let names: string[];
    try {
      const entries = await readdir(dir, { withFileTypes: true });
      names = entries.filter((e) => e.isFile() && e.name.endsWith('.jsonl')).map((e) => e.name);
    } catch (error) {
      throw new RecordingError(dir, 0, `cannot read the recordings folder (${(error as Error).message})`);
    }
    for (const name of names.sort()) {
      const session = await readRecording(path.join(dir, name), options);
      if (session) yield session;
    }
  }
}

/** Parses a recording's text (see readRecording). */
export function parseRecording(text: string, file: string, log: Logger): RecordedSession | undefined {
  const lines = text.split('\n');
  // Every line is written with its newline; text after the last newline is a write cut short.
  const tail = lines.pop() ?? '';
  const partialLine = tail.length > 0;
  if (partialLine) {
    log.warn(
      `${file}:${lines.length + 1}: partial last line (${Buffer.byteLength(tail)} bytes) skipped: the recording stopped mid-write`,
    );
  }
  const first = lines[0];
  if (first === undefined) {
    log.warn(`${file}: no complete line (the session was cut off as it started); skipped`);
    return undefined;
  }
  const header = parseHeader(first, file);
  const events: RecordedEvent[] = [];
  let end: SessionEndLine | undefined;
  let seq = 0;
  let unknownWarned = false;
  const inputs = new Set<number>();
  for (let index = 1; index < lines.length; index++) {
    const at = index + 1;
    const json = parseJson(lines[index] ?? '', file, at);
    const type = typeof json.type === 'string' ? json.type : undefined;
    if (json.seq !== seq + 1) {
      throw new RecordingError(
        file,
        at,
        `seq ${String(json.seq)} does not follow ${seq}: lines are missing or out of order`,
      );
    }
    seq += 1;
    if (end) throw new RecordingError(file, at, 'a line after session.end');
    if (type === 'session.start') throw new RecordingError(file, at, 'a second session.start');
    if (type === undefined || !KNOWN_TYPES.has(type)) {
      if (!unknownWarned) log.warn(`${file}:${at}: skipped events of unknown type '${String(json.type)}'`);
      unknownWarned = true;
      continue;
    }
    const parsed = recordLineSchema.safeParse(json);
    if (!parsed.success) throw new RecordingError(file, at, describe(parsed.error));
    const line = parsed.data;
    if (line.type === 'session.end') {
      end = line as SessionEndLine;
      continue;
    }
    if (line.type === 'robot.action' && line.answers !== undefined && !inputs.has(line.answers)) {
      throw new RecordingError(file, at, `answers ${line.answers}, which is not an earlier input's seq`);
    }
    if (line.type === 'user.utterance' || line.type === 'robot.event') inputs.add(line.seq);
    events.push(line as RecordedEvent);
  }
  return { file, header, events, ...(end ? { end } : {}), partialLine };
}

function parseHeader(line: string, file: string): SessionStartLine {
  const json = parseJson(line, file, 1);
  if (json.type !== 'session.start') throw new RecordingError(file, 1, 'the first line is not session.start');
  if (typeof json.formatVersion === 'number' && !readableVersion(json.formatVersion)) {
    throw new RecordingError(
      file,
      1,
      `format version ${json.formatVersion}; this carebot reads version ${RECORDING_FORMAT_VERSION}`,
    );
  }
  const parsed = sessionStartSchema.safeParse(json);
  if (!parsed.success) throw new RecordingError(file, 1, describe(parsed.error));
  return parsed.data as SessionStartLine;
}

function parseJson(line: string, file: string, at: number): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new RecordingError(file, at, `not valid JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new RecordingError(file, at, 'not a JSON object');
  }
  return json as Record<string, unknown>;
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue?.message ?? 'invalid line'}`;
}
