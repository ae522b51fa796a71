import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CarebotError } from '../../../src/core/carebot-error.ts';
import { loadRobotProfile } from '../../../src/robot/profile/load-robot-profile.ts';
import { parseUrdf } from '../../../src/robot/profile/parse-urdf.ts';
import { DEFAULT_PROFILE, ROOT } from '../../helpers.ts';

async function profileFile(yaml: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'carebot-profile-'));
  const file = path.join(dir, 'p.yaml');
  await writeFile(file, yaml.replace('URDF', path.join(ROOT, 'robot/urdf/carebot_humanoid.urdf')));
  return file;
}

describe('robot profiles', () => {
  it('the default humanoid has >= 10 joints (head pan/tilt, shoulders, elbows, wrists), each limited', async () => {
    const profile = await loadRobotProfile(DEFAULT_PROFILE);
    expect(profile.joints.length).toBeGreaterThanOrEqual(10);
    const names = profile.joints.map((j) => j.name);
    for (const part of ['head_pan', 'head_tilt', 'shoulder', 'elbow', 'wrist']) {
      expect(
        names.some((n) => n.includes(part)),
        part,
      ).toBe(true);
    }
    for (const joint of profile.joints) {
      expect(joint.lower).toBeLessThan(joint.upper);
      expect(joint.velocity).toBeGreaterThan(0);
    }
    expect(profile.ros.topics.say).toBe('/carebot/say');
    expect(profile.ros.topics.gesture).toBe('/carebot/gesture');
  });

  it('the QTrobot profile maps speech and gestures to its own topics', async () => {
    const profile = await loadRobotProfile(path.join(ROOT, 'robot/profiles/qtrobot.yaml'));
    expect(profile.ros.topics.say).toBe('/qt_robot/speech/say');
    expect(profile.ros.topics.gesture_name).toBe('/qt_robot/gesture/play');
    expect(profile.ros.topics.gesture).toBeNull();
    expect(profile.ros.gesture_names.wave).toBe('QT/hi');
  });

  it('tightens limits with joint_limits and never widens them', async () => {
    const file = await profileFile(
      'name: t\nurdf: URDF\njoint_limits:\n  head_pan: {lower: -0.5, upper: 3.0, velocity: 0.5}\n',
    );
    const pan = (await loadRobotProfile(file)).joints.find((j) => j.name === 'head_pan');
    expect(pan).toEqual({ name: 'head_pan', lower: -0.5, upper: 1.4, velocity: 0.5 });
  });

  it('names the file and entry of a bad profile', async () => {
    const badTopic = await profileFile('name: t\nurdf: URDF\nros:\n  topics:\n    say: "not a topic!"\n');
    const error = await loadRobotProfile(badTopic).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CarebotError);
    expect((error as Error).message).toContain(`${badTopic}: ros.topics.say:`);
    const badJoint = await profileFile('name: t\nurdf: URDF\njoint_limits:\n  knee: {upper: 1}\n');
    expect(((await loadRobotProfile(badJoint).catch((e: unknown) => e)) as Error).message).toContain(
      'joint_limits.knee',
    );
    const noUrdf = await profileFile('name: t\nurdf: missing.urdf\n');
    expect(((await loadRobotProfile(noUrdf).catch((e: unknown) => e)) as Error).message).toContain(
      'cannot read the URDF',
    );
  });

  it('parses URDF limits and rejects a revolute joint without them', () => {
    const summary = parseUrdf(
      '<robot name="r"><joint name="a" type="revolute"><limit lower="-1" upper="1" velocity="2"/></joint><joint name="f" type="fixed"/></robot>',
    );
    expect(summary).toEqual({ robotName: 'r', joints: [{ name: 'a', lower: -1, upper: 1, velocity: 2 }] });
    expect(() =>
      parseUrdf('<robot name="r"><joint name="b" type="revolute"><axis xyz="0 0 1"/></joint></robot>'),
    ).toThrow("joint 'b'");
  });
});
