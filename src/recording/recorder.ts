import { close, fsync, mkdirSync, open, openSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CarebotError } from '../core/carebot-error.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { RECORDING_FORMAT_VERSION, type SessionInfo } from './recording-format.ts';
import { SessionRecording } from './session-recording.ts';

/** Options of a Recorder. */
export interface RecorderOptions {
  /** The recordings folder (pass the config's `recordingsDir`). Default: ./recordings. */
  dir?: string;
  /** Default: a `recording` logger. */
  log?: Logger;
  /** The clock for times in the recording. Default: the system clock. */
  now?: () => Date;
  /** Written in each header. Default: the version in carebot's package.json. */
  carebotVersion?: string;
}

/** Most attempts at a free file name for sessions that start in the same millisecond with the same id. */
const MAX_NAME_ATTEMPTS = 100;

/** A file-name-safe form of a session id: path characters and the like become `_`, so no id leaves the folder. */
export function safeSessionName(sessionId: string): string {
  return sessionId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'session';
}

/**
 * Records sessions: one append-only JSON Lines file per session in the recordings folder
 * (owner-only: the folder 0700, files 0600), named `<start time>_<session id>.jsonl` so that
 * name order is time order.
 */
export class Recorder {
  /** The recordings folder, absolute. */
  readonly dir: string;
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly carebotVersion: string;
  private folderReady = false;

  constructor(options: RecorderOptions = {}) {
    this.dir = path.resolve(options.dir ?? 'recordings');
    this.log = options.log ?? createLogger('recording');
    this.now = options.now ?? (() => new Date());
    this.carebotVersion = options.carebotVersion ?? packageVersion();
  }

  /** Starts a session's recording (creates its file and writes the header). Throws RECORDING_FAILED. */
  open(info: SessionInfo): SessionRecording {
    this.ensureFolder();
    const startedAt = this.now().toISOString();
    const base = `${startedAt.replace(/:/g, '-')}_${safeSessionName(info.sessionId)}`;
    let fd: number | undefined;
    let file = '';
    for (let attempt = 1; fd === undefined; attempt++) {
      file = path.join(this.dir, attempt === 1 ? `${base}.jsonl` : `${base}-${attempt}.jsonl`);
      if (path.dirname(file) !== this.dir) {
        throw new CarebotError(
          'RECORDING_FAILED',
          `session id '${info.sessionId}' gives a path outside ${this.dir}`,
        );
      }
      try {
        // 'ax': append-only, and never an existing file (no two sessions share one).
        fd = openSync(file, 'ax', 0o600);
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'EEXIST' && attempt < MAX_NAME_ATTEMPTS) continue;
        throw new CarebotError(
          'RECORDING_FAILED',
          `${file}: cannot create the recording (${(cause as Error).message})`,
          {
            cause,
          },
        );
      }
    }
    const recording = new SessionRecording({
      file,
      fd,
      header: {
        type: 'session.start',
        formatVersion: RECORDING_FORMAT_VERSION,
        sessionId: info.sessionId,
        userId: info.userId,
        startedAt,
        modelId: info.modelId,
        profile: { name: info.profile.name, file: info.profile.file },
        ...(info.userSlots && Object.keys(info.userSlots).length > 0
          ? { userSlots: { ...info.userSlots } }
          : {}),
        carebotVersion: this.carebotVersion,
      },
      now: this.now,
      log: this.log,
    });
    syncFolder(this.dir);
    return recording;
  }

  private ensureFolder(): void {
    if (this.folderReady) return;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const mode = statSync(this.dir).mode & 0o777;
      if ((mode & 0o077) !== 0) {
        this.log.warn(
          `${this.dir} is readable by others (mode ${mode.toString(8)}); recordings are private: chmod 700 it`,
        );
      }
    } catch (cause) {
      throw new CarebotError('RECORDING_FAILED', `${this.dir}: cannot create the recordings folder`, {
        cause,
      });
    }
    this.folderReady = true;
  }
}

/** Makes a new file's name durable too (the folder's entry), in the background, where the platform allows it. */
function syncFolder(dir: string): void {
  open(dir, 'r', (openError, fd) => {
    if (openError) return; // not supported everywhere (Windows); the data itself is synced per turn
    fsync(fd, () => close(fd, () => {}));
  });
}

let cachedVersion: string | undefined;

function packageVersion(): string {
  if (cachedVersion === undefined) {
    try {
      const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json');
      cachedVersion = String((JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version);
    } catch {
      cachedVersion = 'unknown';
    }
  }
  return cachedVersion;
}
