import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/random.ts';
import { createLogger } from '../../src/log/logger.ts';
import { readRecording } from '../../src/recording/read-recording.ts';
import { Recorder } from '../../src/recording/recorder.ts';
import { FAULT_TURNS, faultTurn } from './fault-session.ts';
import { sessionInfo, steppingClock } from './session-events.ts';

const CHILD = path.join(import.meta.dirname, 'record-loop.mjs');
const KILLS = 60;

/** The whole fault session recorded without a kill, and the byte offset after each turn's last line. */
async function reference(dir: string): Promise<{ bytes: Buffer; turnEnds: number[] }> {
  const recorder = new Recorder({
    dir,
    now: steppingClock(),
    carebotVersion: '0.1.0',
    log: createLogger('ref'),
  });
  const recording = recorder.open(sessionInfo('fault', 'u-fault'));
  const turnLines: number[] = [];
  let lines = 1;
  for (let turn = 0; turn < FAULT_TURNS; turn++) {
    for (const event of faultTurn(turn)) recording.append(event);
    lines += faultTurn(turn).length;
    turnLines.push(lines);
  }
  recording.close('done');
  const bytes = readFileSync(recording.file);
  const lineEnds: number[] = [];
  bytes.forEach((b, i) => {
    if (b === 0x0a) lineEnds.push(i + 1);
  });
  return { bytes, turnEnds: turnLines.map((n) => lineEnds[n - 1] ?? Number.NaN) };
}

/** Spawns the child, kills it with SIGKILL after `delayMs` (counted from 'ready', or from the spawn), returns the turns it reported. */
function runAndKill(dir: string, delayMs: number, afterReady: boolean): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const kill = () => {
      timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    };
    if (!afterReady) kill();
    child.stdout.on('data', (chunk: Buffer) => {
      if (afterReady && timer === undefined && `${out}${chunk}`.includes('ready\n')) kill();
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`child exited ${code}: ${err}`));
      resolve(
        out
          .split('\n')
          .filter((l) => /^\d+$/.test(l))
          .map(Number),
      );
    });
  });
}

describe('recording under SIGKILL', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it(`every completed turn is back byte for byte after ${KILLS} kills at random moments`, async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'carebot-sigkill-'));
    dirs.push(root);
    const ref = await reference(path.join(root, 'reference'));
    const random = seededRandom(20261124);
    const stats = { kills: 0, beforeHeader: 0, midSession: 0, finished: 0, partialLines: 0, turnsChecked: 0 };
    for (let cycle = 0; cycle < KILLS; cycle++) {
      const dir = path.join(root, `run-${cycle}`);
      await mkdir(dir);
      // Most kills land mid-session; some during start-up, before or while the file is created.
      const afterReady = cycle % 6 !== 0;
      const reported = await runAndKill(dir, afterReady ? random() * 200 : 150 + random() * 250, afterReady);
      stats.kills += 1;
      const files = readdirSync(dir);
      expect(files.length).toBeLessThanOrEqual(1);
      const last = reported.at(-1) ?? -1;
      expect(reported).toEqual(Array.from({ length: last + 1 }, (_, i) => i));
      if (files.length === 0) {
        expect(last).toBe(-1);
        stats.beforeHeader += 1;
        continue;
      }
      const file = path.join(dir, files[0] ?? '');
      const bytes = readFileSync(file);
      // Byte for byte: what the killed process left is a prefix of the uninterrupted recording...
      expect(Buffer.compare(bytes, ref.bytes.subarray(0, bytes.length)), `cycle ${cycle}`).toBe(0);
      // ...holding every turn it reported as completed.
      if (last >= 0) expect(bytes.length).toBeGreaterThanOrEqual(ref.turnEnds[last] ?? Number.NaN);
      stats.turnsChecked += last + 1;
      const partial = bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a;
      if (partial) stats.partialLines += 1;
      if (bytes.length === ref.bytes.length) stats.finished += 1;
      else stats.midSession += 1;
      const warnings: string[] = [];
      const session = await readRecording(file, { log: createLogger('t', (l) => warnings.push(l)) });
      const completeLines = bytes.toString('latin1').split('\n').length - 1;
      if (completeLines === 0) {
        expect(session).toBeUndefined();
        stats.beforeHeader += 1;
        await rm(dir, { recursive: true, force: true });
        continue;
      }
      expect(session?.partialLine).toBe(partial);
      expect(warnings.some((w) => w.includes('partial last line'))).toBe(partial);
      const actions = session?.events.filter((e) => e.type === 'robot.action') ?? [];
      expect(actions.length).toBeGreaterThanOrEqual(last + 1);
      await rm(dir, { recursive: true, force: true });
    }
    console.log(`SIGKILL fault test: ${JSON.stringify(stats)}`);
    expect(stats.midSession).toBeGreaterThanOrEqual(KILLS / 2);
  }, 120_000);
});
