/**
 * Behaviour files (actions, gestures, backchannel) and robot profiles (YAML + URDF), broken every
 * way fast-check finds: each load gives a usable library or profile, or a CarebotError naming the
 * file and the entry, and leaves the folder as it was.
 */
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BehaviourLibrary } from '../../src/behaviours/behaviour-library.ts';
import { loadBehaviourLibrary } from '../../src/behaviours/load-behaviour-library.ts';
import { loadRobotProfile } from '../../src/robot/profile/load-robot-profile.ts';
import type { RobotProfile } from '../../src/robot/profile/robot-profile.ts';
import { BEHAVIOURS_DIR, brokenBehaviours, DEFAULT_PROFILE, ROOT } from '../helpers.ts';
import { loadsOrExplains, mutated, snapshot } from './hostile-input.ts';

const FILES = ['actions.yaml', 'gestures.yaml', 'backchannel.yaml'] as const;
/** Aliases that expand to 9^5 nodes ("billion laughs"). */
const ALIAS_BOMB =
  'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n';

let originals: Record<string, string>;
let profile: RobotProfile;

beforeAll(async () => {
  originals = Object.fromEntries(
    await Promise.all(
      [...FILES].map(async (f) => [f, await readFile(path.join(BEHAVIOURS_DIR, f), 'utf8')] as const),
    ),
  );
  profile = await loadRobotProfile(DEFAULT_PROFILE);
});

/** What the runtime does with a library: every line and every trajectory, and the limit check. */
function use(library: BehaviourLibrary): void {
  const joints = profile.joints.map((j) => j.name);
  library.checkAgainst(profile.joints);
  for (const id of library.actionIds()) {
    for (const lang of ['en', 'ko'] as const) library.renderLine(id, lang, {}, () => 0.5);
    library.trajectory(library.action(id).gesture, joints);
  }
}

describe('behaviour files on arbitrary input (fast-check)', () => {
  it('loads a usable library or names the file and entry; the folder is untouched', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'carebot-behaviours-prop-'));
    await cp(BEHAVIOURS_DIR, dir, { recursive: true });
    const paths = FILES.map((f) => path.join(dir, f));
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...FILES)
          .chain((file) => fc.tuple(fc.constant(file), mutated(originals[file] ?? ''))),
        async ([file, text]) => {
          await writeFile(path.join(dir, file), text);
          const before = await snapshot(dir);
          let library: BehaviourLibrary | undefined;
          await loadsOrExplains(
            async () => {
              library = await loadBehaviourLibrary(dir);
            },
            'BEHAVIOUR_INVALID',
            paths,
          );
          if (library) use(library);
          expect(await snapshot(dir)).toEqual(before);
          await writeFile(path.join(dir, file), originals[file] ?? '');
        },
      ),
      { numRuns: 120 },
    );
  });

  it('refuses an alias bomb with a clear error (was: a bare ReferenceError from the yaml package)', async () => {
    for (const file of ['actions.yaml', 'gestures.yaml'] as const) {
      const dir = await brokenBehaviours(file, () => ALIAS_BOMB);
      await expect(loadBehaviourLibrary(dir)).rejects.toMatchObject({
        code: 'BEHAVIOUR_INVALID',
        message: expect.stringMatching(new RegExp(`^${path.join(dir, file)}: \\(file\\): YAML: .*alias`)),
      });
    }
  });

  it('refuses a gesture too long to sample (was: loaded, then ran out of memory on first use)', async () => {
    const dir = await brokenBehaviours('gestures.yaml', (t) => t.replace(/t: 4\.8\b/, 't: 10000000'));
    await expect(loadBehaviourLibrary(dir)).rejects.toMatchObject({
      code: 'BEHAVIOUR_INVALID',
      message: expect.stringMatching(
        /gestures\.yaml: gestures\.\w+\.keyframes\.\d+\.t: .*at most 60 seconds/,
      ),
    });
  });
});

describe('robot profiles on arbitrary input (fast-check)', () => {
  let dir: string;
  let files: { profile: string; urdf: string };
  let texts: { profile: string; urdf: string };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'carebot-profile-prop-'));
    await mkdir(path.join(dir, 'profiles'));
    await mkdir(path.join(dir, 'urdf'));
    files = {
      profile: path.join(dir, 'profiles', 'robot.yaml'),
      urdf: path.join(dir, 'urdf', 'carebot_humanoid.urdf'),
    };
    texts = {
      profile: await readFile(DEFAULT_PROFILE, 'utf8'),
      urdf: await readFile(path.join(ROOT, 'robot', 'urdf', 'carebot_humanoid.urdf'), 'utf8'),
    };
  });

  it('loads a profile whose joints all have a range, or names the file and entry', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom('profile', 'urdf' as const)
          .chain((which) => fc.tuple(fc.constant(which), mutated(texts[which]))),
        async ([which, text]) => {
          await writeFile(files.profile, texts.profile);
          await writeFile(files.urdf, texts.urdf);
          await writeFile(files[which], text);
          const before = await snapshot(dir);
          let loaded: RobotProfile | undefined;
          await loadsOrExplains(
            async () => {
              loaded = await loadRobotProfile(files.profile);
            },
            'PROFILE_INVALID',
            [files.profile, files.urdf],
          );
          for (const joint of loaded?.joints ?? []) expect(joint.lower).toBeLessThanOrEqual(joint.upper);
          expect(await snapshot(dir)).toEqual(before);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('names joint_limits that leave a joint no range (was: accepted, then every gesture refused)', async () => {
    await writeFile(files.urdf, texts.urdf);
    await writeFile(
      files.profile,
      'name: t\nurdf: ../urdf/carebot_humanoid.urdf\njoint_limits:\n  head_pan: {lower: 1.0, upper: 0.5}\n',
    );
    await expect(loadRobotProfile(files.profile)).rejects.toThrow(
      `${files.profile}: joint_limits.head_pan: leaves no range: lower 1 is above upper 0.5`,
    );
  });

  it('refuses an alias bomb with a clear error', async () => {
    await writeFile(files.profile, ALIAS_BOMB);
    await expect(loadRobotProfile(files.profile)).rejects.toMatchObject({
      code: 'PROFILE_INVALID',
      message: expect.stringContaining(`${files.profile}: YAML:`),
    });
  });
});
