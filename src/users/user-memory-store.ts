import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CarebotError } from '../core/carebot-error.ts';
import type { MemoryFact } from '../core/memory-fact.ts';
import type { Logger } from '../log/logger.ts';
import { checkUserId } from './load-user-profile.ts';

/** What the robot keeps about a user between sessions and restarts. */
export interface UserMemory {
  /** Facts the user told, oldest first (mutated in place by the dialogue). */
  facts: MemoryFact[];
  /** The policy's memory state at the end of the last turn, for the policy that wrote it. */
  policyState?: { policyId: string; state: unknown };
}

const FORMAT = 1;

const fileSchema = z.object({
  format: z.literal(FORMAT),
  userId: z.string(),
  updatedAt: z.string(),
  facts: z.array(
    z.object({
      kind: z.enum(['person', 'visit', 'appointment', 'hobby', 'health', 'other']),
      text: z.string(),
      lang: z.enum(['en', 'ko']),
      saidAt: z.string(),
      recalled: z.boolean(),
    }),
  ),
  policyState: z.object({ policyId: z.string(), state: z.unknown() }).optional(),
});

/** Options of the store. */
export interface UserMemoryStoreOptions {
  /** Folder of `<userId>.json` files (created 0700, files 0600). */
  dir: string;
  log: Logger;
}

/**
 * Long-term memory per user on disk: one JSON file per user, replaced atomically (write beside,
 * fsync, rename), so a crash leaves the old or the new memory, never half of one. A file that
 * cannot be read is moved aside (never overwritten) and the user starts with an empty memory.
 */
export class UserMemoryStore {
  private readonly dir: string;
  private readonly log: Logger;
  /** Writes per user run one after another. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(options: UserMemoryStoreOptions) {
    this.dir = options.dir;
    this.log = options.log;
  }

  fileOf(userId: string): string {
    return path.join(this.dir, `${checkUserId(userId)}.json`);
  }

  async load(userId: string): Promise<UserMemory> {
    const file = this.fileOf(userId);
    await this.writes.get(userId);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { facts: [] };
      // A folder in its place, or no permission: nothing to move aside safely; say which file.
      throw new CarebotError(
        'USER_INVALID',
        `${file}: cannot read user '${userId}' memory file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); fix or remove it`,
        { cause: error },
      );
    }
    let problem: string;
    try {
      const parsed = fileSchema.safeParse(JSON.parse(text));
      if (parsed.success && parsed.data.userId === userId) {
        const { facts, policyState } = parsed.data;
        return { facts, ...(policyState ? { policyState } : {}) };
      }
      const issue = parsed.error?.issues[0];
      // A file copied from another user would tell this user someone else's memories.
      problem = parsed.success
        ? `it holds the memory of user '${parsed.data.userId.slice(0, 80)}'`
        : `${issue?.path.join('.') || '(top level)'}: ${issue?.message}`;
    } catch (error) {
      problem = (error as Error).message;
    }
    const aside = `${file}.unreadable-${Date.now()}`;
    await rename(file, aside).catch((cause: unknown) => {
      throw new CarebotError(
        'USER_INVALID',
        `${file}: ${problem}; and it cannot be moved aside (${(cause as Error).message})`,
        { cause },
      );
    });
    this.log.warn(
      `${file}: ${problem}; moved it to ${aside} and starting user '${userId}' with an empty memory`,
    );
    return { facts: [] };
  }

  /** Saves a copy of the memory now (later calls for the same user wait for earlier ones). */
  save(userId: string, memory: UserMemory): Promise<void> {
    const file = this.fileOf(userId);
    const body = `${JSON.stringify(
      { format: FORMAT, userId, updatedAt: new Date().toISOString(), ...memory },
      null,
      1,
    )}\n`;
    const previous = this.writes.get(userId) ?? Promise.resolve();
    const write = previous.then(() => this.writeAtomically(file, body));
    this.writes.set(
      userId,
      write.catch(() => undefined),
    );
    return write;
  }

  private async writeAtomically(file: string, body: string): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(body, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  }
}
