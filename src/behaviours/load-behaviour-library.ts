import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { REQUIRED_ACTIONS } from '../core/care-action.ts';
import {
  BehaviourLibrary,
  type GestureDefinition,
  toActionDefinition,
  toGestureDefinition,
} from './behaviour-library.ts';
import { BehaviourLibraryError } from './behaviour-library-error.ts';
import {
  ALWAYS_KNOWN_SLOTS,
  actionsFileSchema,
  type BackchannelSpec,
  backchannelFileSchema,
  gesturesFileSchema,
} from './behaviour-schema.ts';
import { templateSlots } from './template.ts';

/** The file names inside a behaviours folder. */
export const ACTIONS_FILE = 'actions.yaml';
export const GESTURES_FILE = 'gestures.yaml';
/** Optional: without it the robot backchannels with the `acknowledge` gesture and no words. */
export const BACKCHANNEL_FILE = 'backchannel.yaml';

async function readYaml(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new BehaviourLibraryError(file, '(file)', 'cannot be read: does the behaviours folder exist?', {
      cause,
    });
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const at = first.linePos?.[0];
    const where = at ? `line ${at.line}, column ${at.col}` : '(file)';
    throw new BehaviourLibraryError(file, where, `YAML syntax error: ${first.message.split('\n')[0]}`);
  }
  try {
    return doc.toJS();
  } catch (cause) {
    // The yaml package refuses documents whose aliases expand without bound ("billion laughs").
    throw new BehaviourLibraryError(file, '(file)', `YAML: ${(cause as Error).message}`, { cause });
  }
}

function parseWith<S extends z.ZodType>(schema: S, data: unknown, file: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const entry = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  throw new BehaviourLibraryError(file, entry, issue?.message ?? 'invalid');
}

/**
 * Loads and validates a behaviours folder (actions.yaml + gestures.yaml). Every error names the
 * file, the entry and what is wrong.
 */
export async function loadBehaviourLibrary(dir: string): Promise<BehaviourLibrary> {
  const actionsPath = path.join(dir, ACTIONS_FILE);
  const gesturesPath = path.join(dir, GESTURES_FILE);
  const actionsFile = parseWith(actionsFileSchema, await readYaml(actionsPath), actionsPath);
  const gesturesFile = parseWith(gesturesFileSchema, await readYaml(gesturesPath), gesturesPath);

  const gestures = new Map<string, GestureDefinition>();
  for (const [id, spec] of Object.entries(gesturesFile.gestures)) {
    const entry = `gestures.${id}`;
    spec.keyframes.forEach((k, i) => {
      const before = spec.keyframes[i - 1];
      if (i === 0 && k.t !== 0)
        throw new BehaviourLibraryError(gesturesPath, entry, 'first keyframe must be at t: 0');
      if (before && k.t <= before.t) {
        throw new BehaviourLibraryError(
          gesturesPath,
          `${entry}.keyframes.${i}`,
          `t ${k.t} is not after ${before.t}`,
        );
      }
      for (const joint of Object.keys(k.joints)) {
        if (!(joint in gesturesFile.rest)) {
          throw new BehaviourLibraryError(
            gesturesPath,
            `${entry}.keyframes.${i}`,
            `unknown joint '${joint}' (the rest pose names ${Object.keys(gesturesFile.rest).join(', ')})`,
          );
        }
      }
    });
    gestures.set(id, toGestureDefinition(id, spec, gesturesFile.rest));
  }

  const actions = new Map<string, ReturnType<typeof toActionDefinition>>();
  for (const [id, spec] of Object.entries(actionsFile.actions)) {
    const entry = `actions.${id}`;
    if (!gestures.has(spec.gesture)) {
      throw new BehaviourLibraryError(
        actionsPath,
        entry,
        `gesture '${spec.gesture}' is not in ${GESTURES_FILE}`,
      );
    }
    for (const lang of ['en', 'ko'] as const) {
      spec.templates[lang].forEach((template, i) => {
        const unknown = templateSlots(template).filter((s) => !spec.slots.includes(s));
        if (unknown.length > 0) {
          throw new BehaviourLibraryError(
            actionsPath,
            `${entry}.templates.${lang}.${i}`,
            `slot {${unknown[0]}} is not in the action's slots [${spec.slots.join(', ')}]`,
          );
        }
      });
      const fallback = spec.templates[lang].some((t) =>
        templateSlots(t).every((s) => ALWAYS_KNOWN_SLOTS.has(s)),
      );
      if (!fallback) {
        throw new BehaviourLibraryError(
          actionsPath,
          `${entry}.templates.${lang}`,
          'needs at least one template without slots that may be unknown (used when the value is missing)',
        );
      }
    }
    actions.set(id, toActionDefinition(id, spec));
  }
  const missing = REQUIRED_ACTIONS.filter((id) => !actions.has(id));
  if (missing.length > 0) {
    throw new BehaviourLibraryError(
      actionsPath,
      'actions',
      `missing required action ids: ${missing.join(', ')}`,
    );
  }
  const backchannel = await readBackchannel(path.join(dir, BACKCHANNEL_FILE), gestures);
  return new BehaviourLibrary({
    actions,
    gestures,
    backchannel: backchannel ?? {
      gesture: actions.get('acknowledge')?.gesture ?? [...gestures.keys()][0] ?? '',
      lines: { en: [], ko: [] },
    },
    rest: gesturesFile.rest,
    frameRate: gesturesFile.frame_rate,
    source: dir,
  });
}

async function readBackchannel(
  file: string,
  gestures: ReadonlyMap<string, GestureDefinition>,
): Promise<BackchannelSpec | undefined> {
  if (!existsSync(file)) return undefined;
  const spec = parseWith(backchannelFileSchema, await readYaml(file), file);
  if (!gestures.has(spec.gesture)) {
    throw new BehaviourLibraryError(file, 'gesture', `gesture '${spec.gesture}' is not in ${GESTURES_FILE}`);
  }
  return spec;
}
