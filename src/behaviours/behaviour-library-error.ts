import { CarebotError } from '../core/carebot-error.ts';

/** A behaviour or gesture file is invalid: names the file, the entry and what is wrong. */
export class BehaviourLibraryError extends CarebotError {
  readonly file: string;
  readonly entry: string;
  readonly problem: string;

  constructor(file: string, entry: string, problem: string, options?: { cause?: unknown }) {
    super('BEHAVIOUR_INVALID', `${file}: ${entry}: ${problem}`, options);
    this.name = 'BehaviourLibraryError';
    this.file = file;
    this.entry = entry;
    this.problem = problem;
  }
}
