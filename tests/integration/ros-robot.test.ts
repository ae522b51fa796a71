/**
 * `carebot ros` against Debian's real ROS master: utterances and events in through `rostopic pub`,
 * the line, the gesture (checked against the profile's limits), alerts and states out, seen by a
 * second rosnodejs node and by `rostopic echo`; the master killed and restarted mid-test; SIGTERM
 * unregisters. Asserts behaviour, never timings.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadRobotProfile } from '../../src/robot/profile/load-robot-profile.ts';
import type { RobotProfile } from '../../src/robot/profile/robot-profile.ts';
import type { RosMessage } from '../../src/robot/ros/load-rosnodejs.ts';
import { DEFAULT_PROFILE } from '../helpers.ts';
import {
  eventually,
  type Master,
  type Observer,
  ROS_MISSING,
  rosTool,
  rosWorkspace,
  startCarebot,
  startMaster,
  startObserver,
  type WatchedProcess,
  watchProcess,
} from './ros-harness.ts';

const TOPICS = {
  say: ['/carebot/say', 'std_msgs/String'],
  gesture: ['/carebot/gesture', 'trajectory_msgs/JointTrajectory'],
  gestureName: ['/carebot/gesture_name', 'std_msgs/String'],
  alert: ['/carebot/alert', 'std_msgs/String'],
  state: ['/carebot/state', 'std_msgs/String'],
} as const;

type Workspace = Awaited<ReturnType<typeof rosWorkspace>>;

/** A std_msgs/String as rostopic takes it on the command line (YAML, single-quoted). */
const stringYaml = (text: string) => `data: '${text.replaceAll("'", "''")}'`;

/** Every way a JointTrajectory message (as rosnodejs or rostopic decodes it) leaves the profile's limits. */
function limitProblems(message: RosMessage, profile: RobotProfile): string[] {
  const names = message.joint_names as string[];
  const points = message.points as Array<{
    positions: number[];
    velocities: number[];
    time_from_start: { secs: number; nsecs: number };
  }>;
  const problems: string[] = [];
  let lastTime = -1;
  for (const [p, point] of points.entries()) {
    const time = point.time_from_start.secs + point.time_from_start.nsecs / 1e9;
    if (time < lastTime) problems.push(`point ${p}: time goes back`);
    lastTime = time;
    names.forEach((name, j) => {
      const limit = profile.joints.find((l) => l.name === name);
      const position = point.positions[j] ?? Number.NaN;
      if (!limit) problems.push(`${name} is not in the profile`);
      else if (!(position >= limit.lower - 1e-9 && position <= limit.upper + 1e-9))
        problems.push(`point ${p}: ${name} at ${position} outside [${limit.lower}, ${limit.upper}]`);
      else if (Math.abs(point.velocities[j] ?? 0) > limit.velocity + 1e-9)
        problems.push(`point ${p}: ${name} velocity above ${limit.velocity}`);
    });
  }
  return problems;
}

describe.skipIf(ROS_MISSING !== undefined)('carebot ros against a real ROS master', () => {
  let ws: Workspace;
  let master: Master;
  let carebot: WatchedProcess;
  let observer: Observer;
  let profile: RobotProfile;
  const background: Array<Promise<unknown>> = [];

  /** `rostopic pub -1` (it lingers 3 s for late subscribers: the test goes on meanwhile). */
  const publish = (topic: string, text: string) => {
    const done = rosTool(ws.env, 'rostopic', ['pub', '-1', topic, 'std_msgs/String', stringYaml(text)]);
    background.push(done.catch(() => undefined));
    return done;
  };
  const count = (topic: string) => observer.messages(topic).length;
  const next = (topic: string, after: number) =>
    eventually(`a message on ${topic}`, () => observer.messages(topic)[after], 60_000);

  beforeAll(async () => {
    ws = await rosWorkspace();
    profile = await loadRobotProfile(DEFAULT_PROFILE);
    master = await startMaster(ws.env, ws.port);
    carebot = startCarebot(ws.env, ['--master', ws.masterUri, '--user', 'ros_test']);
    await carebot.logged('ready:');
    observer = await startObserver(ws.masterUri);
    for (const [topic, type] of Object.values(TOPICS)) observer.listen(topic, type);
    await eventually('the observer to connect to carebot', () =>
      Object.values(TOPICS).every(([topic]) => observer.connected(topic)),
    );
  }, 120_000);

  afterAll(async () => {
    if (carebot && carebot.child.exitCode === null) carebot.child.kill('SIGKILL');
    await observer?.node.shutdown();
    await Promise.all(background);
    await master?.stop();
  }, 60_000);

  it('answers an utterance from rostopic pub with a line and a JointTrajectory within limits', async () => {
    const [say, gesture, gestureName, state] = [
      TOPICS.say[0],
      TOPICS.gesture[0],
      TOPICS.gestureName[0],
      TOPICS.state[0],
    ];
    const before = {
      say: count(say),
      gesture: count(gesture),
      name: count(gestureName),
      state: count(state),
    };
    // rostopic echo as a second, independent subscriber (Python's ROS decoding carebot's message).
    const echo = watchProcess(
      spawn('/usr/bin/rostopic', ['echo', '-n', '1', gesture], {
        env: ws.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    await eventually('rostopic echo to subscribe', async () =>
      (await rosTool(ws.env, 'rostopic', ['info', gesture])).includes('/rostopic_'),
    );
    await publish('/carebot/user_utterance', 'Hello, how are you today?');

    const line = await next(say, before.say);
    expect(typeof line.data).toBe('string');
    expect((line.data as string).length).toBeGreaterThan(0);
    const trajectory = await next(gesture, before.gesture);
    expect(trajectory.joint_names).toEqual(profile.joints.map((j) => j.name));
    expect((trajectory.points as unknown[]).length).toBeGreaterThan(1);
    expect(limitProblems(trajectory, profile)).toEqual([]);
    expect((await next(gestureName, before.name)).data).toMatch(/^\w+$/);
    await eventually('a state path', () =>
      observer
        .messages(state)
        .slice(before.state)
        .some((m) => m.data === 'engaged.acting'),
    );

    // rostopic may have connected after this gesture went out: another utterance, until it prints one.
    for (let tries = 0; echo.child.exitCode === null && tries < 5; tries++) {
      await Promise.race([echo.exited, publish('/carebot/user_utterance', 'Tell me something nice.')]);
    }
    expect(await echo.exited).toBe(0);
    await Promise.all(background); // no utterance of this test lands in the next one
    const echoed = YAML.parse(echo.log().split('\n---')[0] ?? '') as RosMessage;
    expect(echoed.joint_names).toEqual(profile.joints.map((j) => j.name));
    expect(limitProblems(echoed, profile)).toEqual([]);
  }, 120_000);

  it('alerts carers on a fall event at once, and leaves the emergency on a carer ack', async () => {
    const [alertTopic, state] = [TOPICS.alert[0], TOPICS.state[0]];
    const before = { alert: count(alertTopic), state: count(state), say: count(TOPICS.say[0]) };
    void publish('/carebot/event', JSON.stringify({ event: 'fall_detected', data: { room: 'kitchen' } }));
    const alert = JSON.parse((await next(alertTopic, before.alert)).data as string) as Record<
      string,
      unknown
    >;
    expect(alert).toMatchObject({ session: 'ros', user: 'ros_test', state: 'emergency' });
    expect(String(alert.reason)).toMatch(/fall/i);
    await eventually('the alert line on the speech topic', () =>
      observer
        .messages(TOPICS.say[0])
        .slice(before.say)
        .some((m) => m.data === alert.text),
    );
    await eventually('the emergency state', () =>
      observer
        .messages(state)
        .slice(before.state)
        .some((m) => String(m.data).startsWith('emergency')),
    );

    const acked = count(state);
    void publish('/carebot/event', JSON.stringify({ event: 'carer_ack', by: 'nurse' }));
    await eventually('a state outside the emergency', () =>
      observer
        .messages(state)
        .slice(acked)
        .some((m) => !String(m.data).startsWith('emergency')),
    );
  }, 120_000);

  it('logs malformed messages clearly, drops them and keeps answering', async () => {
    void publish('/carebot/event', '{"event": "fall_detected"');
    await carebot.logged(/\/carebot\/event: dropped a message: not JSON/);
    void publish('/carebot/user_utterance', '   ');
    await carebot.logged('/carebot/user_utterance: dropped a message: the utterance is empty');
    const before = count(TOPICS.say[0]);
    void publish('/carebot/user_utterance', 'What a lovely morning.');
    await next(TOPICS.say[0], before);
    expect(carebot.child.exitCode).toBeNull();
  }, 120_000);

  it('registers again after the master restarts: a new subscriber receives its lines', async () => {
    await master.stop();
    await carebot.logged('lost the ROS master');
    master = await startMaster(ws.env, ws.port);
    const echo = watchProcess(
      spawn('/usr/bin/rostopic', ['echo', '-n', '1', TOPICS.say[0]], {
        env: ws.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    // Until the new subscriber prints a line: each try is a new utterance through the new master.
    for (let tries = 0; echo.child.exitCode === null && tries < 10; tries++) {
      await Promise.race([echo.exited, publish('/carebot/user_utterance', 'Are you still there?')]);
    }
    expect(await echo.exited).toBe(0);
    expect(echo.log()).toMatch(/^data: .+/m);
    expect(carebot.log()).toContain('again with the ROS master');
  }, 180_000);

  it('unregisters from the master on SIGTERM and exits cleanly', async () => {
    carebot.child.kill('SIGTERM');
    expect(await carebot.exited).toBe(0);
    const info = await rosTool(ws.env, 'rostopic', ['info', TOPICS.say[0]]);
    expect(info).not.toMatch(/\* \/carebot \(/);
  }, 60_000);
});
