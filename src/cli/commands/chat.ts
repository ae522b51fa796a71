import type { Readable, Writable } from 'node:stream';
import { loadBehaviourLibrary } from '../../behaviours/load-behaviour-library.ts';
import type { CarebotConfig } from '../../config/carebot-config.ts';
import { createLogger } from '../../log/logger.ts';
import { describeBackend, initBackend } from '../../model/backend.ts';
import { ConsoleRobot } from '../../robot/console/console-robot.ts';
import { loadRobotProfile } from '../../robot/profile/load-robot-profile.ts';
import { CarebotRuntime } from '../../runtime/carebot-runtime.ts';
import { loadPolicy } from '../../runtime/load-policy.ts';

/** Options of `carebot chat`. */
export interface ChatOptions {
  userSlots: Record<string, string>;
  input: Readable;
  output: Writable;
  /** Use the rule-based baseline instead of the model. */
  rules?: boolean;
}

/** A terminal conversation through the console adapter; resolves when the input ends. */
export async function runChat(config: CarebotConfig, options: ChatOptions): Promise<void> {
  const log = createLogger('chat');
  const [behaviours, profile, backend] = await Promise.all([
    loadBehaviourLibrary(config.behavioursDir),
    loadRobotProfile(config.profileFile),
    initBackend(config.backend),
  ]);
  log.info(describeBackend(backend));
  const policy = await loadPolicy({
    modelDir: config.modelDir,
    library: behaviours,
    rules: options.rules === true,
    log,
  });
  const robot = new ConsoleRobot({ input: options.input, output: options.output });
  const runtime = new CarebotRuntime({
    port: robot,
    policy,
    behaviours,
    profile,
    log,
    userSlots: options.userSlots,
  });
  await runtime.start();
  await robot.closed;
  await runtime.stop();
}
