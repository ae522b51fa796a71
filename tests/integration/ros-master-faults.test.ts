/**
 * `carebot ros` when the master is missing or late, and started by roslaunch through
 * robot/ros/carebot.launch (the wrapper script, a remap, the package found on ROS_PACKAGE_PATH).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import {
  echoOnce,
  eventually,
  freePort,
  type Master,
  ROS_MISSING,
  rosTool,
  rosWorkspace,
  startCarebot,
  startMaster,
  watchProcess,
} from './ros-harness.ts';

type Workspace = Awaited<ReturnType<typeof rosWorkspace>>;

describe.skipIf(ROS_MISSING !== undefined)('carebot ros: master faults and roslaunch', () => {
  let ws: Workspace;
  const masters: Master[] = [];
  const background: Array<Promise<unknown>> = [];
  const utterance = (env: NodeJS.ProcessEnv, text: string) => {
    const done = rosTool(env, 'rostopic', [
      'pub',
      '-1',
      '/carebot/user_utterance',
      'std_msgs/String',
      `data: '${text}'`,
    ]);
    background.push(done.catch(() => undefined));
    return done;
  };

  beforeAll(async () => {
    ws = await rosWorkspace();
  });

  afterAll(async () => {
    await Promise.all(background);
    for (const master of masters) await master.stop();
  }, 60_000);

  it('fails with a clear error after --master-timeout when no master answers', async () => {
    const uri = `http://127.0.0.1:${await freePort()}`;
    const carebot = startCarebot(ws.env, ['--master', uri, '--master-timeout', '1']);
    expect(await carebot.exited).toBe(6);
    expect(carebot.log()).toContain(`carebot ros: no ROS master answered at ${uri} within 1 s`);
    expect(carebot.log()).toContain('--wait-for-master');
  }, 60_000);

  it('rejects a master URI that is not one', async () => {
    const carebot = startCarebot(ws.env, ['--master', 'localhost']);
    expect(await carebot.exited).toBe(2);
    expect(carebot.log()).toContain("'localhost' is not a ROS master URI");
  }, 60_000);

  it('--wait-for-master says so once, keeps trying, and comes up when the master starts', async () => {
    const port = await freePort();
    const env = { ...ws.env, ROS_MASTER_URI: `http://127.0.0.1:${port}` };
    const carebot = startCarebot(env, ['--wait-for-master', '--log-level', 'debug']);
    await carebot.logged('waiting for it (--wait-for-master)');
    // Several attempts fail before the master comes (rosnodejs's own report is a debug line).
    await eventually(
      'two failed attempts',
      () => carebot.log().split('Registration with master timed out').length > 2,
    );
    masters.push(await startMaster(env, port));
    await carebot.logged('ready:');
    expect(carebot.log().match(/warn: no ROS master/g)).toHaveLength(1);
    const said = await echoOnce(env, '/carebot/say', () => utterance(env, 'Good morning!'));
    expect(said).toMatch(/^data: .+/m);
    carebot.child.kill('SIGINT');
    expect(await carebot.exited).toBe(0);
  }, 120_000);

  it('stops cleanly on SIGINT while it waits for the master', async () => {
    const carebot = startCarebot(ws.env, [
      '--master',
      `http://127.0.0.1:${await freePort()}`,
      '--wait-for-master',
    ]);
    await carebot.logged('waiting for it');
    carebot.child.kill('SIGINT');
    expect(await carebot.exited).toBe(0);
    expect(carebot.log()).toContain('stopping before the node started');
  }, 60_000);

  it('starts from robot/ros/carebot.launch with a remapped speech topic, and stops with roslaunch', async () => {
    masters.push(await startMaster(ws.env, ws.port));
    const env = { ...ws.env, ROS_PACKAGE_PATH: path.join(ROOT, 'robot', 'ros') };
    const launch = watchProcess(
      spawn('/usr/bin/roslaunch', ['carebot', 'carebot.launch', 'user:=launch_test', 'say_topic:=/tts/say'], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    await launch.logged("ready: talking as user 'launch_test'");
    expect(launch.log()).toContain('say /tts/say');
    const said = await echoOnce(env, '/tts/say', () => utterance(env, 'Hello robot.'));
    expect(said).toMatch(/^data: .+/m);
    launch.child.kill('SIGINT');
    expect(await launch.exited).toBe(0);
    expect(launch.log()).toContain('unregistering from the ROS master');
    const info = await rosTool(env, 'rostopic', ['info', '/tts/say']).catch((error: Error) => error.message);
    expect(info).not.toMatch(/\* \/carebot \(/);
  }, 120_000);
});
