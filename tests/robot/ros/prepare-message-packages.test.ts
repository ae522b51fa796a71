import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CarebotError } from '../../../src/core/carebot-error.ts';
import { prepareMessagePackages } from '../../../src/robot/ros/prepare-message-packages.ts';

/** A share folder laid out as Debian's ros-*-msgs packages are: `<share>/<package>/msg/*.msg`, no package.xml. */
async function fakeShare(packages: Record<string, Record<string, string>>): Promise<string> {
  const share = await mkdtemp(path.join(tmpdir(), 'carebot-share-'));
  for (const [name, files] of Object.entries(packages)) {
    await mkdir(path.join(share, name, 'msg'), { recursive: true });
    for (const [file, text] of Object.entries(files))
      await writeFile(path.join(share, name, 'msg', file), text);
  }
  return share;
}

describe('prepareMessagePackages', () => {
  it('builds one folder per package with a package.xml and copied definitions, and reuses it', async () => {
    const share = await fakeShare({
      std_msgs: { 'String.msg': 'string data\n' },
      extra_msgs: { 'X.msg': 'int8 x\n' },
    });
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'carebot-cache-'));
    const built = await prepareMessagePackages({ shareDirs: [share], required: ['std_msgs'], cacheDir });
    expect(built.packages).toEqual(['std_msgs']);
    expect(await readdir(built.packagePath)).toEqual(['std_msgs']);
    expect(await readFile(path.join(built.packagePath, 'std_msgs', 'package.xml'), 'utf8')).toContain(
      '<name>std_msgs</name>',
    );
    expect(await readFile(path.join(built.packagePath, 'std_msgs', 'msg', 'String.msg'), 'utf8')).toBe(
      'string data\n',
    );
    const again = await prepareMessagePackages({ shareDirs: [share], required: ['std_msgs'], cacheDir });
    expect(again.packagePath).toBe(built.packagePath);
    // No half-built folders left behind.
    expect((await readdir(cacheDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('builds a new folder when a definition changes, and adds project packages', async () => {
    const share = await fakeShare({ std_msgs: { 'String.msg': 'string data\n' } });
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'carebot-cache-'));
    const first = await prepareMessagePackages({ shareDirs: [share], required: ['std_msgs'], cacheDir });
    await writeFile(path.join(share, 'std_msgs', 'msg', 'Empty.msg'), '');
    const project = path.join(
      await fakeShare({ carebot_msgs: { 'Alert.msg': 'string reason\n' } }),
      'carebot_msgs',
    );
    const second = await prepareMessagePackages({
      shareDirs: [share],
      required: ['std_msgs'],
      projectPackages: [project],
      cacheDir,
    });
    expect(second.packagePath).not.toBe(first.packagePath);
    expect(second.packages).toEqual(['std_msgs', 'carebot_msgs']);
    expect(existsSync(path.join(second.packagePath, 'carebot_msgs', 'msg', 'Alert.msg'))).toBe(true);
  });

  it('names the missing packages and the Debian packages that hold them', async () => {
    const share = await fakeShare({ std_msgs: { 'String.msg': 'string data\n' } });
    const promise = prepareMessagePackages({ shareDirs: [share], required: ['std_msgs', 'trajectory_msgs'] });
    await expect(promise).rejects.toBeInstanceOf(CarebotError);
    await expect(promise).rejects.toThrow(/not found: trajectory_msgs .*apt-get install ros-trajectory-msgs/);
  });

  it.skipIf(!existsSync('/usr/share/trajectory_msgs/msg'))(
    'finds the default packages Debian installed',
    async () => {
      const built = await prepareMessagePackages({
        cacheDir: await mkdtemp(path.join(tmpdir(), 'carebot-cache-')),
      });
      expect(built.packages).toEqual(['std_msgs', 'geometry_msgs', 'trajectory_msgs']);
    },
  );
});
