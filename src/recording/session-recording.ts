import { closeSync, fsyncSync, writeSync } from 'node:fs';
import { CarebotError } from '../core/carebot-error.ts';
import type { RobotInput } from '../core/robot-input.ts';
import type { Logger } from '../log/logger.ts';
import type { SessionEvent, SessionStartLine } from './recording-format.ts';

/**
 * Lines after which the file is fsynced: a turn's end (the action), the labels and acks an operator
 * gave, and the session's ends. Other lines are written synchronously too (so they survive the
 * process being killed) and reach the disk with the next fsync. Measured here: an fsync costs
 * ~0.15 ms, so one per line would cost ~0.6 ms a turn against ~0.17 ms for one per turn.
 */
const SYNC_AFTER = new Set([
  'session.start',
  'robot.action',
  'operator.correction',
  'carer.ack',
  'session.end',
]);

/**
 * One session's recording: an append-only JSON Lines file, one `{t, seq, ...event}` line per
 * event, each written with one synchronous write so a turn is on disk before the next starts.
 * Created by `Recorder.open`; never rewrites what it wrote.
 */
export class SessionRecording {
  /** The recording file. */
  readonly file: string;
  private fd: number | undefined;
  private seq = 0;
  /** The seq of each input appended, by identity (what `answers` links to). */
  private readonly inputSeqs = new WeakMap<RobotInput, number>();
  private readonly now: () => Date;
  private readonly log: Logger;

  /** Takes ownership of `fd` (opened for appending) and writes the header line. */
  constructor(options: {
    file: string;
    fd: number;
    header: Omit<SessionStartLine, 't' | 'seq'>;
    now: () => Date;
    log: Logger;
  }) {
    this.file = options.file;
    this.fd = options.fd;
    this.now = options.now;
    this.log = options.log;
    const { type, formatVersion, ...rest } = options.header;
    this.write({ t: options.header.startedAt, seq: 0, type, formatVersion, ...rest });
  }

  /** True once closed (or after a write failed). */
  get closed(): boolean {
    return this.fd === undefined;
  }

  /**
   * Records one input or output, synchronously, and returns its line's `seq`. For an action,
   * `answers` is the input it answers (the object appended earlier; the line links to it as
   * `answers: <seq>`, so export pairs them even when inputs queue or interrupt); an input never
   * appended (one the machine made itself: the silence timer, a schedule) is appended first.
   * Throws RECORDING_FAILED when the file cannot be written.
   */
  append(event: SessionEvent, link: { answers?: RobotInput } = {}): number {
    const answers = link.answers
      ? (this.inputSeqs.get(link.answers) ?? this.append(link.answers))
      : undefined;
    const seq = this.seq + 1;
    this.write({ t: this.now().toISOString(), seq, ...event, ...(answers !== undefined ? { answers } : {}) });
    this.seq = seq;
    if (event.type === 'user.utterance' || event.type === 'robot.event') this.inputSeqs.set(event, seq);
    return seq;
  }

  /** Writes the `session.end` line and closes the file; later calls do nothing. */
  close(reason: string): void {
    if (this.fd === undefined) return;
    this.write({ t: this.now().toISOString(), seq: this.seq + 1, type: 'session.end', reason });
    this.release();
  }

  private write(line: { type: string } & Record<string, unknown>): void {
    const fd = this.fd;
    if (fd === undefined) {
      throw new CarebotError('RECORDING_FAILED', `${this.file}: the recording is closed; cannot append`);
    }
    const bytes = Buffer.from(`${JSON.stringify(line)}\n`, 'utf8');
    try {
      // One write call per line (short writes continue it): a kill leaves at most this line partial.
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      if (SYNC_AFTER.has(line.type)) fsyncSync(fd);
    } catch (cause) {
      // Stop here: appending after a failed write could leave a partial line mid-file.
      this.release();
      const message = `${this.file}: cannot write the recording (${(cause as Error).message}); nothing more is recorded for this session`;
      this.log.error(message);
      throw new CarebotError('RECORDING_FAILED', message, { cause });
    }
  }

  private release(): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd === undefined) return;
    try {
      closeSync(fd);
    } catch (error) {
      this.log.warn(`${this.file}: close failed: ${(error as Error).message}`);
    }
  }
}
