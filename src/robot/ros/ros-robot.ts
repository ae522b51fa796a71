import type { SessionInput } from '../../core/operator-input.ts';
import type { RobotAction } from '../../core/robot-action.ts';
import type { RobotBackchannel, RobotOutput } from '../../core/robot-output.ts';
import type { Logger } from '../../log/logger.ts';
import type { InputHandler, RobotPort, SessionMeta } from '../port.ts';
import type { RobotProfile, RosTopicMap } from '../profile/robot-profile.ts';
import { checkTrajectory } from './check-trajectory.ts';
import { jointTrajectoryMessage } from './joint-trajectory-message.ts';
import type { RosMessage } from './load-rosnodejs.ts';
import { type ParsedRosInput, parseEventMessage, parseUtteranceMessage } from './parse-ros-input.ts';
import { RosNode, type RosNodeOptions } from './ros-node.ts';

/** What RosRobot needs of a ROS node: RosNode, or a fake in unit tests. */
export interface RosConnection {
  readonly name: string;
  resolve(topic: string): string;
  advertise(
    topic: string,
    type: string,
    options?: { latching?: boolean },
  ): { publish(fields: RosMessage): boolean };
  subscribe(topic: string, type: string, handler: (message: RosMessage) => void): unknown;
  shutdown(): Promise<void>;
}

/** Node settings RosRobot passes on (the name comes from the profile, the log and abort signal from the robot). */
export type RosConnectionSettings = Omit<RosNodeOptions, 'name' | 'log' | 'signal'>;

/** Options of the ROS adapter. */
export interface RosRobotOptions {
  /** Topics (`ros.topics`, null switches one off), node name, gesture names and joint limits. */
  profile: RobotProfile;
  log: Logger;
  /** Master URI, advertised address, timeouts, and the environment setter rosnodejs needs. */
  ros: RosConnectionSettings;
  /** Session id of every input (a ROS robot holds one conversation). Default: `ros`. */
  sessionId?: string;
  /** The user the robot talks to. Default: the runtime's default user. */
  userId?: string;
  /** Starts the node. Default: RosNode.connect. */
  connect?: (options: RosNodeOptions) => Promise<RosConnection>;
  /** Milliseconds between two warnings about dropped messages on one topic. Default: 5000. */
  warnEveryMs?: number;
  /** Default: Date.now (alert time stamps, warning throttle). */
  now?: () => number;
}

/** The message type of each profile topic. */
export const TOPIC_TYPES = {
  utterance: 'std_msgs/String',
  event: 'std_msgs/String',
  say: 'std_msgs/String',
  gesture: 'trajectory_msgs/JointTrajectory',
  gesture_name: 'std_msgs/String',
  alert: 'std_msgs/String',
  state: 'std_msgs/String',
} as const satisfies Record<keyof RosTopicMap, string>;

type OutTopic = 'say' | 'gesture' | 'gesture_name' | 'alert' | 'state';
const OUT_TOPICS: readonly OutTopic[] = ['say', 'gesture', 'gesture_name', 'alert', 'state'];

/**
 * A ROS 1 robot as a robot port: one conversation, topics from the profile. In: the user's words
 * (std_msgs/String) and events (JSON in a std_msgs/String), validated here; a bad message is
 * logged and dropped. Out: the line, the gesture as a JointTrajectory checked against the
 * profile's limits, its name (mapped for robots with canned animations), alerts and the dialogue
 * state (latched).
 */
export class RosRobot implements RobotPort {
  readonly name = 'ros';
  private readonly o: RosRobotOptions;
  private readonly sessionId: string;
  private readonly now: () => number;
  private readonly aborter = new AbortController();
  private node: RosConnection | undefined;
  private readonly out = new Map<OutTopic, { publish(fields: RosMessage): boolean }>();
  private readonly lastWarning = new Map<string, { at: number; suppressed: number }>();

  constructor(options: RosRobotOptions) {
    this.o = options;
    this.sessionId = options.sessionId ?? 'ros';
    this.now = options.now ?? Date.now;
  }

  async start(onInput: InputHandler): Promise<void> {
    const { profile, log } = this.o;
    const connect = this.o.connect ?? ((options: RosNodeOptions) => RosNode.connect(options));
    const node = await connect({
      ...this.o.ros,
      name: profile.ros.node_name,
      log: log.child('node'),
      signal: this.aborter.signal,
    });
    if (this.aborter.signal.aborted) {
      // stop() came while the node was starting: it must not stay registered.
      await node.shutdown();
      return;
    }
    this.node = node;
    const topics = profile.ros.topics;
    for (const key of OUT_TOPICS) {
      const topic = topics[key];
      if (topic) this.out.set(key, node.advertise(topic, TOPIC_TYPES[key], { latching: key === 'state' }));
    }
    const meta: SessionMeta | undefined = this.o.userId ? { userId: this.o.userId } : undefined;
    const listen = (key: 'utterance' | 'event', parse: (data: unknown) => ParsedRosInput<SessionInput>) => {
      const topic = topics[key];
      if (!topic) return;
      const resolved = node.resolve(topic);
      node.subscribe(topic, TOPIC_TYPES[key], (message) => {
        const parsed = parse(message.data);
        if (parsed.ok) onInput(this.sessionId, parsed.input, meta);
        else this.warnDropped(resolved, parsed.problem, message.data);
      });
    };
    listen('utterance', parseUtteranceMessage);
    listen('event', parseEventMessage);
    const shown = (keys: readonly (keyof RosTopicMap)[]) =>
      keys.flatMap((k) => (topics[k] ? [`${k} ${node.resolve(topics[k])}`] : [])).join(', ');
    const off = (Object.keys(topics) as (keyof RosTopicMap)[]).filter((k) => !topics[k]);
    log.info(
      `robot '${profile.name}' on ROS as ${node.name}: in: ${shown(['utterance', 'event'])}; out: ${shown(OUT_TOPICS)}${off.length ? `; off: ${off.join(', ')}` : ''}`,
    );
  }

  async publish(sessionId: string, output: RobotOutput): Promise<void> {
    if (!this.node) {
      this.o.log.debug(`not connected: dropped ${output.type} of session ${sessionId}`);
      return;
    }
    switch (output.type) {
      case 'robot.action':
        if (output.alert) this.alert(sessionId, output);
        this.perform(output);
        break;
      case 'robot.backchannel':
        this.perform(output);
        break;
      case 'robot.state':
        this.send('state', { data: output.path });
        break;
      case 'robot.memory':
        break; // the user's memory stays in carebot (the simulator shows it; ROS has no consumer)
    }
  }

  async stop(): Promise<void> {
    this.aborter.abort();
    const node = this.node;
    this.node = undefined;
    this.out.clear();
    await node?.shutdown();
  }

  /** The line, the gesture's name and the gesture itself (only when it is inside the robot's limits). */
  private perform(output: RobotAction | RobotBackchannel): void {
    const { profile, log } = this.o;
    this.send('say', { data: output.text });
    const names = profile.ros.gesture_names;
    const canned = Object.keys(names).length > 0 ? names[output.gesture.name] : output.gesture.name;
    if (canned) this.send('gesture_name', { data: canned });
    else if (this.out.has('gesture_name'))
      log.debug(`gesture '${output.gesture.name}' has no entry in the profile's gesture_names: not sent`);
    if (!this.out.has('gesture')) return;
    const problems = checkTrajectory(output.gesture.trajectory, profile.joints);
    if (problems.length > 0) {
      log.error(
        `gesture '${output.gesture.name}' not sent: it breaks robot '${profile.name}' limits: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
      );
      return;
    }
    this.send('gesture', jointTrajectoryMessage(output.gesture.trajectory));
  }

  private alert(sessionId: string, action: RobotAction): void {
    if (!this.out.has('alert')) {
      this.o.log.error(`ALERT not sent (the profile's alert topic is off): ${action.alert?.reason}`);
      return;
    }
    const alert = {
      reason: action.alert?.reason,
      action: action.actionId,
      text: action.text,
      lang: action.lang,
      state: action.state,
      session: sessionId,
      ...(this.o.userId ? { user: this.o.userId } : {}),
      turn: action.turn,
      time: new Date(this.now()).toISOString(),
    };
    this.send('alert', { data: JSON.stringify(alert) });
  }

  private send(key: OutTopic, fields: RosMessage): void {
    this.out.get(key)?.publish(fields);
  }

  /** Logs a dropped input at most once per topic every `warnEveryMs`, counting the rest. */
  private warnDropped(topic: string, problem: string, data: unknown): void {
    const now = this.now();
    const last = this.lastWarning.get(topic);
    if (last && now - last.at < (this.o.warnEveryMs ?? 5000)) {
      last.suppressed += 1;
      return;
    }
    const shown = typeof data === 'string' ? JSON.stringify(data.slice(0, 80)) : typeof data;
    const more = last?.suppressed ? ` (${last.suppressed} more dropped since the last warning)` : '';
    this.o.log.warn(`${topic}: dropped a message: ${problem}; got ${shown}${more}`);
    this.lastWarning.set(topic, { at: now, suppressed: 0 });
  }
}
