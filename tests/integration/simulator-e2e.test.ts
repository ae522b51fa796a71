/**
 * End to end: the real `carebot sim` (default model) on a free port, driven in Debian's headless
 * Chromium through playwright-core. CI installs chromium and fonts-noto-cjk (.ci/run).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RobotOutput } from '../../src/core/robot-output.ts';
import { ROOT } from '../helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
/** Where the screenshot goes (gitignored). */
const ARTIFACTS = path.join(ROOT, 'artifacts');

/** What the page exposes for tests (src/robot/simulator/page/main.ts). */
interface SimWindow {
  carebotSim?: {
    jointValues(): Record<string, number>;
    hello?: { operator: boolean; sessionId: string };
    outputs: RobotOutput[];
  };
}

let server: ChildProcess;
let serverLog = '';
let url = '';
let scratch = '';
let context: BrowserContext;

/** Starts `carebot sim --port 0` (recordings and memory in `scratch`) and resolves with the address it prints. */
function startServer(scratch: string): Promise<string> {
  server = spawn(process.execPath, ['bin/carebot.mjs', 'sim', '--port', '0'], {
    cwd: ROOT,
    env: {
      ...process.env,
      CAREBOT_RECORDINGS: path.join(scratch, 'recordings'),
      CAREBOT_MEMORY: path.join(scratch, 'memory'),
      CAREBOT_LOG_LEVEL: 'info',
      DOTENV_CONFIG_QUIET: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    server.stderr?.on('data', (chunk: Buffer) => {
      serverLog += chunk.toString();
    });
    server.stdout?.on('data', (chunk: Buffer) => {
      serverLog += chunk.toString();
      const found = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(serverLog)?.[0];
      if (found) resolve(found);
    });
    server.once('exit', (code) =>
      reject(new Error(`carebot sim exited (${code}) before printing its address:\n${serverLog}`)),
    );
  });
}

/** Waits until the server's log holds `text`. */
async function serverLogged(text: string): Promise<void> {
  while (!serverLog.includes(text)) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Waits for a page condition (the page answers in milliseconds; the budget is for a busy machine). */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 50 });

/** Every JSON line of every file the server wrote under its recordings folder. */
async function recordedLines(): Promise<Array<Record<string, unknown>>> {
  const dir = path.join(scratch, 'recordings');
  if (!existsSync(dir)) return [];
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile());
  const texts = await Promise.all(files.map((f) => readFile(path.join(f.parentPath, f.name), 'utf8')));
  return texts
    .flatMap((t) => t.split('\n'))
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const actions = (page: Page) =>
  page.evaluate(() =>
    ((window as SimWindow).carebotSim?.outputs ?? []).filter((o) => o.type === 'robot.action'),
  ) as Promise<Array<Extract<RobotOutput, { type: 'robot.action' }>>>;

async function say(page: Page, text: string): Promise<string> {
  const before = (await actions(page)).length;
  await page.fill('#utterance', text);
  await page.press('#utterance', 'Enter');
  await page.waitForFunction(
    (n) =>
      ((window as SimWindow).carebotSim?.outputs ?? []).filter((o) => o.type === 'robot.action').length > n,
    before,
  );
  return (await actions(page)).at(-1)?.text ?? '';
}

describe('carebot sim in a real browser', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk (as .ci/run does)`);
    scratch = await mkdtemp(path.join(tmpdir(), 'carebot-sim-'));
    url = await startServer(scratch);
    context = await chromium.launchPersistentContext(
      await mkdtemp(path.join(tmpdir(), 'carebot-chromium-')),
      {
        executablePath: CHROMIUM,
        headless: true,
        viewport: { width: 1400, height: 850 },
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    );
    context.setDefaultTimeout(30_000);
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGINT');
      await exited;
    }
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('chats in English and Korean, moves, raises and ends an emergency, and takes a correction', async () => {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(url);
    await page.waitForFunction(() => (window as SimWindow).carebotSim?.hello?.operator === true);
    expect(page.url()).not.toContain('token='); // taken out of the address bar
    const rest = await page.evaluate(() => (window as SimWindow).carebotSim?.jointValues() ?? {});
    expect(Object.keys(rest)).toContain('head_tilt');

    // The robot's line appears in the bubble and in the log.
    const line = await say(page, 'Hello!');
    expect(line.length).toBeGreaterThan(0);
    await poll(() => page.textContent('#bubble')).toBe(line);
    expect(await page.locator('#log .msg.robot .line').first().textContent()).toBe(line);

    // Its gesture moves the joints of the rendered robot.
    await page.waitForFunction(
      (start) => {
        const now = (window as SimWindow).carebotSim?.jointValues() ?? {};
        return Object.entries(start).some(([name, value]) => Math.abs((now[name] ?? value) - value) > 0.01);
      },
      rest,
      { polling: 'raf' },
    );

    // Korean in, Korean out.
    expect(await say(page, '지금 몇 시예요?')).toMatch(/[가-힣]/);
    await poll(() => page.textContent('#bubble')).toMatch(/[가-힣]/);

    // A fall: the emergency state and the carer alert show.
    await page.click('button[data-event="fall_detected"]');
    await poll(() => page.textContent('#state-name')).toBe('emergency');
    await poll(() => page.isVisible('#alert')).toBe(true);
    expect(await page.getAttribute('body', 'class')).toContain('emergency');
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'simulator-e2e.png') });

    // The carer acknowledges: the emergency is over.
    await page.click('#carer-ack');
    await poll(() => page.textContent('#state-name')).not.toBe('emergency');
    expect(await page.isVisible('#alert')).toBe(false);

    // An operator corrects the first turn: another action and an edited line.
    const first = page.locator('#log .msg.robot').first();
    const turn = Number(await first.getAttribute('data-turn'));
    await first.locator('button.correct').click();
    await first.locator('select.correction-action').selectOption('introduce_self');
    await first.locator('input.correction-text').fill('Hello, I am your care robot.');
    await first.locator('button.correction-save').click();
    await poll(() => first.locator('.correction-status').textContent()).toContain('introduce_self');
    await serverLogged(`operator correction: turn ${turn} → introduce_self "Hello, I am your care robot."`);
    // The correction is the label of that turn in the session's recording.
    await poll(async () =>
      (await recordedLines()).some(
        (l) => l.type === 'operator.correction' && l.turn === turn && l.actionId === 'introduce_self',
      ),
    ).toBe(true);

    expect(pageErrors).toEqual([]);
  }, 120_000);
});
