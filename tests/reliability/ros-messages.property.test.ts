/**
 * ROS messages into the real adapter and the real runtime (default model, simulated clock; the
 * node is a fake: the integration tests use a real roscore): any message on the utterance and
 * event topics is an input or a logged drop, never an exception in the subscriber, and the robot
 * still answers afterwards with lines and gestures inside the robot's limits.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionInput } from '../../src/core/operator-input.ts';
import { DEFAULT_TIMING } from '../../src/dialogue/care-machine.ts';
import { SimulatedClock } from '../../src/dialogue/simulated-clock.ts';
import { createLogger } from '../../src/log/logger.ts';
import type { RobotProfile } from '../../src/robot/profile/robot-profile.ts';
import type { RosMessage } from '../../src/robot/ros/load-rosnodejs.ts';
import { parseEventMessage, parseUtteranceMessage } from '../../src/robot/ros/parse-ros-input.ts';
import { type RosConnection, RosRobot } from '../../src/robot/ros/ros-robot.ts';
import { CarebotRuntime } from '../../src/runtime/carebot-runtime.ts';
import { defaultModel, libraryAndProfile } from '../runtime/runtime-harness.ts';
import { hostileText } from './hostile-input.ts';

/** A node without a master: subscribers by topic, messages published by topic. */
class FakeNode implements RosConnection {
  readonly name = '/carebot';
  readonly handlers = new Map<string, (message: RosMessage) => void>();
  readonly sent: Array<{ topic: string; fields: RosMessage }> = [];
  resolve = (topic: string) => topic;
  advertise(topic: string) {
    return { publish: (fields: RosMessage) => this.sent.push({ topic, fields }) > 0 };
  }
  subscribe(topic: string, _type: string, handler: (message: RosMessage) => void) {
    this.handlers.set(topic, handler);
  }
  async shutdown() {}
  deliver(topic: string, message: RosMessage): void {
    this.handlers.get(topic)?.(message);
  }
}

const UTTERANCE = '/carebot/user_utterance';
const EVENT = '/carebot/event';

/** The `data` of a std_msgs/String as a broken or hostile publisher sends it. */
const data = fc.oneof(
  hostileText(300),
  fc.string({ minLength: 1990, maxLength: 2100 }),
  fc
    .record(
      {
        event: fc.oneof(fc.constantFrom('fall_detected', 'silence', 'carer_ack', 'party', ''), fc.anything()),
        data: fc.oneof(
          fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.double(), fc.boolean())),
          fc.anything(),
        ),
        by: fc.oneof(fc.string(), fc.anything()),
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
  fc.anything(),
);
/** Whole messages: usually `{data}`, sometimes with other fields or none. */
const message: fc.Arbitrary<RosMessage> = fc.oneof(
  data.map((d) => ({ data: d })),
  fc.dictionary(fc.string(), fc.anything()),
  fc.record({ data, extra: fc.anything() }),
);

let profile: RobotProfile;
beforeAll(async () => {
  ({ profile } = await libraryAndProfile());
});

async function rosRobot(onInput: (input: SessionInput) => void) {
  const node = new FakeNode();
  const warnings: string[] = [];
  const robot = new RosRobot({
    profile,
    log: createLogger('ros', (line) => warnings.push(line)),
    ros: { masterUri: 'http://localhost:11311', setEnvironment: () => {} },
    connect: async () => node,
  });
  await robot.start((_session, input) => onInput(input));
  return { node, robot, warnings };
}

describe('ROS messages on arbitrary input (fast-check)', () => {
  it('the adapter passes on exactly what the parsers accept and logs the rest; no subscriber throws', async () => {
    const inputs: SessionInput[] = [];
    const { node, warnings } = await rosRobot((input) => inputs.push(input));
    fc.assert(
      fc.property(fc.constantFrom(UTTERANCE, EVENT), message, (topic, msg) => {
        inputs.length = 0;
        const logged = warnings.length;
        node.deliver(topic, msg);
        const parsed = (topic === UTTERANCE ? parseUtteranceMessage : parseEventMessage)(msg.data);
        expect(inputs).toEqual(parsed.ok ? [parsed.input] : []);
        for (const warning of warnings.slice(logged))
          expect(warning).toContain(`${topic}: dropped a message: `);
      }),
      { numRuns: 1000 },
    );
  });

  it('after 300 random messages the robot still answers, with lines and gestures within its limits', async () => {
    const { behaviours } = await libraryAndProfile();
    const clock = new SimulatedClock();
    clock.set(new Date('2026-11-24T10:00:00').getTime());
    let runtime: CarebotRuntime | undefined;
    const { node, robot } = await rosRobot((input) => runtime?.send('ros', input));
    runtime = new CarebotRuntime({
      port: robot,
      policy: await defaultModel(),
      behaviours,
      profile,
      log: createLogger('rt', () => {}),
      clock,
      random: () => 0.5,
    });
    /** Lets the session decide, moving simulated time on while it acts with inputs waiting. */
    const drain = async () => {
      let settled = false;
      void (async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        await runtime?.settled('ros');
        settled = true;
      })();
      for (let i = 0; i < 100 && !settled; i++) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        clock.increment(2000);
      }
      expect(settled).toBe(true);
    };
    const messages = fc.sample(fc.tuple(fc.constantFrom(UTTERANCE, EVENT), message), {
      numRuns: 300,
      seed: 9,
    });
    for (const [topic, msg] of messages) {
      node.deliver(topic, msg);
      await drain();
      clock.increment(DEFAULT_TIMING.silenceMs / 3);
      await drain();
    }
    const before = node.sent.filter((s) => s.topic === '/carebot/say').length;
    node.deliver(EVENT, { data: 'person_arrived' });
    node.deliver(UTTERANCE, { data: 'hello, how are you today?' });
    await drain();
    const said = node.sent.filter((s) => s.topic === '/carebot/say');
    expect(said.length).toBeGreaterThan(before);
    for (const { topic, fields } of node.sent) {
      if (topic === '/carebot/say') expect(typeof fields.data).toBe('string');
      if (topic === '/carebot/alert') expect(JSON.parse(String(fields.data))).toHaveProperty('reason');
      if (topic === '/carebot/gesture') {
        const points = fields.points as Array<{ positions: number[] }>;
        const names = fields.joint_names as string[];
        for (const point of points)
          point.positions.forEach((p, j) => {
            const limit = profile.joints.find((l) => l.name === names[j]);
            expect(p).toBeGreaterThanOrEqual((limit?.lower ?? 0) - 1e-9);
            expect(p).toBeLessThanOrEqual((limit?.upper ?? 0) + 1e-9);
          });
      }
    }
    await runtime.stop();
  });
});
