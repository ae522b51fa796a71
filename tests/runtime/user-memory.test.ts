import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.ts';
import { UserMemoryStore } from '../../src/users/user-memory-store.ts';

const run = promisify(execFile);
const script = path.join(import.meta.dirname, 'scripts', 'memory-run.ts');

async function robotProcess(
  mode: 'tell' | 'recall',
  dir: string,
): Promise<Array<{ id: string; text: string }>> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script, mode, dir], {
    env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]');
}

describe('long-term memory per user', () => {
  it('a fact told in one process is recalled by recall_memory in the next', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'carebot-memory-'));
    const first = await robotProcess('tell', dir);
    expect(first.map((a) => a.id)).toEqual(['greet', 'share_joy']);
    const saved = JSON.parse(await readFile(path.join(dir, 'rose.json'), 'utf8'));
    expect(saved.facts).toEqual([
      expect.objectContaining({ lang: 'en', recalled: false, text: expect.stringMatching(/Amy/) }),
    ]);
    expect(saved.policyState.policyId).toMatch(/^lstm:default@/);
    expect((await stat(path.join(dir, 'rose.json'))).mode & 0o777).toBe(0o600);

    const second = await robotProcess('recall', dir);
    expect(second.at(-1)?.id).toBe('recall_memory');
    expect(second.at(-1)?.text).toMatch(/Amy/);
    const after = JSON.parse(await readFile(path.join(dir, 'rose.json'), 'utf8'));
    expect(after.facts[0].recalled).toBe(true);
  }, 60_000);

  it('moves an unreadable memory file aside (never overwrites it) and starts empty', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'carebot-memory-'));
    const warnings: string[] = [];
    const store = new UserMemoryStore({ dir, log: createLogger('test', (line) => warnings.push(line)) });
    await writeFile(path.join(dir, 'bob.json'), '{"format": 1, "facts": [trunc');
    expect(await store.load('bob')).toEqual({ facts: [] });
    expect(warnings.join('\n')).toMatch(/bob\.json.*moved it to .*unreadable/);
    const { readdir } = await import('node:fs/promises');
    const aside = (await readdir(dir)).find((f) => f.startsWith('bob.json.unreadable-'));
    expect(await readFile(path.join(dir, aside ?? ''), 'utf8')).toBe('{"format": 1, "facts": [trunc');
  });

  it('refuses user ids that could name a path outside the folder', async () => {
    const store = new UserMemoryStore({ dir: tmpdir(), log: createLogger('test', () => {}) });
    for (const id of ['../etc/passwd', '.hidden', 'a/b', '', 'x'.repeat(65)]) {
      await expect(store.load(id)).rejects.toMatchObject({ code: 'USER_INVALID' });
    }
  });
});
