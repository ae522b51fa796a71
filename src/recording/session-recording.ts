import { closeSync, fsync, fsyncSync, writeSync } from 'node:fs';
import { CarebotError } from '../core/carebot-error.ts';
import type { RobotInput } from '../core/robot-input.ts';
import type { Logger } from '../log/logger.ts';
import type { SessionEvent, SessionStartLine } from './recording-format.ts';

/**
 * Lines after which the file is fsynced: a turn's end (the action), the labels and acks an operator
 * gave, and the session's ends. Every line is written synchronously (so it survives the process
 * being killed the moment after); the fsync that makes it survive a power loss runs in the
 * background, one at a time per file, so it never blocks the event loop: with 200 sessions a
 * synchronous fsync per turn (~0.15 ms idle, far more under load) stalled every session's turns.
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
  private syncing = false;
  private syncAgain = false;
  /** Set when the file was released while an fsync ran: it closes when that fsync ends. */
  private closeAfterSync: number | undefined;

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
      if (SYNC_AFTER.has(line.type)) this.syncSoon();
    } catch (cause) {
      // Stop here: appending after a failed write could leave a partial line mid-file.
      this.release();
      const message = `${this.file}: cannot write the recording (${(cause as Error).message}); nothing more is recorded for this session`;
      this.log.error(message);
      throw new CarebotError('RECORDING_FAILED', message, { cause });
    }
  }

  /** Starts a background fsync, or asks for one more after the one in flight. */
  private syncSoon(): void {
    const fd = this.fd;
    if (fd === undefined) return;
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    this.syncing = true;
    fsync(fd, (error) => {
      this.syncing = false;
      if (error) this.log.warn(`${this.file}: fsync failed: ${error.message}`);
      if (this.closeAfterSync !== undefined) this.finish(this.closeAfterSync);
      else if (this.syncAgain) {
        this.syncAgain = false;
        this.syncSoon();
      }
    });
  }

  /** Stops writing; the file is closed once no fsync is in flight on it (its number is not reused under it). */
  private release(): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd === undefined) return;
    if (this.syncing) this.closeAfterSync = fd;
    else this.finish(fd);
  }

  private finish(fd: number): void {
    this.closeAfterSync = undefined;
    try {
      fsyncSync(fd);
      closeSync(fd);
    } catch (error) {
      this.log.warn(`${this.file}: close failed: ${(error as Error).message}`);
    }
  }
}
