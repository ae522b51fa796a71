/** Every error code carebot raises; the CLI maps them to exit codes in one place (cli/main.ts). */
export type CarebotErrorCode =
  | 'CONFIG_INVALID'
  | 'BEHAVIOUR_INVALID'
  | 'PROFILE_INVALID'
  | 'USER_INVALID'
  | 'MODEL_NOT_FOUND'
  | 'MODEL_INVALID'
  | 'MODEL_MISMATCH'
  | 'CORPUS_INVALID'
  | 'INPUT_INVALID'
  | 'ADAPTER_FAILED'
  | 'RECORDING_INVALID'
  | 'RECORDING_FAILED'
  | 'NOT_BUILT'
  | 'USAGE';

/** The root of carebot's errors: a literal `code`, a message that says what to do, and an optional `cause`. */
export class CarebotError extends Error {
  readonly code: CarebotErrorCode;

  constructor(code: CarebotErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CarebotError';
    this.code = code;
  }
}
