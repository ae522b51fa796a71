/**
 * 10,000 random socket.io events against a live `carebot sim` (the real command, default model,
 * real socket.io-client): random event names, payload shapes and sizes (up to past the packet
 * limit), binary payloads, acknowledgement callbacks, extra arguments, bursts and pauses, from
 * guests and the operator, plus random handshakes. The server must never exit, must answer every
 * bad event with its `error` event, and must still answer a valid utterance afterwards.
 */
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimProcess, startSimProcess } from '../../src/bench/sim-process.ts';
import { REQUIRED_ACTIONS } from '../../src/core/care-action.ts';
import { CARE_EVENTS } from '../../src/core/care-event.ts';
import type { RobotOutput } from '../../src/core/robot-output.ts';
import { parseClientMessage, type SimError } from '../../src/robot/simulator/protocol.ts';
import { hostileText } from './hostile-input.ts';

const EVENTS = 10_000;
const CLIENTS = 100;
/** Names socket.io-client itself refuses to emit. */
const RESERVED = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);
const ERROR_CODES = ['invalid_payload', 'unknown_event', 'unknown_action', 'unauthorized', 'rate_limited'];

let sim: SimProcess;
let origin: string;
let token: string;

beforeAll(async () => {
  sim = await startSimProcess({ config: { logLevel: 'warn' } });
  const url = new URL(sim.url);
  origin = url.origin;
  token = url.searchParams.get('token') ?? '';
});
afterAll(async () => {
  await sim?.stop();
});

/** One emit: an event name and its arguments. */
const eventName = fc
  .oneof(
    { weight: 6, arbitrary: fc.constant('input') },
    {
      weight: 1,
      arbitrary: fc.constantFrom('output', 'hello', 'error', 'accepted', '__proto__', 'constructor', ''),
    },
    { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  )
  .filter((name) => !RESERVED.has(name));
const validMessage = fc.oneof(
  hostileText(500).map((text) => ({ type: 'user.utterance', text })),
  fc.constantFrom(...CARE_EVENTS).map((event) => ({ type: 'robot.event', event })),
  fc.constant({ type: 'carer.ack', by: 'nurse' }),
  fc.record({
    type: fc.constant('operator.correction'),
    turn: fc.nat(50),
    actionId: fc.constantFrom(...REQUIRED_ACTIONS, 'dance'),
  }),
);
const payload = fc.oneof(
  { weight: 4, arbitrary: validMessage },
  {
    weight: 3,
    arbitrary: fc.tuple(validMessage, fc.anything()).map(([m, extra]) => ({ ...m, extra })),
  },
  { weight: 3, arbitrary: fc.anything({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)) },
  {
    weight: 1,
    arbitrary: fc
      .string({ minLength: 18_000, maxLength: 20_000 })
      .map((text) => ({ type: 'user.utterance', text })),
  },
  {
    weight: 1,
    arbitrary: fc
      .nat(200)
      .map((depth) => Array.from({ length: depth }).reduce<unknown>((inner) => [inner], [])),
  },
);
interface Emit {
  name: string;
  args: unknown[];
  ack: boolean;
  pauseMs: number;
}
const emit: fc.Arbitrary<Emit> = fc.record({
  name: eventName,
  args: fc.oneof(
    { weight: 8, arbitrary: payload.map((p) => [p]) },
    { weight: 1, arbitrary: fc.array(payload, { maxLength: 3 }) },
  ),
  ack: fc.boolean(),
  pauseMs: fc.constantFrom(0, 0, 0, 1, 5, 20, 100),
});

/** Whether the server takes this emit as a valid input (rate limits aside), as it arrives: JSON drops `undefined` fields. */
function isValid(name: string, args: unknown[], operator: boolean): boolean {
  if (name !== 'input' || args.length !== 1 || Buffer.isBuffer(args[0])) return false;
  const arrived = JSON.parse(JSON.stringify(args[0]) ?? 'null');
  return parseClientMessage(arrived, { operator, actionIds: new Set(REQUIRED_ACTIONS) }).ok;
}

/** The server's packet limit (SimulatorRobot's default maxMessageBytes): a larger packet closes the connection. */
const MAX_PACKET_BYTES = 16_384;

/** Whether the packet of these arguments is past the limit (binary attachments travel apart). */
function oversized(args: unknown[]): boolean {
  const json = JSON.stringify(args, (_key, value) => (Buffer.isBuffer(value) ? null : value)) ?? '';
  // The payloads above are under 4 KB or over 18 KB: framing overhead never decides.
  return Buffer.byteLength(json) > MAX_PACKET_BYTES;
}

interface Tally {
  sent: number;
  /** Events the server must refuse (a wrong name, shape, size, an extra argument or an ack). */
  invalid: number;
  errors: SimError[];
  /** Connections the server closed for an oversized packet. */
  closedForSize: number;
}

async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition() && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * One client's share of the storm. An oversized packet ends its connection (the server closes
 * it, as documented), so it is sent last on a connection, and the client connects again.
 */
async function storm(index: number, emits: Array<Emit>, tally: Tally): Promise<void> {
  const operator = index % 4 === 0;
  let queue = [...emits];
  while (queue.length > 0) {
    const client: Socket = io(origin, {
      transports: ['websocket'],
      auth: operator ? { token, userId: `storm-${index}` } : {},
      forceNew: true,
      reconnection: false,
    });
    let connected = true;
    let invalid = 0;
    const errors: SimError[] = [];
    client.on('error', (error: SimError) => errors.push(error));
    client.on('disconnect', () => {
      connected = false;
    });
    await new Promise<void>((resolve, reject) => {
      client.once('hello', () => resolve());
      client.once('connect_error', reject);
    });
    let closing = false;
    while (!closing && queue.length > 0) {
      const [next, ...rest] = queue;
      queue = rest;
      if (!next) break;
      closing = oversized(next.args);
      client.emit(next.name, ...(next.ack ? [...next.args, () => {}] : next.args));
      tally.sent += 1;
      if (!closing && (next.ack || !isValid(next.name, next.args, operator))) invalid += 1;
      if (next.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, next.pauseMs));
      else if (queue.length % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    // Every refused event is answered, however busy the server is; an oversized one closes.
    await until(() => errors.length >= invalid && (!closing || !connected), 20_000);
    if (closing) {
      expect(connected, 'an oversized packet closes its connection').toBe(false);
      tally.closedForSize += 1;
    }
    expect(errors.length).toBeGreaterThanOrEqual(invalid);
    tally.invalid += invalid;
    tally.errors.push(...errors);
    client.disconnect();
  }
}

describe('a live carebot sim under 10,000 random socket events', () => {
  it('never crashes, answers every bad event with an error event, and still answers afterwards', async () => {
    const emits = fc.sample(emit, { numRuns: EVENTS, seed: 20261124 });
    const tally: Tally = { sent: 0, invalid: 0, errors: [], closedForSize: 0 };
    const share = Math.ceil(EVENTS / CLIENTS);
    await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => storm(i, emits.slice(i * share, (i + 1) * share), tally)),
    );
    expect(sim.exitCode()).toBeNull();
    expect(tally.sent).toBe(EVENTS);
    expect(tally.closedForSize).toBeGreaterThan(0);
    // Every refused event got its error (checked per connection); valid ones got none or a rate limit.
    expect(tally.errors.length).toBeGreaterThanOrEqual(tally.invalid);
    expect(tally.errors.length).toBeLessThanOrEqual(tally.sent);
    expect(tally.errors.filter((e) => e.code !== 'rate_limited').length).toBeLessThanOrEqual(tally.invalid);
    for (const error of tally.errors) {
      expect(ERROR_CODES).toContain(error.code);
      expect(error.message.length).toBeGreaterThan(10);
    }
    expect(new Set(tally.errors.map((e) => e.code))).toEqual(new Set(ERROR_CODES)); // each kind was tried

    // Random handshakes: a hello, a refusal with a reason, or (for an `auth` that is not an
    // object, which socket.io's parser refuses) a closed connection; never a hang or a crash.
    const auths = fc.sample(
      fc.oneof(
        fc.anything(),
        fc.record({ userId: hostileText(70), token: fc.oneof(fc.string(), fc.constant(token)) }),
      ),
      { numRuns: 100, seed: 7 },
    );
    const outcomes = await Promise.all(
      auths.map(
        (auth) =>
          new Promise<string>((resolve) => {
            const client = io(origin, {
              transports: ['websocket'],
              auth: auth as object,
              forceNew: true,
              reconnection: false,
            });
            const timer = setTimeout(() => done('hang'), 20_000);
            const done = (outcome: string) => {
              clearTimeout(timer);
              resolve(outcome); // first outcome wins: disconnect() below emits 'disconnect' too
              client.disconnect();
            };
            client.once('hello', () => done('hello'));
            client.once('connect_error', (error) => done(error.message.length > 5 ? 'refused' : 'mute'));
            client.once('disconnect', () => done('closed'));
          }),
      ),
    );
    expect(outcomes).not.toContain('hang');
    expect(outcomes).not.toContain('mute');
    for (const [i, auth] of auths.entries())
      if (outcomes[i] === 'closed')
        expect(typeof auth !== 'object' || auth === null || Array.isArray(auth), fc.stringify(auth)).toBe(
          true,
        );
    expect(outcomes).toContain('hello');
    expect(outcomes).toContain('refused');

    // Afterwards a new page is answered as if nothing happened.
    const client: Socket = io(origin, { transports: ['websocket'], forceNew: true, reconnection: false });
    const answered = new Promise<RobotOutput>((resolve) =>
      client.on('output', (output: RobotOutput) => output.type === 'robot.action' && resolve(output)),
    );
    await new Promise((resolve) => client.once('hello', resolve));
    client.emit('input', { type: 'user.utterance', text: 'hello, how are you?' });
    expect((await answered).type).toBe('robot.action');
    client.disconnect();
    expect(sim.exitCode()).toBeNull();
    expect(sim.output()).not.toMatch(/unexpected error|Uncaught|UnhandledPromiseRejection|TypeError/);
  }, 120_000);
});
