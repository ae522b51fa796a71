/**
 * The simulator's guards, checked against the real `carebot sim` (issue 9): bound beyond loopback
 * it demands its token of every connection; a page of another origin cannot open a socket to it
 * (checked in headless Chromium, where the browser itself sets the Origin); a connection over
 * its rate limit gets errors, not a crash, and other connections are not slowed; corrections
 * need the token even on loopback.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimProcess, startSimProcess } from '../../src/bench/sim-process.ts';
import type { RobotOutput } from '../../src/core/robot-output.ts';
import type { SimError, SimHello } from '../../src/robot/simulator/protocol.ts';

const CHROMIUM = '/usr/bin/chromium';
const started: SimProcess[] = [];
const clients: Socket[] = [];

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await Promise.all(started.map((sim) => sim.stop()));
});

async function sim(args: string[] = []): Promise<{ sim: SimProcess; origin: string; token: string }> {
  const child = await startSimProcess({ args, config: { logLevel: 'info' } });
  started.push(child);
  const url = new URL(child.url);
  return { sim: child, origin: url.origin, token: url.searchParams.get('token') ?? '' };
}

/** Connects like a program (no Origin unless given); resolves with the hello or rejects with the refusal. */
function connect(
  origin: string,
  options: { auth?: object; headers?: Record<string, string>; transport?: 'websocket' | 'polling' } = {},
): Promise<{ client: Socket; hello: SimHello; errors: SimError[] }> {
  const client = io(origin, {
    transports: [options.transport ?? 'websocket'],
    auth: options.auth ?? {},
    extraHeaders: options.headers ?? {},
    forceNew: true,
    reconnection: false,
  });
  clients.push(client);
  const errors: SimError[] = [];
  client.on('error', (error: SimError) => errors.push(error));
  return new Promise((resolve, reject) => {
    client.once('hello', (hello: SimHello) => resolve({ client, hello, errors }));
    client.once('connect_error', reject);
  });
}

async function until(condition: () => boolean, ms = 20_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('simulator security against the real carebot sim', () => {
  let local: Awaited<ReturnType<typeof sim>>;
  beforeAll(async () => {
    local = await sim();
  });

  it('bound to 0.0.0.0 it prints a token and demands it of every connection, even from this machine', async () => {
    const open = await sim(['--host', '0.0.0.0']);
    expect(open.token).toMatch(/^[\w-]{32}$/);
    expect(open.sim.output()).toMatch(/listening on 0\.0\.0\.0: every connection needs the token/);
    await expect(connect(open.origin)).rejects.toThrow(/reachable from other machines.*token/);
    await expect(connect(open.origin, { auth: { token: 'guess' } })).rejects.toThrow(/token/);
    await expect(connect(open.origin, { transport: 'polling' })).rejects.toThrow(/token/);
    const { hello } = await connect(open.origin, { auth: { token: open.token } });
    expect(hello.operator).toBe(true);
  });

  it('refuses another origin on both transports, and a foreign Host (DNS rebinding)', async () => {
    for (const transport of ['websocket', 'polling'] as const) {
      await expect(
        connect(local.origin, { transport, headers: { origin: 'http://evil.example' } }),
      ).rejects.toThrow();
      await expect(
        connect(local.origin, { transport, headers: { origin: local.origin.replace(/:\d+$/, ':1') } }),
      ).rejects.toThrow();
    }
    await expect(connect(local.origin, { headers: { host: 'evil.example' } })).rejects.toThrow();
    expect((await connect(local.origin, { headers: { origin: local.origin } })).hello.operator).toBe(false);
  });

  it.skipIf(!existsSync(CHROMIUM))(
    'a page of another origin cannot open a socket to it in a real browser',
    async () => {
      // The attacker's page: another port on this machine, so another origin.
      const page = '<!doctype html><title>elsewhere</title>';
      const other: Server = createServer((_req, res) => res.end(page));
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      const otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      });
      try {
        const tab = await browser.newPage();
        const tryWebSocket = (target: string) =>
          tab.evaluate(
            (url) =>
              new Promise<string>((resolve) => {
                const ws = new WebSocket(url);
                ws.onopen = () => {
                  resolve('open');
                  ws.close();
                };
                ws.onerror = () => resolve('refused');
                setTimeout(() => resolve('timeout'), 10_000);
              }),
            target,
          );
        const socketUrl = `${local.origin.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`;
        await tab.goto(otherOrigin);
        expect(await tryWebSocket(socketUrl)).toBe('refused');
        // The same code on the simulator's own page connects (the refusal is the Origin check).
        await tab.goto(`${local.origin}/?token=${local.token}`);
        expect(await tryWebSocket(socketUrl)).toBe('open');
        await tab.close();
      } finally {
        await browser.close();
        other.close();
      }
      expect(local.sim.output()).toMatch(
        /refused a connection: origin 'http:\/\/127\.0\.0\.1:\d+' is not this server's page/,
      );
    },
    60_000,
  );

  it('a connection over its rate limit gets errors, not a crash; others are not held up; it recovers', async () => {
    const flood = await connect(local.origin);
    const calm = await connect(local.origin);
    const actions = (client: Socket) => {
      const seen: RobotOutput[] = [];
      client.on('output', (output: RobotOutput) => output.type === 'robot.action' && seen.push(output));
      return seen;
    };
    const floodActions = actions(flood.client);
    const calmActions = actions(calm.client);
    for (let i = 0; i < 200; i++) flood.client.emit('input', { type: 'robot.event', event: 'head_touched' });
    calm.client.emit('input', { type: 'user.utterance', text: 'hello there' });
    await until(() => flood.errors.length >= 190 && calmActions.length >= 1);
    expect(flood.errors.every((e) => e.code === 'rate_limited' && /too many messages/.test(e.message))).toBe(
      true,
    );
    expect(flood.errors.length).toBeLessThanOrEqual(200 - 1);
    expect(local.sim.exitCode()).toBeNull();
    // The budget refills: after a pause the flooding tab is answered again.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const before = floodActions.length;
    const errorsBefore = flood.errors.length;
    flood.client.emit('input', { type: 'user.utterance', text: 'sorry, are you still there?' });
    await until(() => floodActions.length > before);
    expect(flood.errors.length).toBe(errorsBefore);
  });

  it('takes operator corrections only with the token, even on loopback', async () => {
    const guest = await connect(local.origin);
    guest.client.emit('input', { type: 'operator.correction', turn: 0, actionId: 'greet' });
    await until(() => guest.errors.length === 1);
    expect(guest.errors[0]?.code).toBe('unauthorized');
    const operator = await connect(local.origin, { auth: { token: local.token } });
    const accepted = new Promise((resolve) => operator.client.once('accepted', resolve));
    operator.client.emit('input', { type: 'operator.correction', turn: 0, actionId: 'greet' });
    expect(await accepted).toEqual({ type: 'operator.correction', turn: 0 });
  });
});
