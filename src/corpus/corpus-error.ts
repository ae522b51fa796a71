import { CarebotError } from '../core/carebot-error.ts';

/** A corpus file is malformed: names the file, the line and what is wrong. */
export class CorpusError extends CarebotError {
  readonly file: string;
  readonly line: number;

  constructor(file: string, line: number, problem: string) {
    super('CORPUS_INVALID', `${file}:${line}: ${problem}`);
    this.name = 'CorpusError';
    this.file = file;
    this.line = line;
  }
}
