/**
 * A real ROS 1 master for integration tests: Debian's roscore on a free port with its own
 * ROS_HOME, carebot's `carebot ros` as a child process, rostopic for publishing and echoing.
 * CI installs the Debian packages (.ci/run); without /usr/bin/roscore the tests skip.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/bench/free-port.ts';
import { createLogger } from '../../src/log/logger.ts';
import type { RosMessage, RosnodejsSubscriber } from '../../src/robot/ros/load-rosnodejs.ts';
import { RosNode } from '../../src/robot/ros/ros-node.ts';
import { ROOT } from '../helpers.ts';

export const ROSCORE = '/usr/bin/roscore';
/** Why the ROS tests skip, or undefined when they can run. */
export const ROS_MISSING = existsSync(ROSCORE)
  ? undefined
  : `${ROSCORE} is absent: install Debian's ROS master (see .ci/run) to run the ROS integration tests`;
if (ROS_MISSING) console.warn(`skipping ROS integration tests: ${ROS_MISSING}`);

/** The environment the tests started with (an in-process node writes its own settings into process.env). */
const BASE_ENV = { ...process.env };

export { freePort } from '../../src/bench/free-port.ts';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns something other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(50);
  }
}

/** A folder for one test file: ROS_HOME, carebot's memory and recordings. */
export async function rosWorkspace(): Promise<{
  dir: string;
  env: NodeJS.ProcessEnv;
  masterUri: string;
  port: number;
}> {
  const dir = await mkdtemp(path.join(tmpdir(), 'carebot-ros-test-'));
  await mkdir(path.join(dir, 'ros_home'));
  const port = await freePort();
  const masterUri = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...BASE_ENV,
    // ROS's scripts need Debian's python3, not the default one on PATH.
    PATH: `/usr/bin:${BASE_ENV.PATH ?? ''}`,
    ROS_HOME: path.join(dir, 'ros_home'),
    ROS_MASTER_URI: masterUri,
    ROS_IP: '127.0.0.1',
    CAREBOT_MEMORY: path.join(dir, 'memory'),
    CAREBOT_RECORDINGS: path.join(dir, 'recordings'),
    DOTENV_CONFIG_QUIET: 'true',
  };
  delete env.ROS_PACKAGE_PATH;
  delete env.CMAKE_PREFIX_PATH;
  delete env.ROS_HOSTNAME;
  return { dir, env, masterUri, port };
}

/** Runs a ROS command line tool to its end; resolves with its stdout. */
export function rosTool(
  env: NodeJS.ProcessEnv,
  command: string,
  args: string[],
  timeoutMs = 30_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(`/usr/bin/${command}`, args, { env, timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')}: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** A running roscore. */
export interface Master {
  stop(): Promise<void>;
}

/** Starts `roscore -p PORT` in its own process group and waits until /rosout is listed. */
export async function startMaster(env: NodeJS.ProcessEnv, port: number): Promise<Master> {
  const child = spawn('/usr/bin/roscore', ['-p', String(port)], { env, detached: true, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await eventually(
    'roscore to list /rosout',
    async () => (await rosTool(env, 'rostopic', ['list'], 5000).catch(() => '')).includes('/rosout'),
    60_000,
  );
  return {
    stop: async () => {
      if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
      await exited;
    },
  };
}

/** A child process (carebot, roslaunch) and what it printed. */
export interface WatchedProcess {
  child: ChildProcess;
  log(): string;
  /** Waits until the output holds `text` (fails if the process exits first). */
  logged(text: string | RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

/** Collects a child's stdout and stderr. */
export function watchProcess(child: ChildProcess): WatchedProcess {
  let text = '';
  let done = false;
  const collect = (chunk: Buffer) => {
    text += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      done = true;
      resolve(code);
    }),
  );
  return {
    child,
    log: () => text,
    exited,
    logged: (wanted, timeoutMs = 60_000) =>
      eventually(
        `the process to print ${String(wanted)}`,
        () => {
          const found = typeof wanted === 'string' ? text.includes(wanted) : wanted.test(text);
          if (!found && done)
            throw new Error(`the process exited before printing ${String(wanted)}:\n${text}`);
          return found;
        },
        timeoutMs,
      ).then(() => undefined),
  };
}

/** Starts `carebot ros ARGS` from the repository root. */
export function startCarebot(env: NodeJS.ProcessEnv, args: string[]): WatchedProcess {
  return watchProcess(
    spawn(process.execPath, ['bin/carebot.mjs', 'ros', ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** A second ROS node in the test process: subscribes to carebot's topics and keeps what arrives. */
export interface Observer {
  node: RosNode;
  /** Subscribes to a topic; messages collect in `messages(topic)`. */
  listen(topic: string, type: string): void;
  /** True once the subscriber is connected to at least one publisher. */
  connected(topic: string): boolean;
  messages(topic: string): RosMessage[];
}

/** Starts an observer node (one per process: rosnodejs allows one node). */
export async function startObserver(masterUri: string, name = '/carebot_test_observer'): Promise<Observer> {
  const node = await RosNode.connect({
    name,
    masterUri,
    host: '127.0.0.1',
    log: createLogger('test-observer', () => {}),
    // Tests may write process.env (only src/ may not): rosnodejs reads its settings there.
    setEnvironment: (variables) => Object.assign(process.env, variables),
    masterTimeoutMs: 30_000,
  });
  const received = new Map<string, RosMessage[]>();
  const subscribers = new Map<string, RosnodejsSubscriber>();
  return {
    node,
    listen(topic, type) {
      const list: RosMessage[] = [];
      received.set(topic, list);
      subscribers.set(
        topic,
        node.subscribe(topic, type, (message) => list.push(message)),
      );
    },
    connected: (topic) => (subscribers.get(topic)?.getNumPublishers() ?? 0) > 0,
    messages: (topic) => received.get(topic) ?? [],
  };
}

/**
 * Starts `rostopic echo -n 1 TOPIC` (an independent, Python subscriber) and calls `trigger` until
 * it prints a message (it may connect after the first one went out); resolves with what it printed.
 */
export async function echoOnce(
  env: NodeJS.ProcessEnv,
  topic: string,
  trigger: () => Promise<unknown>,
  tries = 10,
): Promise<string> {
  const echo = watchProcess(
    spawn('/usr/bin/rostopic', ['echo', '-n', '1', topic], { env, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  for (let attempt = 0; echo.child.exitCode === null && attempt < tries; attempt++) {
    await Promise.race([echo.exited, trigger()]);
  }
  if (echo.child.exitCode === null) echo.child.kill('SIGKILL');
  const code = await echo.exited;
  if (code !== 0) throw new Error(`rostopic echo ${topic} printed nothing (exit ${code}):\n${echo.log()}`);
  return echo.log();
}
