import { request } from 'node:http';
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REQUIRED_ACTIONS } from '../../../src/core/care-action.ts';
import type { SessionInput } from '../../../src/core/operator-input.ts';
import type { RobotAction } from '../../../src/core/robot-action.ts';
import { createLogger } from '../../../src/log/logger.ts';
import type { SessionMeta } from '../../../src/robot/port.ts';
import { loadRobotProfile } from '../../../src/robot/profile/load-robot-profile.ts';
import type { RobotProfile } from '../../../src/robot/profile/robot-profile.ts';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  SimError,
  SimHello,
} from '../../../src/robot/simulator/protocol.ts';
import { SimulatorRobot, type SimulatorRobotOptions } from '../../../src/robot/simulator/simulator-robot.ts';
import { DEFAULT_PROFILE } from '../../helpers.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
interface Received {
  sessionId: string;
  input: SessionInput;
  meta: SessionMeta | undefined;
}

let profile: RobotProfile;
const robots: SimulatorRobot[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  profile = await loadRobotProfile(DEFAULT_PROFILE);
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  await Promise.all(robots.splice(0).map((r) => r.stop()));
});

/** A simulator on a free loopback port; inputs collect in `received`. */
async function startRobot(options: Partial<SimulatorRobotOptions> = {}) {
  const robot = new SimulatorRobot({
    profile,
    actionIds: REQUIRED_ACTIONS,
    log: createLogger('test', () => {}),
    port: 0,
    ...options,
  });
  const received: Received[] = [];
  const ended: string[] = [];
  robot.onSessionEnd((id) => ended.push(id));
  await robot.start((sessionId, input, meta) => received.push({ sessionId, input, meta }));
  robots.push(robot);
  const url = new URL(robot.url);
  return { robot, received, ended, origin: url.origin, token: url.searchParams.get('token') ?? '' };
}

function once<E extends keyof ServerToClientEvents>(
  client: Client,
  event: E,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve) => {
    client.once(event as 'hello', resolve as (h: SimHello) => void);
  });
}

/** Connects like the page does; resolves with the hello. */
async function connect(
  origin: string,
  auth: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const client: Client = io(origin, {
    transports: ['websocket'],
    auth,
    extraHeaders: headers,
    forceNew: true,
    reconnection: false,
  });
  clients.push(client);
  const errors: SimError[] = [];
  client.on('error', (e) => errors.push(e));
  const hello = await Promise.race([
    once(client, 'hello'),
    new Promise<never>((_, reject) => client.once('connect_error', reject)),
  ]);
  return { client, hello, errors };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

function get(origin: string, path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(`${origin}${path}`, { method, headers }, (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('SimulatorRobot', () => {
  it('serves the page, its bundled script and the URDF with strict headers, and nothing else', async () => {
    const { origin } = await startRobot();
    const page = await get(origin, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script type="module" src="/app.js">');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const script = await get(origin, '/app.js');
    expect(script.status).toBe(200);
    expect(script.body.length).toBeGreaterThan(100_000); // three.js, urdf-loader, socket.io-client
    expect((await get(origin, '/robot.urdf')).body).toContain('<robot name="carebot_humanoid">');
    expect((await get(origin, '/../package.json')).status).toBe(404);
    expect((await get(origin, '/', {}, 'POST')).status).toBe(405);
    // DNS rebinding: a foreign name that resolves to 127.0.0.1 is not this server.
    expect((await get(origin, '/', { host: 'evil.example:8080' })).status).toBe(403);
  });

  it('makes every connection a session: hello, inputs with the user id, outputs to that tab only', async () => {
    const { robot, received, ended, origin } = await startRobot();
    const a = await connect(origin, { userId: 'rose' });
    const b = await connect(origin);
    expect(a.hello).toMatchObject({ userId: 'rose', robotName: 'carebot_humanoid', operator: false });
    expect(a.hello.jointNames).toEqual(profile.joints.map((j) => j.name));
    expect(a.hello.actionIds).toEqual([...REQUIRED_ACTIONS]);
    expect(b.hello.userId).toBeUndefined(); // the runtime's default user
    expect(b.hello.sessionId).not.toBe(a.hello.sessionId);

    a.client.emit('input', { type: 'user.utterance', text: '  안녕하세요 ' });
    await until(() => received.length === 1);
    expect(received[0]).toEqual({
      sessionId: a.hello.sessionId,
      input: { type: 'user.utterance', text: '안녕하세요' },
      meta: { userId: 'rose' },
    });

    const action = { type: 'robot.action', actionId: 'greet', text: '안녕하세요!' } as RobotAction;
    const gotA = once(a.client, 'output');
    let bGotOutput = false;
    b.client.on('output', () => {
      bGotOutput = true;
    });
    await robot.publish(a.hello.sessionId, action);
    expect(await gotA).toEqual(action);
    await robot.publish('sim-gone', action); // a closed tab: dropped quietly
    expect(bGotOutput).toBe(false);

    a.client.disconnect();
    await until(() => ended.length === 1);
    expect(ended).toEqual([a.hello.sessionId]);
  });

  it('answers every bad payload with an error event, passes none on, and keeps the connection', async () => {
    const { received, origin } = await startRobot({ rate: { perSecond: 1000, burst: 1000 } });
    const { client, errors } = await connect(origin);
    const payloads = fc.sample(fc.anything(), { numRuns: 40, seed: 5 });
    for (const payload of payloads) client.emit('input', payload as never);
    (client as unknown as Socket).emit('robot.action', { type: 'robot.action' });
    (client as unknown as Socket).emit('input', { type: 'carer.ack' }, 'two');
    await until(() => errors.length === payloads.length + 2);
    expect(received).toEqual([]);
    expect(errors.map((e) => e.code)).toContain('unknown_event');
    expect(errors.every((e) => e.message.length > 10)).toBe(true);

    client.emit('input', { type: 'robot.event', event: 'fall_detected' });
    await until(() => received.length === 1);
    expect(received[0]?.input).toEqual({ type: 'robot.event', event: 'fall_detected' });
  });

  it('limits each connection’s rate with a clear error', async () => {
    const { received, origin } = await startRobot({ rate: { perSecond: 0.001, burst: 3 } });
    const { client, errors } = await connect(origin);
    for (let i = 0; i < 5; i++) client.emit('input', { type: 'robot.event', event: 'silence' });
    await until(() => errors.length === 2);
    expect(received).toHaveLength(3);
    expect(errors[0]).toMatchObject({ code: 'rate_limited' });
    expect(errors[0]?.message).toMatch(/too many messages/);
  });

  it('takes operator corrections only with the token', async () => {
    const { received, origin, token } = await startRobot();
    const correction = {
      type: 'operator.correction' as const,
      turn: 1,
      actionId: 'comfort',
      text: 'There, there.',
    };
    const guest = await connect(origin);
    guest.client.emit('input', correction);
    await until(() => guest.errors.length === 1);
    expect(guest.errors[0]?.code).toBe('unauthorized');

    const operator = await connect(origin, { token });
    expect(operator.hello.operator).toBe(true);
    const accepted = once(operator.client, 'accepted');
    operator.client.emit('input', correction);
    expect(await accepted).toEqual({ type: 'operator.correction', turn: 1 });
    expect(received.map((r) => r.input)).toEqual([correction]);
  });

  it('refuses pages of other origins and malformed handshakes', async () => {
    const { origin } = await startRobot();
    await expect(connect(origin, {}, { origin: 'http://evil.example' })).rejects.toThrow();
    await expect(connect(origin, { userId: '<script>' })).rejects.toThrow(/userId/);
    expect((await connect(origin, {}, { origin })).hello.operator).toBe(false);
  });

  it('closes only the connection that sends an oversized packet', async () => {
    const { received, origin } = await startRobot({ maxMessageBytes: 4096 });
    const big = await connect(origin);
    const other = await connect(origin);
    const closed = new Promise((resolve) => big.client.once('disconnect', resolve));
    big.client.emit('input', { type: 'user.utterance', text: 'x'.repeat(10_000) });
    await closed;
    other.client.emit('input', { type: 'user.utterance', text: 'still here?' });
    await until(() => received.length === 1);
    expect(received[0]?.sessionId).toBe(other.hello.sessionId);
  });

  it('says when its port is taken', async () => {
    const { robot } = await startRobot();
    const port = Number(new URL(robot.url).port);
    const second = new SimulatorRobot({
      profile,
      actionIds: REQUIRED_ACTIONS,
      log: createLogger('test', () => {}),
      port,
    });
    await expect(second.start(() => {})).rejects.toThrow(/in use, pick another with --port/);
    await second.stop();
  });
});
