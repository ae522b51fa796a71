/**
 * A subscriber that stops reading (a `rostopic echo` frozen with SIGSTOP) never makes carebot's
 * publisher buffer without bound: past the limit its messages are skipped, and it gets messages
 * again once it catches up. A real master, a real Python subscriber.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.ts';
import { RosNode } from '../../src/robot/ros/ros-node.ts';
import {
  eventually,
  type Master,
  ROS_MISSING,
  rosWorkspace,
  startMaster,
  type WatchedProcess,
  watchProcess,
} from './ros-harness.ts';

const LIMIT = 256 * 1024;
const TOPIC = '/carebot_test/slow';

describe.skipIf(ROS_MISSING !== undefined)('a slow subscriber', () => {
  let master: Master;
  let node: RosNode;
  let echo: WatchedProcess;
  const warnings: string[] = [];

  beforeAll(async () => {
    const ws = await rosWorkspace();
    master = await startMaster(ws.env, ws.port);
    node = await RosNode.connect({
      name: '/carebot_slow_test',
      masterUri: ws.masterUri,
      host: '127.0.0.1',
      log: createLogger('slow-test', (line) => warnings.push(line)),
      setEnvironment: (variables) => Object.assign(process.env, variables),
      maxQueuedBytes: LIMIT,
    });
    echo = watchProcess(
      spawn('/usr/bin/rostopic', ['echo', TOPIC], { env: ws.env, stdio: ['ignore', 'ignore', 'pipe'] }),
    );
  }, 120_000);

  afterAll(async () => {
    if (echo?.child.exitCode === null) {
      echo.child.kill('SIGCONT');
      echo.child.kill('SIGKILL');
    }
    await node?.shutdown();
    await master?.stop();
  }, 60_000);

  it('costs at most the limit while it does not read, and is served again once it catches up', async () => {
    const publisher = node.advertise(TOPIC, 'std_msgs/String');
    await eventually('rostopic echo to connect', () => publisher.subscribers > 0, 60_000);
    echo.child.kill('SIGSTOP');
    const chunk = 'x'.repeat(64 * 1024);
    // 64 MiB in all: far more than the kernel's socket buffers and the limit together.
    for (let i = 0; i < 1024; i++) {
      expect(publisher.publish({ data: chunk })).toBe(true);
      expect(publisher.queuedBytes).toBeLessThanOrEqual(LIMIT + chunk.length + 64);
    }
    expect(publisher.dropped).toBeGreaterThan(0);
    expect(warnings.join('')).toContain('is not reading');

    echo.child.kill('SIGCONT');
    await eventually('the subscriber to catch up', () => publisher.queuedBytes === 0, 60_000);
    const dropped = publisher.dropped;
    publisher.publish({ data: 'after' });
    expect(publisher.dropped).toBe(dropped);
    expect(warnings.join('')).toContain('caught up');
  }, 120_000);
});
