import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BehaviourLibrary } from '../../../src/behaviours/behaviour-library.ts';
import { loadBehaviourLibrary } from '../../../src/behaviours/load-behaviour-library.ts';
import type { SessionInput } from '../../../src/core/operator-input.ts';
import type { RobotAction } from '../../../src/core/robot-action.ts';
import { createLogger } from '../../../src/log/logger.ts';
import type { SessionMeta } from '../../../src/robot/port.ts';
import { loadRobotProfile } from '../../../src/robot/profile/load-robot-profile.ts';
import type { RobotProfile } from '../../../src/robot/profile/robot-profile.ts';
import type { RosMessage } from '../../../src/robot/ros/load-rosnodejs.ts';
import type { RosNodeOptions } from '../../../src/robot/ros/ros-node.ts';
import { type RosConnection, RosRobot, type RosRobotOptions } from '../../../src/robot/ros/ros-robot.ts';
import { BEHAVIOURS_DIR, DEFAULT_PROFILE, ROOT } from '../../helpers.ts';

/** A ROS node without a master: what was advertised, subscribed and published. */
class FakeNode implements RosConnection {
  readonly name = '/carebot';
  readonly advertised = new Map<string, { type: string; latching: boolean }>();
  readonly sent: Array<{ topic: string; fields: RosMessage }> = [];
  readonly handlers = new Map<string, (message: RosMessage) => void>();
  shutDown = false;
  resolve = (topic: string) => topic;
  advertise(topic: string, type: string, options: { latching?: boolean } = {}) {
    this.advertised.set(topic, { type, latching: options.latching === true });
    return { publish: (fields: RosMessage) => this.sent.push({ topic, fields }) > 0 };
  }
  subscribe(topic: string, _type: string, handler: (message: RosMessage) => void) {
    this.handlers.set(topic, handler);
  }
  async shutdown() {
    this.shutDown = true;
  }
  on(topic: string): RosMessage[] {
    return this.sent.filter((s) => s.topic === topic).map((s) => s.fields);
  }
}

let behaviours: BehaviourLibrary;
let humanoid: RobotProfile;
let qtrobot: RobotProfile;

beforeAll(async () => {
  [behaviours, humanoid, qtrobot] = await Promise.all([
    loadBehaviourLibrary(BEHAVIOURS_DIR),
    loadRobotProfile(DEFAULT_PROFILE),
    loadRobotProfile(path.join(ROOT, 'robot', 'profiles', 'qtrobot.yaml')),
  ]);
});

async function started(profile: RobotProfile, extra: Partial<RosRobotOptions> = {}) {
  const node = new FakeNode();
  const logs: string[] = [];
  const inputs: Array<{ sessionId: string; input: SessionInput; meta?: SessionMeta }> = [];
  const seen: RosNodeOptions[] = [];
  const robot = new RosRobot({
    profile,
    log: createLogger('ros-test', (line) => logs.push(line)),
    ros: { masterUri: 'http://localhost:11311', setEnvironment: () => {} },
    connect: async (options) => {
      seen.push(options);
      return node;
    },
    userId: 'anna',
    now: () => Date.UTC(2026, 0, 1),
    ...extra,
  });
  await robot.start((sessionId, input, meta) => inputs.push({ sessionId, input, ...(meta ? { meta } : {}) }));
  return { robot, node, logs, inputs, seen };
}

function action(profile: RobotProfile, gesture = 'wave', extra: Partial<RobotAction> = {}): RobotAction {
  return {
    type: 'robot.action',
    actionId: 'greet',
    lang: 'en',
    text: 'Hello Anna!',
    gesture: {
      name: gesture,
      trajectory: behaviours.trajectory(
        gesture,
        profile.joints.map((j) => j.name),
      ),
    },
    top: [{ id: 'greet', score: 0.9 }],
    state: 'engaged',
    turn: 0,
    latencyMs: 3,
    ...extra,
  } as RobotAction;
}

describe('RosRobot', () => {
  it('advertises the profile topics with their types (state latched) under the profile node name', async () => {
    const { node, seen } = await started(humanoid);
    expect(seen[0]?.name).toBe('/carebot');
    expect(Object.fromEntries(node.advertised)).toEqual({
      '/carebot/say': { type: 'std_msgs/String', latching: false },
      '/carebot/gesture': { type: 'trajectory_msgs/JointTrajectory', latching: false },
      '/carebot/gesture_name': { type: 'std_msgs/String', latching: false },
      '/carebot/alert': { type: 'std_msgs/String', latching: false },
      '/carebot/state': { type: 'std_msgs/String', latching: true },
    });
    expect([...node.handlers.keys()]).toEqual(['/carebot/user_utterance', '/carebot/event']);
  });

  it('turns messages into inputs of one session for the configured user', async () => {
    const { node, inputs } = await started(humanoid);
    node.handlers.get('/carebot/user_utterance')?.({ data: 'I feel dizzy' });
    node.handlers.get('/carebot/event')?.({ data: '{"event": "fall_detected", "data": {"room": "hall"}}' });
    node.handlers.get('/carebot/event')?.({ data: '{"event": "carer_ack"}' });
    expect(inputs).toEqual([
      { sessionId: 'ros', input: { type: 'user.utterance', text: 'I feel dizzy' }, meta: { userId: 'anna' } },
      {
        sessionId: 'ros',
        input: { type: 'robot.event', event: 'fall_detected', data: { room: 'hall' } },
        meta: { userId: 'anna' },
      },
      { sessionId: 'ros', input: { type: 'carer.ack' }, meta: { userId: 'anna' } },
    ]);
  });

  it('logs a malformed message with its topic and problem, drops it, and throttles repeats', async () => {
    let now = 0;
    const { node, inputs, logs } = await started(humanoid, { now: () => now, warnEveryMs: 1000 });
    const events = node.handlers.get('/carebot/event')!;
    events({ data: '{"event": "party"}' });
    events({ data: 'not json {' });
    now = 2000;
    events({ data: '' });
    events({ data: 42 });
    expect(inputs).toEqual([]);
    expect(logs.filter((line) => line.includes('warn:'))).toEqual([
      expect.stringMatching(
        /warn: \/carebot\/event: dropped a message: unknown event 'party' .*; got "\{\\"event/,
      ),
      expect.stringMatching(/dropped a message: the event message is empty; got "" \(1 more dropped since/),
    ]);
  });

  it('publishes the line, the gesture within limits and its name for an action', async () => {
    const { robot, node } = await started(humanoid);
    await robot.publish('ros', action(humanoid));
    expect(node.on('/carebot/say')).toEqual([{ data: 'Hello Anna!' }]);
    expect(node.on('/carebot/gesture_name')).toEqual([{ data: 'wave' }]);
    const [trajectory] = node.on('/carebot/gesture');
    expect(trajectory?.joint_names).toEqual(humanoid.joints.map((j) => j.name));
    expect(trajectory?.points).toEqual(expect.arrayContaining([expect.anything(), expect.anything()]));
    expect(node.on('/carebot/alert')).toEqual([]);
  });

  it('never publishes a gesture outside the profile limits, and says why', async () => {
    const { robot, node, logs } = await started(humanoid);
    const bad = action(humanoid);
    const first = bad.gesture.trajectory.points[1]!;
    first.positions[0] = humanoid.joints[0]!.upper + 1;
    await robot.publish('ros', bad);
    expect(node.on('/carebot/gesture')).toEqual([]);
    expect(node.on('/carebot/say')).toHaveLength(1);
    expect(logs.join('')).toMatch(
      /error: gesture 'wave' not sent: it breaks robot 'carebot_humanoid' limits: point 1, head_pan/,
    );
  });

  it('sends an alert as JSON when the action carries one', async () => {
    const { robot, node } = await started(humanoid);
    await robot.publish(
      'ros',
      action(humanoid, 'alert', { actionId: 'emergency_help', alert: { reason: 'fall detected' } }),
    );
    const [alert] = node.on('/carebot/alert');
    expect(JSON.parse(alert?.data as string)).toEqual({
      reason: 'fall detected',
      action: 'emergency_help',
      text: 'Hello Anna!',
      lang: 'en',
      state: 'engaged',
      session: 'ros',
      user: 'anna',
      turn: 0,
      time: '2026-01-01T00:00:00.000Z',
    });
  });

  it('publishes states and backchannels, and keeps the memory to itself', async () => {
    const { robot, node } = await started(humanoid);
    await robot.publish('ros', { type: 'robot.state', path: 'engaged.deciding', state: 'engaged' });
    const nod = behaviours.trajectory(
      'nod',
      humanoid.joints.map((j) => j.name),
    );
    await robot.publish('ros', {
      type: 'robot.backchannel',
      lang: 'en',
      text: 'Hmm.',
      gesture: { name: 'nod', trajectory: nod },
    });
    await robot.publish('ros', { type: 'robot.memory', userId: 'anna', facts: [] });
    expect(node.on('/carebot/state')).toEqual([{ data: 'engaged.deciding' }]);
    expect(node.on('/carebot/say')).toEqual([{ data: 'Hmm.' }]);
    expect(node.on('/carebot/gesture')).toHaveLength(1);
    expect(node.sent).toHaveLength(4);
  });

  it('QTrobot: speech and canned gestures on its own topics, no trajectory, unmapped gestures not sent', async () => {
    const { robot, node } = await started(qtrobot);
    expect(node.advertised.has('/carebot/gesture')).toBe(false);
    await robot.publish('ros', action(qtrobot, 'wave'));
    expect(node.on('/qt_robot/speech/say')).toEqual([{ data: 'Hello Anna!' }]);
    expect(node.on('/qt_robot/gesture/play')).toEqual([{ data: 'QT/hi' }]);
    const unmapped = [...behaviours.gestures.keys()].find((g) => !(g in qtrobot.ros.gesture_names));
    if (unmapped) {
      await robot.publish('ros', action(qtrobot, unmapped));
      expect(node.on('/qt_robot/gesture/play')).toHaveLength(1);
    }
  });

  it('unregisters on stop and drops what comes after', async () => {
    const { robot, node } = await started(humanoid);
    await robot.stop();
    expect(node.shutDown).toBe(true);
    await robot.publish('ros', action(humanoid));
    expect(node.sent).toEqual([]);
  });

  it('shuts a node down that finished starting after stop', async () => {
    const node = new FakeNode();
    let release: () => void = () => {};
    const robot = new RosRobot({
      profile: humanoid,
      log: createLogger('ros-test', () => {}),
      ros: { masterUri: 'http://localhost:11311', setEnvironment: () => {} },
      connect: () => new Promise((resolve) => (release = () => resolve(node))),
    });
    const starting = robot.start(() => {});
    await robot.stop();
    release();
    await starting;
    expect(node.shutDown).toBe(true);
    expect(node.advertised.size).toBe(0);
  });
});
