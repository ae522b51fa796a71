import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { promoteModel } from '../../src/pipeline/promote-model.ts';

/** A fake model folder holding one file with `text`. */
function fakeModel(dir: string, text: string): string {
  mkdirSync(path.join(dir, 'member-1'), { recursive: true });
  writeFileSync(path.join(dir, 'metadata.json'), text);
  writeFileSync(path.join(dir, 'member-1', 'weights.bin'), text);
  return dir;
}

describe('promoteModel', () => {
  it('replaces the target whole and leaves nothing beside it', async () => {
    const models = await mkdtemp(path.join(tmpdir(), 'carebot-promote-'));
    const target = fakeModel(path.join(models, 'default'), 'old');
    fakeModel(path.join(models, 'default', 'member-2'), 'old');
    const candidate = fakeModel(path.join(models, 'candidate'), 'new');
    await promoteModel(candidate, target);
    expect(readFileSync(path.join(target, 'metadata.json'), 'utf8')).toBe('new');
    expect(readFileSync(path.join(target, 'member-1', 'weights.bin'), 'utf8')).toBe('new');
    expect(readdirSync(target).sort()).toEqual(['member-1', 'metadata.json']);
    expect(readdirSync(models).sort()).toEqual(['candidate', 'default']);
    await promoteModel(candidate, path.join(models, 'fresh'));
    expect(readFileSync(path.join(models, 'fresh', 'metadata.json'), 'utf8')).toBe('new');
  });

  it('a failed copy leaves the target as it was', async () => {
    const models = await mkdtemp(path.join(tmpdir(), 'carebot-promote-'));
    const target = fakeModel(path.join(models, 'default'), 'old');
    await expect(promoteModel(path.join(models, 'missing'), target)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
    });
    expect(readFileSync(path.join(target, 'metadata.json'), 'utf8')).toBe('old');
    expect(readdirSync(models)).toEqual(['default']);
  });
});
