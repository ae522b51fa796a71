import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BehaviourLibrary } from '../src/behaviours/behaviour-library.ts';
import { loadBehaviourLibrary } from '../src/behaviours/load-behaviour-library.ts';
import { loadRobotProfile } from '../src/robot/profile/load-robot-profile.ts';
import type { RobotProfile } from '../src/robot/profile/robot-profile.ts';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BEHAVIOURS_DIR = path.join(ROOT, 'behaviours');
export const DEFAULT_PROFILE = path.join(ROOT, 'robot', 'profiles', 'carebot_humanoid.yaml');

/** Runs the real `carebot` command from the repository root, as a user would; waits for it to exit. */
export function runCarebot(
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {},
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/carebot.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
    ...(options.input !== undefined ? { input: options.input } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The shipped behaviour library and the default robot profile, freshly loaded. */
export function shippedLibraryAndProfile(): Promise<[BehaviourLibrary, RobotProfile]> {
  return Promise.all([loadBehaviourLibrary(BEHAVIOURS_DIR), loadRobotProfile(DEFAULT_PROFILE)]);
}

/** A temporary copy of the shipped behaviours folder, with one file's text changed by `edit`. */
export async function brokenBehaviours(
  file: 'actions.yaml' | 'gestures.yaml',
  edit: (text: string) => string,
): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'carebot-behaviours-'));
  await cp(BEHAVIOURS_DIR, dir, { recursive: true });
  const target = path.join(dir, file);
  await writeFile(target, edit(await readFile(target, 'utf8')));
  return dir;
}
