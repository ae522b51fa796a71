import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CarebotError } from '../../core/carebot-error.ts';

/** Message packages carebot's topics need (trajectory_msgs uses std_msgs and geometry_msgs). */
export const REQUIRED_MESSAGE_PACKAGES = ['std_msgs', 'geometry_msgs', 'trajectory_msgs'] as const;
/** Where Debian (ros-*-msgs) and a ROS Noetic install put message packages. */
export const DEFAULT_SHARE_DIRS = ['/usr/share', '/opt/ros/noetic/share'] as const;

/** Options of prepareMessagePackages. */
export interface MessagePackagesOptions {
  /** Searched in order for `<dir>/<package>/msg`. Default: DEFAULT_SHARE_DIRS. */
  shareDirs?: readonly string[];
  /** Default: REQUIRED_MESSAGE_PACKAGES. */
  required?: readonly string[];
  /** The project's own message packages (folders holding msg/ or srv/), named after their folder. Default: none. */
  projectPackages?: readonly string[];
  /** Where the package folder is built. Default: `<os tmpdir>/carebot-ros`. */
  cacheDir?: string;
}

/** A folder to put in ROS_PACKAGE_PATH, and the packages it holds. */
export interface MessagePackages {
  packagePath: string;
  packages: string[];
}

interface Source {
  name: string;
  /** Folder holding msg/ and maybe srv/. */
  dir: string;
}

const SUBFOLDERS = ['msg', 'srv'] as const;

async function listFiles(source: Source): Promise<string[]> {
  const files: string[] = [];
  for (const sub of SUBFOLDERS) {
    const dir = path.join(source.dir, sub);
    if (!existsSync(dir)) continue;
    for (const name of (await readdir(dir)).sort()) files.push(path.join(sub, name));
  }
  return files;
}

/** A digest of every definition: a changed or added .msg builds a new folder. */
async function digest(sources: readonly Source[]): Promise<string> {
  const hash = createHash('sha256');
  for (const source of sources) {
    for (const file of await listFiles(source)) {
      hash.update(`${source.name}/${file}\0`);
      hash.update(await readFile(path.join(source.dir, file)));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

const packageXml = (name: string) =>
  `<?xml version="1.0"?>\n<package format="2">\n  <name>${name}</name>\n  <version>0.0.0</version>\n  <description>${name} messages, copied by carebot for rosnodejs</description>\n  <maintainer email="carebot@localhost">carebot</maintainer>\n  <license>BSD</license>\n</package>\n`;

/**
 * Builds a ROS_PACKAGE_PATH folder for rosnodejs's on-the-fly message generation: one folder per
 * package with a minimal package.xml and a copied (never symlinked) msg/ (Debian's ros-*-msgs ship
 * no package.xml; ../shared/notes/ros.md, note 2). Folders are named after the definitions' digest
 * and renamed into place, so concurrent carebot processes share one without racing.
 */
export async function prepareMessagePackages(options: MessagePackagesOptions = {}): Promise<MessagePackages> {
  const shareDirs = options.shareDirs ?? DEFAULT_SHARE_DIRS;
  const find = (name: string): Source | undefined => {
    const dir = shareDirs.map((d) => path.join(d, name)).find((d) => existsSync(path.join(d, 'msg')));
    return dir ? { name, dir } : undefined;
  };
  const required = options.required ?? REQUIRED_MESSAGE_PACKAGES;
  const missing = required.filter((name) => !find(name));
  if (missing.length > 0) {
    const debian = missing.map((m) => `ros-${m.replaceAll('_', '-')}`).join(' ');
    throw new CarebotError(
      'ADAPTER_FAILED',
      `ROS message definitions not found: ${missing.join(', ')} (looked for <dir>/<package>/msg in ${shareDirs.join(', ')}). Install them (Debian: apt-get install ${debian}) or source your ROS setup.`,
    );
  }
  const sources: Source[] = [
    ...required.map((name) => find(name) as Source),
    ...(options.projectPackages ?? []).map((dir) => ({ name: path.basename(dir), dir })),
  ];
  const cacheDir = options.cacheDir ?? path.join(tmpdir(), 'carebot-ros');
  const target = path.join(cacheDir, `messages-${await digest(sources)}`);
  const result = { packagePath: target, packages: sources.map((s) => s.name) };
  if (existsSync(target)) return result;
  const building = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    for (const source of sources) {
      const dir = path.join(building, source.name);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'package.xml'), packageXml(source.name));
      for (const sub of SUBFOLDERS) {
        const from = path.join(source.dir, sub);
        if (existsSync(from)) await cp(from, path.join(dir, sub), { recursive: true, dereference: true });
      }
    }
    await rename(building, target).catch((error: NodeJS.ErrnoException) => {
      // Another process built the same folder first: use theirs.
      if (!existsSync(target)) throw error;
    });
  } catch (cause) {
    throw new CarebotError(
      'ADAPTER_FAILED',
      `cannot build the ROS message folder in ${cacheDir}: ${(cause as Error).message}`,
      { cause },
    );
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return result;
}
