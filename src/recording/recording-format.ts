import type { SessionInput } from '../core/operator-input.ts';
import type { RobotOutput } from '../core/robot-output.ts';

/** The recording format version this code writes and reads (the header's `formatVersion`). */
export const RECORDING_FORMAT_VERSION = 1;

/** What the runtime knows when a session starts: the recording's header, less what the recorder adds. */
export interface SessionInfo {
  sessionId: string;
  /** Whose long-term memory the session uses (chains sessions on export). */
  userId: string;
  /** The policy's id (`Policy.id`, e.g. `lstm:default@<hash>` or `rules`). */
  modelId: string;
  /** The robot profile: its name and the file it came from. */
  profile: { name: string; file: string };
  /** Slot values about the user the session started with (user_name, medication, contact). Default: none. */
  userSlots?: Record<string, string>;
}

/** The first line of every recording. */
export interface SessionStartLine extends SessionInfo {
  t: string;
  seq: 0;
  type: 'session.start';
  formatVersion: typeof RECORDING_FORMAT_VERSION;
  startedAt: string;
  carebotVersion: string;
}

/** The last line of a recording that was closed (absent when the process died). */
export interface SessionEndLine {
  t: string;
  seq: number;
  type: 'session.end';
  reason: string;
}

/** Everything the dialogue machine sees or does in a session. */
export type SessionEvent = SessionInput | RobotOutput;

/**
 * One recorded event: the event exactly as the machine saw it, with its time and sequence number;
 * an action linked to the input it answers carries that input's `answers: seq`.
 */
export type RecordedEvent = SessionEvent & { t: string; seq: number; answers?: number };

/** A recording as the reader returns it. */
export interface RecordedSession {
  file: string;
  header: SessionStartLine;
  events: RecordedEvent[];
  /** Absent when the session never closed (the process died or is still running). */
  end?: SessionEndLine;
  /** The file ended in a partial line (a write cut short), which was skipped. */
  partialLine: boolean;
}
