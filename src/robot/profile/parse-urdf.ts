import type { JointLimit } from '../../core/joint-limit.ts';

/** What carebot needs from a URDF: the robot's name and its movable joints with their limits. */
export interface UrdfSummary {
  robotName: string;
  joints: JointLimit[];
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`).exec(tag)?.[1];
}

/**
 * Reads joint limits from URDF text. Revolute and prismatic joints must have a `<limit>` with
 * lower, upper and velocity (continuous joints are skipped: they cannot be limited in position).
 * Throws an Error naming the joint when one is missing.
 */
export function parseUrdf(xml: string): UrdfSummary {
  const robotTag = /<robot\b[^>]*>/.exec(xml)?.[0];
  if (!robotTag) throw new Error('no <robot> element');
  const robotName = attribute(robotTag, 'name') ?? 'robot';
  const withoutComments = xml.replace(/<!--[\s\S]*?-->/g, '');
  const joints: JointLimit[] = [];
  for (const match of withoutComments.matchAll(/<joint\b([^>]*?)(\/>|>([\s\S]*?)<\/joint>)/g)) {
    const open = match[1] ?? '';
    const body = match[3] ?? '';
    const name = attribute(open, 'name');
    const type = attribute(open, 'type');
    if (!name) throw new Error('a <joint> has no name');
    if (type !== 'revolute' && type !== 'prismatic') continue;
    const limitTag = /<limit\b[^>]*>/.exec(body)?.[0];
    const read = (key: string): number => {
      const value = limitTag ? Number(attribute(limitTag, key)) : Number.NaN;
      if (!Number.isFinite(value)) throw new Error(`joint '${name}': <limit> needs a numeric '${key}'`);
      return value;
    };
    const lower = read('lower');
    const upper = read('upper');
    if (lower > upper) throw new Error(`joint '${name}': lower ${lower} is above upper ${upper}`);
    joints.push({ name, lower, upper, velocity: read('velocity') });
  }
  return { robotName, joints };
}
