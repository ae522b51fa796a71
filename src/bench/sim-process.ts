import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type CarebotConfig, PACKAGE_ROOT } from '../config/carebot-config.ts';
import { CarebotError } from '../core/carebot-error.ts';
import { writeScratchConfig } from './scratch-config.ts';

/** Options of a `carebot sim` child process. */
export interface SimProcessOptions {
  /** Extra arguments after `sim --port 0` (e.g. `--host 0.0.0.0`). Default: none. */
  args?: readonly string[];
  /**
   * Settings for its config file (`--config`), e.g. `modelDir`, `logLevel`. Memory and recordings
   * always go to a fresh temporary folder. CAREBOT_* variables of this process still win, as they
   * do for every command. Default: none.
   */
  config?: Partial<Record<keyof CarebotConfig, string | number>>;
  /** How long to wait for the address, in ms. Default: 60000. */
  timeoutMs?: number;
}

/** A running `carebot sim`, as a user starts it. */
export interface SimProcess {
  /** The address it printed (with the token). */
  url: string;
  pid: number;
  /** Milliseconds from spawn to the printed address: the cold start. */
  readyMs: number;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resident memory of the process and its children (esbuild's service), in bytes; undefined off Linux. */
  rssBytes(): number | undefined;
  /** The exit code once it has exited, else null. */
  exitCode(): number | null;
  /** SIGTERM, then waits for it to exit; removes the temporary folder. Resolves with the exit code. */
  stop(): Promise<number | null>;
}

const URL_PATTERN = /http:\/\/[^\s]+\/\?token=[\w-]+/;

/** VmRSS of one process and, recursively, of its children, from /proc. */
function treeRss(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
    return kib * 1024 + children.reduce((sum, child) => sum + (treeRss(child) ?? 0), 0);
  } catch {
    return undefined;
  }
}

/**
 * Starts `node bin/carebot.mjs sim --port 0` with its own memory and recordings folders and
 * resolves once it printed its address. Rejects (and cleans up) if it exits first or is too slow.
 */
export async function startSimProcess(options: SimProcessOptions = {}): Promise<SimProcess> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'carebot-sim-process-'));
  const configFile = await writeScratchConfig(scratch, options.config);
  const started = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(PACKAGE_ROOT, 'bin', 'carebot.mjs'),
      'sim',
      '--config',
      configFile,
      '--port',
      '0',
      ...(options.args ?? []),
    ],
    { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const code = await exited;
    await rm(scratch, { recursive: true, force: true });
    return code;
  };
  const ready = new Promise<{ url: string; readyMs: number }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no address after ${options.timeoutMs ?? 60_000} ms`)),
      options.timeoutMs ?? 60_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = URL_PATTERN.exec(output)?.[0];
      if (url) {
        clearTimeout(timer);
        resolve({ url, readyMs: performance.now() - started });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before printing its address`));
    });
  });
  try {
    const { url, readyMs } = await ready;
    return {
      url,
      pid: child.pid ?? 0,
      readyMs,
      output: () => output,
      rssBytes: () => (child.pid ? treeRss(child.pid) : undefined),
      exitCode: () => child.exitCode,
      stop,
    };
  } catch (cause) {
    await stop();
    throw new CarebotError(
      'ADAPTER_FAILED',
      `carebot sim did not start: ${(cause as Error).message}\n${output.slice(-2000)}`,
      { cause },
    );
  }
}
