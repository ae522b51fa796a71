import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { CarebotConfig } from '../../config/carebot-config.ts';
import { CarebotError } from '../../core/carebot-error.ts';
import { createLogger } from '../../log/logger.ts';
import { SimulatorRobot } from '../../robot/simulator/simulator-robot.ts';
import { createRuntime } from '../../runtime/create-runtime.ts';

/** Options of `carebot sim`. */
export interface SimOptions {
  /** TCP port; 0 picks a free one. Default: 8080. */
  port?: number;
  /** Interface to listen on. Default: 127.0.0.1. */
  host?: string;
  /** Where the address to open is printed. */
  output: Writable;
  /** Resolves when the server should stop. Default: on SIGINT or SIGTERM. */
  until?: Promise<unknown>;
}

/** Reads `--port`: a whole number from 0 to 65535 (0: any free port). Default: 8080. */
export function parsePort(value: string | undefined): number {
  if (value === undefined) return 8080;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new CarebotError('USAGE', `--port must be a whole number from 0 to 65535 (got '${value}')`);
  return port;
}

/** The browser simulator: serves the page, runs the runtime behind it until stopped. */
export async function runSim(config: CarebotConfig, options: SimOptions): Promise<void> {
  const log = createLogger('sim');
  let robot: SimulatorRobot | undefined;
  const runtime = await createRuntime(config, {
    log,
    port: ({ behaviours, profile }) => {
      robot = new SimulatorRobot({
        profile,
        actionIds: behaviours.actionIds(),
        log,
        port: options.port ?? 8080,
        host: options.host ?? '127.0.0.1',
      });
      return robot;
    },
  });
  await runtime.start();
  options.output.write(
    `\ncarebot sim: robot '${runtime.robotName}' is ready. Open this address in a browser (Ctrl+C stops):\n\n    ${robot?.url}\n\n`,
  );
  await (options.until ?? Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]));
  log.info('stopping');
  await runtime.stop();
}
