/** Log levels, most verbose first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A small namespaced logger; everything goes to stderr so stdout stays for command output. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  child(namespace: string): Logger;
}

let threshold: LogLevel = 'info';

/** Sets the level for every logger in the process (config does this once at start-up). */
export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

/** A logger that prefixes lines with `[carebot:<namespace>]`. */
export function createLogger(
  namespace: string,
  write: (line: string) => void = (l) => process.stderr.write(l),
): Logger {
  const emit = (level: LogLevel, message: string): void => {
    if (LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf(threshold)) return;
    write(`[carebot:${namespace}] ${level === 'info' ? '' : `${level}: `}${message}\n`);
  };
  return {
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
    child: (ns) => createLogger(`${namespace}:${ns}`, write),
  };
}
