/**
 * User profiles (users/<id>.yaml) and long-term memory files (memory/<id>.json), broken every way
 * fast-check finds: a profile loads or is a CarebotError naming the file; a memory file loads, or
 * is moved aside whole (never overwritten) with a warning naming it, or is a CarebotError naming it.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CarebotError } from '../../src/core/carebot-error.ts';
import { USER_ID_PATTERN } from '../../src/core/user-profile.ts';
import { createLogger } from '../../src/log/logger.ts';
import { loadUserProfile } from '../../src/users/load-user-profile.ts';
import { UserMemoryStore } from '../../src/users/user-memory-store.ts';
import { ROOT } from '../helpers.ts';
import { hostileText, loadsOrExplains, mutated, snapshot } from './hostile-input.ts';

const VALID_MEMORY = {
  format: 1,
  userId: 'rose',
  updatedAt: '2026-11-24T09:00:00.000Z',
  facts: [
    {
      kind: 'visit',
      text: 'your grandson Tom is visiting',
      lang: 'en',
      saidAt: '2026-11-24T09:00:00Z',
      recalled: false,
    },
  ],
  policyState: { policyId: 'lstm:default@x', state: [{ h: [0.1, 0.2], c: [0.3, 0.4] }] },
};

let rose: string;
beforeAll(async () => {
  rose = await readFile(path.join(ROOT, 'users', 'rose.yaml'), 'utf8');
});

describe('user profiles on arbitrary input (fast-check)', () => {
  it('loads a profile or names the file; the folder is untouched', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'carebot-users-prop-'));
    const file = path.join(dir, 'rose.yaml');
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated(rose), hostileText(200)), async (text) => {
        await writeFile(file, text);
        const before = await snapshot(dir);
        await loadsOrExplains(() => loadUserProfile(dir, 'rose'), 'USER_INVALID', file);
        expect(await snapshot(dir)).toEqual(before);
      }),
      { numRuns: 200 },
    );
  });

  it('takes only user ids that name a file inside the folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'carebot-users-ids-'));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileText(80),
          fc.constantFrom('..', '../rose', 'a/b', '.', 'rose\u0000', 'ROSE', 'x'.repeat(65)),
        ),
        async (id) => {
          const outcome = await loadUserProfile(dir, id).catch((e: unknown) => e);
          if (outcome instanceof Error) {
            expect(outcome).toBeInstanceOf(CarebotError);
            expect((outcome as CarebotError).code).toBe('USER_INVALID');
          } else expect(USER_ID_PATTERN.test(id)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('memory files on arbitrary input (fast-check)', () => {
  const quiet = createLogger('test', () => {});

  it('loads, or moves the file aside whole and starts empty, or names it; then saves again', async () => {
    const valid = JSON.stringify(VALID_MEMORY, null, 1);
    const content = fc.oneof(
      mutated(valid),
      fc.anything().map((v) => JSON.stringify(v) ?? ''),
      fc
        .record({
          facts: fc.anything(),
          policyState: fc.anything(),
          userId: fc.string(),
          format: fc.anything(),
        })
        .map((r) => JSON.stringify({ ...VALID_MEMORY, ...r })),
      hostileText(200),
    );
    await fc.assert(
      fc.asyncProperty(content, async (text) => {
        const dir = await mkdtemp(path.join(tmpdir(), 'carebot-memory-prop-'));
        const file = path.join(dir, 'rose.json');
        await writeFile(file, text);
        const written = await readFile(file, 'utf8'); // lone surrogates are written as U+FFFD
        const warnings: string[] = [];
        const store = new UserMemoryStore({ dir, log: createLogger('t', (l) => warnings.push(l)) });
        const loaded = await store.load('rose');
        expect(Array.isArray(loaded.facts)).toBe(true);
        const files = await readdir(dir);
        if (files.includes('rose.json')) {
          expect(await readFile(file, 'utf8')).toBe(written); // loaded as it is
          expect(warnings).toEqual([]);
        } else {
          // Moved aside, byte for byte, and the warning says where.
          const aside = files.find((f) => f.startsWith('rose.json.unreadable-')) ?? '';
          expect(await readFile(path.join(dir, aside), 'utf8')).toBe(written);
          expect(warnings.join('')).toContain(`${file}: `);
          expect(loaded).toEqual({ facts: [] });
        }
        await store.save('rose', loaded);
        expect((await store.load('rose')).facts).toEqual(loaded.facts);
        await rm(dir, { recursive: true, force: true });
      }),
      { numRuns: 150 },
    );
  });

  it("never tells one user another user's memories (a file copied under the wrong name is moved aside)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'carebot-memory-owner-'));
    await writeFile(path.join(dir, 'bob.json'), JSON.stringify(VALID_MEMORY));
    const warnings: string[] = [];
    const store = new UserMemoryStore({ dir, log: createLogger('t', (l) => warnings.push(l)) });
    expect(await store.load('bob')).toEqual({ facts: [] });
    expect(warnings.join('')).toContain("it holds the memory of user 'rose'");
  });

  it('names a memory file it cannot read at all (was: a bare EISDIR error)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'carebot-memory-dir-'));
    await mkdir(path.join(dir, 'rose.json'));
    const store = new UserMemoryStore({ dir, log: quiet });
    await expect(store.load('rose')).rejects.toMatchObject({
      code: 'USER_INVALID',
      message: expect.stringMatching(new RegExp(`^${path.join(dir, 'rose.json')}: cannot read .*EISDIR`)),
    });
    expect((await readdir(dir)).sort()).toEqual(['rose.json']);
  });
});
