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
  const parsed = robotProfileFileSchema.safeParse(doc.toJS());
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
  const urdf = await read(urdfFile, 'URDF');
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
    };
  });
  for (const name of Object.keys(spec.joint_limits)) {
    if (!joints.some((j) => j.name === name)) {
      throw profileError(absolute, `joint_limits.${name}`, `no movable joint '${name}' in ${urdfFile}`);
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
