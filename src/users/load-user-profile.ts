import { readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { CarebotError } from '../core/carebot-error.ts';
import { USER_ID_PATTERN, type UserProfile } from '../core/user-profile.ts';

const profileFileSchema = z
  .object({
    name: z.string().trim().min(1).optional(),
    medication: z.string().trim().min(1).optional(),
    contact: z.string().trim().min(1).optional(),
    lang: z.enum(['en', 'ko']).optional(),
    schedule: z
      .array(
        z
          .object({
            at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day HH:MM'),
            event: z.enum(['medication_due', 'hydration_due', 'exercise_due']),
            medication: z.string().trim().min(1).optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

/** Checks a user id before it names a file; a clear error otherwise. */
export function checkUserId(userId: string): string {
  if (!USER_ID_PATTERN.test(userId)) {
    throw new CarebotError(
      'USER_INVALID',
      `user id '${userId.slice(0, 80)}' is not valid: use letters, digits, '_', '-' or '.' (at most 64)`,
    );
  }
  return userId;
}

/**
 * Reads `<dir>/<userId>.yaml` (name, medication, contact, lang, schedule). A user without a file
 * gets an empty profile: the robot still talks, with lines that need no name.
 */
export async function loadUserProfile(dir: string, userId: string): Promise<UserProfile> {
  const file = path.join(dir, `${checkUserId(userId)}.yaml`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { id: userId, slots: {}, schedule: [] };
    throw new CarebotError('USER_INVALID', `${file}: cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let data: unknown;
  try {
    data = YAML.parse(text);
  } catch (error) {
    throw new CarebotError(
      'USER_INVALID',
      `${file}: YAML syntax error: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const parsed = profileFileSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CarebotError(
      'USER_INVALID',
      `${file}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`,
    );
  }
  const p = parsed.data;
  const slots: Record<string, string> = {};
  if (p.name) slots.user_name = p.name;
  if (p.medication) slots.medication = p.medication;
  if (p.contact) slots.contact = p.contact;
  return {
    id: userId,
    slots,
    ...(p.lang ? { lang: p.lang } : {}),
    schedule: p.schedule.map(({ at, event, medication }) => ({
      at,
      event,
      ...(medication ? { data: { medication } } : {}),
    })),
  };
}
