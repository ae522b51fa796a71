import { readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { CarebotError } from '../../core/carebot-error.ts';
import { parseUrdf } from './parse-urdf.ts';
import { type RobotProfile, robotProfileFileSchema } from './robot-profile.ts';

function profileError(file: string, entry: string, problem: string, cause?: unknown): CarebotError {
  return new CarebotError('PROFILE_INVALID', `${file}: ${entry}: ${problem}`, { cause });
}

async function read(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw profileError(file, '(file)', `cannot read the ${what}`, cause);
  }
}

/** Loads a robot profile (YAML) and its URDF; errors name the file and the entry. */
export async function loadRobotProfile(file: string): Promise<RobotProfile> {
  const absolute = path.resolve(file);
  const doc = YAML.parseDocument(await read(absolute, 'robot profile'));
  const syntax = doc.errors[0];
  if (syntax) throw profileError(absolute, 'YAML', syntax.message.split('\n')[0] ?? 'syntax error');
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (cause) {
    // The yaml package refuses documents whose aliases expand without bound ("billion laughs").
    throw profileError(absolute, 'YAML', (cause as Error).message, cause);
  }
  const parsed = robotProfileFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw profileError(
      absolute,
      issue?.path.map(String).join('.') || '(top level)',
      issue?.message ?? 'invalid',
    );
  }
  const spec = parsed.data;
  const urdfFile = path.resolve(path.dirname(absolute), spec.urdf);
  // A URDF that cannot be read is the profile's `urdf` entry at fault: name the profile too.
  const urdf = await readFile(urdfFile, 'utf8').catch((cause: unknown) => {
    throw profileError(absolute, 'urdf', `cannot read the URDF ${JSON.stringify(urdfFile)}`, cause);
  });
  let summary: ReturnType<typeof parseUrdf>;
  try {
    summary = parseUrdf(urdf);
  } catch (cause) {
    throw profileError(urdfFile, 'URDF', (cause as Error).message, cause);
  }
  const joints = summary.joints.map((joint) => {
    const tighter = spec.joint_limits[joint.name] ?? {};
    return {
      name: joint.name,
      lower: Math.max(joint.lower, tighter.lower ?? joint.lower),
      upper: Math.min(joint.upper, tighter.upper ?? joint.upper),
      velocity: Math.min(joint.velocity, tighter.velocity ?? joint.velocity),
      ...(tighter.acceleration !== undefined ? { acceleration: tighter.acceleration } : {}),
    };
  });
  for (const name of Object.keys(spec.joint_limits)) {
    const joint = joints.find((j) => j.name === name);
    if (!joint) {
      throw profileError(absolute, `joint_limits.${name}`, `no movable joint '${name}' in ${urdfFile}`);
    }
    // Otherwise every gesture would be refused later, with the blame on the behaviour library.
    if (joint.lower > joint.upper) {
      throw profileError(
        absolute,
        `joint_limits.${name}`,
        `leaves no range: lower ${joint.lower} is above upper ${joint.upper} (after tightening the URDF's limits)`,
      );
    }
  }
  return {
    name: spec.name,
    description: spec.description,
    file: absolute,
    urdfFile,
    urdf,
    joints,
    speechMode: spec.speech_mode,
    gestureMode: spec.gesture_mode,
    ros: spec.ros,
  };
}
