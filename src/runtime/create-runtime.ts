import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import { loadBehaviourLibrary } from '../behaviours/load-behaviour-library.ts';
import type { CarebotConfig } from '../config/carebot-config.ts';
import type { Logger } from '../log/logger.ts';
import { describeBackend, initBackend } from '../model/backend.ts';
import { Recorder } from '../recording/recorder.ts';
import type { RobotPort } from '../robot/port.ts';
import { loadRobotProfile } from '../robot/profile/load-robot-profile.ts';
import type { RobotProfile } from '../robot/profile/robot-profile.ts';
import { UserMemoryStore } from '../users/user-memory-store.ts';
import { CarebotRuntime } from './carebot-runtime.ts';
import { loadPolicy } from './load-policy.ts';
import { UserRegistry } from './user-registry.ts';

/** What a command adds to the configuration when it builds a runtime. */
export interface CreateRuntimeOptions {
  /** The adapter, or a function making it from what was loaded (adapters that need the library or the profile). */
  port: RobotPort | ((loaded: { behaviours: BehaviourLibrary; profile: RobotProfile }) => RobotPort);
  log: Logger;
  /** Use the rule-based baseline instead of the model. Default: false. */
  rules?: boolean;
  /** Slot values about the user given on the command line (user_name, medication, contact). */
  userSlots?: Record<string, string>;
}

/**
 * The one way every command (chat, sim, ros) composes a robot: behaviour library, robot profile,
 * TensorFlow.js backend, policy, user profiles, long-term memory and the session recorder from
 * the configuration, wired to the adapter.
 */
export async function createRuntime(
  config: CarebotConfig,
  options: CreateRuntimeOptions,
): Promise<CarebotRuntime> {
  const { log } = options;
  const [behaviours, loadedProfile, backend] = await Promise.all([
    loadBehaviourLibrary(config.behavioursDir),
    loadRobotProfile(config.profileFile),
    initBackend(config.backend),
  ]);
  log.info(describeBackend(backend));
  const profile = config.generation
    ? { ...loadedProfile, speechMode: config.generation, gestureMode: config.generation }
    : loadedProfile;
  log.info(`lines: ${profile.speechMode}, gestures: ${profile.gestureMode}`);
  const policy = await loadPolicy({
    modelDir: config.modelDir,
    library: behaviours,
    rules: options.rules === true,
    log,
  });
  const users = new UserRegistry({
    log,
    profilesDir: config.usersDir,
    store: new UserMemoryStore({ dir: config.memoryDir, log }),
  });
  return new CarebotRuntime({
    port: typeof options.port === 'function' ? options.port({ behaviours, profile }) : options.port,
    policy,
    behaviours,
    profile,
    log,
    users,
    defaultUserId: config.defaultUser,
    recorder: new Recorder({ dir: config.recordingsDir, log: log.child('recording') }),
    profileFile: config.profileFile,
    timing: { silenceMs: config.silenceSeconds * 1000, latencyBudgetMs: config.latencyBudgetMs },
    ...(options.userSlots ? { userSlots: options.userSlots } : {}),
  });
}
