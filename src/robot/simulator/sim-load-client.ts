import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from './protocol.ts';

/** How hard to drive a running simulator. */
export interface SimLoadOptions {
  /** The simulator's address (the one it printed). */
  url: string;
  /** Concurrent sessions (one socket each). Default: 200. */
  sessions?: number;
  /** How long every session keeps talking, in seconds. Default: 60. */
  seconds?: number;
  /** Utterances per second per session. Default: 1. */
  perSecond?: number;
  /** What the sessions say, in turn. Default: a few everyday English and Korean lines. */
  utterances?: readonly string[];
  /** How long to wait for the last answers after the run, in ms. Default: 5000. */
  drainMs?: number;
}

/** What the load run saw, from the clients' side. */
export interface SimLoadResult {
  sessions: number;
  sent: number;
  answered: number;
  /** Every answered turn: the emit-to-robot.action round trip and the runtime's own `latencyMs`, in ms. */
  turns: Array<{
    latencyMs: number;
    runtimeMs: number /** The session's first turn (it opens the session). */;
    first: boolean;
  }>;
  /** Error events, refused or dropped connections, unanswered utterances. */
  errors: number;
  /** The first few errors, for the report. */
  errorSamples: string[];
}

const EVERYDAY = [
  'hello',
  'what time is it?',
  'I feel good today',
  'thank you',
  '오늘 날씨가 좋네요',
  'tell me the date',
] as const;

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Opens `sessions` sockets to a simulator and has each say one line every 1/`perSecond` s for
 * `seconds` s (starts spread over the first interval), timing every answer. Never throws for
 * what the server does: failures are counted in `errors`.
 */
export async function runSimLoad(options: SimLoadOptions): Promise<SimLoadResult> {
  const sessions = options.sessions ?? 200;
  const seconds = options.seconds ?? 60;
  const interval = 1000 / (options.perSecond ?? 1);
  const lines = options.utterances ?? EVERYDAY;
  const url = new URL(options.url);
  const token = url.searchParams.get('token') ?? undefined;
  const result: SimLoadResult = {
    sessions,
    sent: 0,
    answered: 0,
    turns: [],
    errors: 0,
    errorSamples: [],
  };
  const fail = (message: string) => {
    result.errors += 1;
    if (result.errorSamples.length < 5) result.errorSamples.push(message);
  };
  const clients: Client[] = [];
  const pending: Array<Array<{ at: number; first: boolean }>> = [];
  let running = true;
  const connected = Array.from({ length: sessions }, (_, i) => {
    const client: Client = io(url.origin, {
      transports: ['websocket'],
      auth: token ? { token, userId: `load-${i}` } : { userId: `load-${i}` },
      forceNew: true,
      reconnection: false,
    });
    clients.push(client);
    const sentAt: Array<{ at: number; first: boolean }> = [];
    pending.push(sentAt);
    client.on('output', (output) => {
      if (output.type !== 'robot.action') return;
      const sent = sentAt.shift();
      if (sent === undefined) return; // the robot spoke on its own (a timer): not a timed turn
      result.answered += 1;
      result.turns.push({
        latencyMs: performance.now() - sent.at,
        runtimeMs: output.latencyMs,
        first: sent.first,
      });
    });
    client.on('error', (error) => fail(`${error.code}: ${error.message}`));
    client.on('disconnect', (reason) => {
      if (running) fail(`session ${i} disconnected: ${reason}`);
    });
    return new Promise<boolean>((resolve) => {
      client.once('hello', () => resolve(true));
      client.once('connect_error', (error) => {
        fail(`session ${i} could not connect: ${error.message}`);
        resolve(false);
      });
    });
  });
  const ready = await Promise.all(connected);
  const start = performance.now();
  const talkers = clients.map(async (client, i) => {
    if (!ready[i]) return;
    await sleep((interval * i) / sessions);
    for (let n = 0; performance.now() - start < seconds * 1000; n++) {
      const due = start + (interval * i) / sessions + n * interval;
      await sleep(due - performance.now());
      if (performance.now() - start >= seconds * 1000) break;
      pending[i]?.push({ at: performance.now(), first: n === 0 });
      client.emit('input', { type: 'user.utterance', text: lines[(i + n) % lines.length] ?? 'hello' });
      result.sent += 1;
    }
  });
  await Promise.all(talkers);
  const drainUntil = performance.now() + (options.drainMs ?? 5000);
  while (result.answered < result.sent && performance.now() < drainUntil) await sleep(20);
  running = false;
  const unanswered = pending.reduce((sum, queue) => sum + queue.length, 0);
  if (unanswered > 0) {
    fail(`${unanswered} utterances got no answer`);
    result.errors += unanswered - 1; // one error per unanswered utterance in all
  }
  for (const client of clients) client.disconnect();
  return result;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** This file: run it (`node --import tsx`) with `--url URL [--sessions N] [--seconds S]` to print a SimLoadResult as JSON. */
export const SIM_LOAD_CLIENT = fileURLToPath(import.meta.url);

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, sessions: { type: 'string' }, seconds: { type: 'string' } },
  });
  if (!values.url) throw new Error('--url is required');
  const result = await runSimLoad({
    url: values.url,
    ...(values.sessions ? { sessions: Number(values.sessions) } : {}),
    ...(values.seconds ? { seconds: Number(values.seconds) } : {}),
  });
  process.stdout.write(JSON.stringify(result));
}
