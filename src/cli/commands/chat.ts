import type { Readable, Writable } from 'node:stream';
import type { CarebotConfig } from '../../config/carebot-config.ts';
import { createLogger } from '../../log/logger.ts';
import { ConsoleRobot } from '../../robot/console/console-robot.ts';
import { createRuntime } from '../../runtime/create-runtime.ts';

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
  const robot = new ConsoleRobot({ input: options.input, output: options.output });
  const runtime = await createRuntime(config, {
    port: robot,
    log: createLogger('chat'),
    rules: options.rules === true,
    userSlots: options.userSlots,
  });
  await runtime.start();
  await robot.closed;
  await runtime.stop();
}
