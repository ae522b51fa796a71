/**
 * ROS round trip (issue 6): a driver node publishes an utterance on carebot's utterance topic and
 * waits for both the line (speech topic) and the JointTrajectory (gesture topic), through a real
 * ROS master, `turns` times in a row; p50/p99 of that round trip. carebot is the real `carebot ros`
 * (default model) in a child process; Debian's roscore is started on a free port unless --master
 * names one. Without a master it says so and stops.
 *
 *   npx tsx src/bench/ros-round-trip.ts [--turns 1000] [--master http://host:11311]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../config/carebot-config.ts';
import { loadConfig } from '../config/load-config.ts';
import { setProcessEnvironment } from '../config/set-process-environment.ts';
import { percentile } from '../core/percentile.ts';
import { createLogger } from '../log/logger.ts';
import { loadRobotProfile } from '../robot/profile/load-robot-profile.ts';
import { RosNode } from '../robot/ros/ros-node.ts';
import { freePort } from './free-port.ts';
import { writeScratchConfig } from './scratch-config.ts';

/** The target for the 99th percentile, in ms. */
export const TARGET_P99_MS = 30;

/** What one run measured (milliseconds), or why it could not run. */
export type RosRoundTripReport =
  | { status: 'no master'; reason: string }
  | {
      status: 'ok';
      turns: number;
      answered: number;
      unanswered: number;
      roundTrip: { p50: number; p99: number; max: number; mean: number };
      targetP99Ms: number;
      meetsTarget: boolean;
      machine: { cpus: number; model: string; loadBefore: number[]; loadAfter: number[] };
    };

/** Neutral lines (no farewell, no emergency), said in turn. */
const UTTERANCES = [
  'Hello there.',
  'How are you today?',
  'What time is it?',
  'I had a nice walk this morning.',
  'Tell me something nice.',
  'What is the weather like?',
  'I like my garden.',
  'My grandson visited me yesterday.',
];
const WARMUP = 20;
const TURN_TIMEOUT_MS = 5000;

const log = createLogger('bench:ros');
const round = (x: number) => Math.round(x * 100) / 100;

/** Resolves once the child printed `text` on stderr; rejects if it exits first. */
function printed(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`carebot ros exited (${code}):\n${seen.slice(-2000)}`)));
  });
}

/** Runs the benchmark; the caller prints the report. */
export async function runRosRoundTrip(
  options: {
    turns?: number;
    master?: string;
    /** Settings of the `carebot ros` process (model, behaviours, profile, backend). Default: its defaults. */
    config?: Readonly<Record<string, string | number>>;
  } = {},
): Promise<RosRoundTripReport> {
  const turns = options.turns ?? 1000;
  if (!options.master && !existsSync('/usr/bin/roscore'))
    return {
      status: 'no master',
      reason: '/usr/bin/roscore is absent (Debian python3-rosmaster, see .ci/run) and no --master was given',
    };
  const dir = await mkdtemp(path.join(tmpdir(), 'carebot-ros-bench-'));
  const children: ChildProcess[] = [];
  let driver: RosNode | undefined;
  try {
    let masterUri = options.master;
    if (!masterUri) {
      const port = await freePort();
      masterUri = `http://127.0.0.1:${port}`;
      // Debian's ROS scripts need Debian's python3: /usr/bin first.
      const roscore = spawn(
        '/usr/bin/env',
        [`ROS_HOME=${dir}`, 'PATH=/usr/bin:/bin', '/usr/bin/roscore', '-p', `${port}`],
        {
          detached: true,
          stdio: 'ignore',
        },
      );
      children.push(roscore);
    }
    try {
      driver = await RosNode.connect({
        name: '/carebot_bench',
        masterUri,
        host: '127.0.0.1',
        log: log.child('driver'),
        setEnvironment: setProcessEnvironment,
        // Our own roscore takes a second or two to come up; a named master must answer at once.
        masterTimeoutMs: options.master ? 5000 : 30_000,
      });
    } catch (error) {
      return { status: 'no master', reason: (error as Error).message };
    }
    const configFile = await writeScratchConfig(dir, options.config, { rosHost: '127.0.0.1' });
    const carebot = spawn(
      process.execPath,
      [
        path.join(PACKAGE_ROOT, 'bin', 'carebot.mjs'),
        'ros',
        '--config',
        configFile,
        '--master',
        masterUri,
        '--user',
        'bench',
      ],
      { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    children.push(carebot);
    await printed(carebot, 'ready:');

    const profileFile = options.config?.profileFile;
    const { topics } = (
      await loadRobotProfile(typeof profileFile === 'string' ? profileFile : loadConfig({}).profileFile)
    ).ros;
    if (!topics.utterance || !topics.say || !topics.gesture)
      throw new Error('the profile switches off the utterance, say or gesture topic');
    const inbox = { say: 0, gesture: 0 };
    let wake: () => void = () => {};
    const subscribers = [topics.say, topics.gesture].map((topic, i) =>
      driver?.subscribe(topic, i === 0 ? 'std_msgs/String' : 'trajectory_msgs/JointTrajectory', () => {
        inbox[i === 0 ? 'say' : 'gesture'] += 1;
        wake();
      }),
    );
    const utterances = driver.advertise(topics.utterance, 'std_msgs/String');
    while (utterances.subscribers === 0 || subscribers.some((s) => (s?.getNumPublishers() ?? 0) === 0))
      await new Promise((resolve) => setTimeout(resolve, 20));

    const samples: number[] = [];
    let unanswered = 0;
    const loadBefore = loadavg().map(round);
    for (let turn = 0; turn < WARMUP + turns; turn++) {
      inbox.say = 0;
      inbox.gesture = 0;
      const answered = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), TURN_TIMEOUT_MS);
        wake = () => {
          if (inbox.say > 0 && inbox.gesture > 0) {
            clearTimeout(timer);
            resolve(true);
          }
        };
      });
      const started = performance.now();
      utterances.publish({ data: UTTERANCES[turn % UTTERANCES.length] });
      const ok = await answered;
      const ms = performance.now() - started;
      if (turn < WARMUP) continue;
      if (ok) samples.push(ms);
      else unanswered += 1;
    }
    const loadAfter = loadavg().map(round);
    const p99 = round(percentile(samples, 99));
    return {
      status: 'ok',
      turns,
      answered: samples.length,
      unanswered,
      roundTrip: {
        p50: round(percentile(samples, 50)),
        p99,
        max: round(Math.max(0, ...samples)),
        mean: round(samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length)),
      },
      targetP99Ms: TARGET_P99_MS,
      meetsTarget: samples.length > 0 && p99 <= TARGET_P99_MS && unanswered === 0,
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', loadBefore, loadAfter },
    };
  } finally {
    await driver?.shutdown();
    for (const child of children.reverse()) {
      if (child.exitCode !== null || !child.pid) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.spawnfile === '/usr/bin/env') process.kill(-child.pid, 'SIGTERM');
      else child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  }
}

/** One line a person reads, after the JSON report. */
export function formatRosRoundTrip(report: RosRoundTripReport): string {
  if (report.status === 'no master') return `ROS round trip: no master: ${report.reason}`;
  const { roundTrip: rt, machine } = report;
  return `ROS round trip over ${report.answered} turns (${report.unanswered} unanswered): p50 ${rt.p50} ms, p99 ${rt.p99} ms, max ${rt.max} ms (target p99 <= ${report.targetP99Ms} ms: ${report.meetsTarget ? 'met' : 'not met'}); load average ${machine.loadBefore.join(' ')} before, ${machine.loadAfter.join(' ')} after, on ${machine.cpus} CPUs (${machine.model})`;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { turns: { type: 'string' }, master: { type: 'string' } },
  });
  const report = await runRosRoundTrip({
    ...(values.turns ? { turns: Number(values.turns) } : {}),
    ...(values.master ? { master: values.master } : {}),
  });
  process.stdout.write(`${JSON.stringify(report)}\n${formatRosRoundTrip(report)}\n`);
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url)
  await main(process.argv.slice(2));
