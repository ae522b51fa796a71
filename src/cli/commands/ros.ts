import { once } from 'node:events';
import type { CarebotConfig } from '../../config/carebot-config.ts';
import { setProcessEnvironment } from '../../config/set-process-environment.ts';
import { CarebotError } from '../../core/carebot-error.ts';
import { createLogger } from '../../log/logger.ts';
import { loadRobotProfile } from '../../robot/profile/load-robot-profile.ts';
import { isMasterUri } from '../../robot/ros/ros-node.ts';
import { RosRobot } from '../../robot/ros/ros-robot.ts';
import { createRuntime } from '../../runtime/create-runtime.ts';

/** Options of `carebot ros`. */
export interface RosCommandOptions {
  /** The master's URI. Default: the configuration's (ROS_MASTER_URI, else http://localhost:11311). */
  master?: string;
  /** Keep trying until a master answers. Default: false. */
  waitForMaster?: boolean;
  /** Seconds to look for the master before failing. Default: 10. */
  masterTimeoutSeconds?: number;
  /** ROS `name:=value` arguments (`__name:=carebot`, remaps); checked here, read from argv by rosnodejs. Default: none. */
  rosArgs?: readonly string[];
  /** Resolves when the node should stop. Default: on SIGINT or SIGTERM. */
  until?: Promise<unknown>;
}

/** Reads `--master-timeout`: seconds, a positive number. Default: 10. */
export function parseMasterTimeout(value: string | undefined): number {
  if (value === undefined) return 10;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || seconds <= 0)
    throw new CarebotError('USAGE', `--master-timeout must be a number of seconds above 0 (got '${value}')`);
  return seconds;
}

/**
 * A ROS node for a real robot: topics from the robot profile, the runtime behind them, until
 * SIGINT or SIGTERM (then every session ends and the node unregisters from the master).
 */
export async function runRos(config: CarebotConfig, options: RosCommandOptions = {}): Promise<void> {
  const wrong = options.rosArgs?.find((arg) => !/^[~/A-Za-z_][\w/~]*:=.*$/.test(arg));
  if (wrong !== undefined)
    throw new CarebotError('USAGE', `--ros-arg takes NAME:=VALUE, as roslaunch passes it (got '${wrong}')`);
  const masterUri = options.master ?? config.rosMasterUri;
  if (!isMasterUri(masterUri))
    throw new CarebotError(
      'USAGE',
      `'${masterUri}' is not a ROS master URI (e.g. http://localhost:11311), from ${options.master ? '--master' : 'ROS_MASTER_URI or the config'}`,
    );
  const log = createLogger('ros');
  const profile = await loadRobotProfile(config.profileFile);
  const robot = new RosRobot({
    profile,
    log,
    userId: config.defaultUser,
    ros: {
      masterUri,
      ...(config.rosHost ? { host: config.rosHost } : {}),
      setEnvironment: setProcessEnvironment,
      masterTimeoutMs: (options.masterTimeoutSeconds ?? 10) * 1000,
      waitForMaster: options.waitForMaster === true,
    },
  });
  const stopping = options.until ?? Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  const runtime = await createRuntime(config, { port: robot, log });
  const started = runtime.start().then(() => 'started' as const);
  if ((await Promise.race([started, stopping.then(() => 'stop' as const)])) === 'stop') {
    log.info('stopping before the node started');
    await runtime.stop();
    await started.catch(() => undefined);
    return;
  }
  log.info(`ready: talking as user '${config.defaultUser}' (Ctrl+C stops)`);
  await stopping;
  log.info('stopping: ending the session and unregistering from the ROS master');
  await runtime.stop();
}
