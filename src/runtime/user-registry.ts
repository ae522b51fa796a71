import type { UserProfile } from '../core/user-profile.ts';
import type { Logger } from '../log/logger.ts';
import { loadUserProfile } from '../users/load-user-profile.ts';
import type { UserMemory, UserMemoryStore } from '../users/user-memory-store.ts';

/** A user with open sessions: the profile and the memory their sessions share. */
export interface UserEntry {
  profile: UserProfile;
  memory: UserMemory;
  sessions: number;
}

/** Options of the registry; without a folder or a store, users live in this process only. */
export interface UserRegistryOptions {
  log: Logger;
  /** Folder of `<userId>.yaml` profiles. Default: none (empty profiles). */
  profilesDir?: string;
  /** Long-term memory on disk. Default: none (memory lasts as long as the process). */
  store?: UserMemoryStore;
}

/**
 * Users of the running robot: each is loaded once (profile + long-term memory) and shared by
 * all their sessions, so two tabs of one user see the same memory.
 */
export class UserRegistry {
  private readonly o: UserRegistryOptions;
  private readonly users = new Map<string, Promise<UserEntry>>();

  constructor(options: UserRegistryOptions) {
    this.o = options;
  }

  async acquire(userId: string): Promise<UserEntry> {
    let entry = this.users.get(userId);
    if (!entry) {
      entry = this.load(userId);
      this.users.set(userId, entry);
      entry.catch(() => this.users.delete(userId));
    }
    const user = await entry;
    user.sessions += 1;
    return user;
  }

  /** A session of the user ended: its policy state is kept and the memory saved. */
  async release(user: UserEntry, policyState?: UserMemory['policyState']): Promise<void> {
    user.sessions -= 1;
    if (policyState) user.memory.policyState = policyState;
    await this.save(user);
    // Keep in-process memory when there is no store: it is the only copy.
    if (user.sessions === 0 && this.o.store) this.users.delete(user.profile.id);
  }

  async save(user: UserEntry): Promise<void> {
    await this.o.store?.save(user.profile.id, user.memory);
  }

  private async load(userId: string): Promise<UserEntry> {
    const [profile, memory] = await Promise.all([
      this.o.profilesDir
        ? loadUserProfile(this.o.profilesDir, userId)
        : Promise.resolve({ id: userId, slots: {}, schedule: [] }),
      this.o.store ? this.o.store.load(userId) : Promise.resolve({ facts: [] }),
    ]);
    return { profile, memory, sessions: 0 };
  }
}
