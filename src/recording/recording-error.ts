import { CarebotError } from '../core/carebot-error.ts';

/** A recording file is malformed: names the file, the line and what is wrong. */
export class RecordingError extends CarebotError {
  readonly file: string;
  readonly line: number;

  constructor(file: string, line: number, problem: string) {
    super('RECORDING_INVALID', `${file}:${line}: ${problem}`);
    this.name = 'RecordingError';
    this.file = file;
    this.line = line;
  }
}
