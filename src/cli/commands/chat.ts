import type { Readable, Writable } from 'node:stream';
import { loadBehaviourLibrary } from '../../behaviours/load-behaviour-library.ts';
import type { CarebotConfig } from '../../config/carebot-config.ts';
import { createLogger } from '../../log/logger.ts';
import { describeBackend, initBackend } from '../../model/backend.ts';
import { RulePolicy } from '../../model/rule-policy.ts';
import { ConsoleRobot } from '../../robot/console/console-robot.ts';
import { loadRobotProfile } from '../../robot/profile/load-robot-profile.ts';
import { CarebotRuntime } from '../../runtime/carebot-runtime.ts';

/** Options of `carebot chat`. */
export interface ChatOptions {
  userSlots: Record<string, string>;
  input: Readable;
  output: Writable;
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
  log.info('policy: rules (the rule-based stand-in: the trained LSTM model is not built yet)');
  const robot = new ConsoleRobot({ input: options.input, output: options.output });
  const runtime = new CarebotRuntime({
    port: robot,
    policy: new RulePolicy(),
    behaviours,
    profile,
    log,
    userSlots: options.userSlots,
  });
  await runtime.start();
  await robot.closed;
  await runtime.stop();
}
