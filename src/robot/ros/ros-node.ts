import { hostname } from 'node:os';
import { CarebotError } from '../../core/carebot-error.ts';
import type { Logger } from '../../log/logger.ts';
import {
  loadRosnodejs,
  type RosMessage,
  type RosMessageClass,
  type Rosnodejs,
  type RosnodejsNodeHandle,
  type RosnodejsSubscriber,
} from './load-rosnodejs.ts';
import { MasterWatchdog, type WatchdogCheck } from './master-watchdog.ts';
import { type MessagePackagesOptions, prepareMessagePackages } from './prepare-message-packages.ts';
import { RosPublisher } from './ros-publisher.ts';

/** Options of RosNode.connect. */
export interface RosNodeOptions {
  /** The node's name (a `__name:=` argument on the command line wins, as roslaunch passes it). */
  name: string;
  /** e.g. http://localhost:11311. */
  masterUri: string;
  log: Logger;
  /**
   * Writes rosnodejs's settings (CMAKE_PREFIX_PATH, ROS_PACKAGE_PATH, ROS_IP) into the process
   * environment, the only place rosnodejs reads them: src/config/set-process-environment.ts.
   */
  setEnvironment: (variables: Record<string, string>) => void;
  /** The address other nodes reach this one at. Default: 127.0.0.1 for a master on loopback, else the host name. */
  host?: string;
  /** How long to look for the master before failing, in ms. Default: 10000. */
  masterTimeoutMs?: number;
  /** Keep looking for the master until it answers (one log line). Default: false. */
  waitForMaster?: boolean;
  /** Time between two checks of the master's registrations, in ms. Default: 1000. */
  watchdogMs?: number;
  /** Where message definitions come from. Default: Debian's and Noetic's share folders. */
  messages?: MessagePackagesOptions;
  /** Unread bytes per subscriber before its messages are skipped. Default: 1 MiB. */
  maxQueuedBytes?: number;
  /** Aborts the start (a signal while waiting for the master). */
  signal?: AbortSignal;
}

/** Messages kept per topic by rosnodejs's own queues (publishers send at once with throttleMs -1). */
const QUEUE_SIZE = 10;
/** One attempt to reach the master while waiting for it, in ms. */
const WAIT_ATTEMPT_MS = 2000;

const LOOPBACK = /^https?:\/\/(localhost|127(\.\d+){3}|\[::1\])(:|\/|$)/;

/** True for a master URI rosnodejs can use: http://HOST:PORT. */
export function isMasterUri(uri: string): boolean {
  return /^https?:\/\/([^\s/:[\]]+|\[[0-9A-Fa-f:.]+\]):\d{1,5}\/?$/.test(uri);
}

/** Is this error rosnodejs's "no master" (as opposed to a broken message definition)? */
const isNoMaster = (error: unknown) => /timed out|master/i.test((error as Error)?.message ?? '');

/**
 * carebot's typed handle on one rosnodejs node: it builds the message folder, sets what rosnodejs
 * reads from the environment, connects with a timeout (or waits for the master), gives typed
 * publishers and subscribers that never queue without bound, re-registers after a master restart
 * and unregisters on shutdown. rosnodejs allows one node per process.
 */
export class RosNode {
  private readonly publishers: RosPublisher[] = [];
  private closed = false;

  private constructor(
    private readonly ros: Rosnodejs,
    private readonly handle: RosnodejsNodeHandle,
    private readonly watchdog: MasterWatchdog,
    private readonly options: RosNodeOptions,
  ) {}

  /** Starts the node; rejects with ADAPTER_FAILED when the master does not answer in time. */
  static async connect(options: RosNodeOptions): Promise<RosNode> {
    const { log, masterUri } = options;
    if (!isMasterUri(masterUri))
      throw new CarebotError(
        'ADAPTER_FAILED',
        `'${masterUri}' is not a ROS master URI (e.g. http://localhost:11311)`,
      );
    const messages = await prepareMessagePackages(options.messages);
    options.setEnvironment({
      CMAKE_PREFIX_PATH: messages.packagePath,
      ROS_PACKAGE_PATH: messages.packagePath,
      ROS_IP: options.host ?? (LOOPBACK.test(masterUri) ? '127.0.0.1' : hostname()),
    });
    let ros: Rosnodejs;
    try {
      ros = await loadRosnodejs();
    } catch (cause) {
      throw new CarebotError('ADAPTER_FAILED', `cannot load rosnodejs: ${(cause as Error).message}`, {
        cause,
      });
    }
    let connecting = true;
    ros.log.clearStreams();
    ros.log.addStream({
      type: 'raw',
      name: 'carebot',
      stream: {
        // rosnodejs is chatty at info; its errors while looking for the master are ours to report.
        write: (record) =>
          record.level >= 50 && !connecting
            ? log.warn(`rosnodejs: ${record.msg}`)
            : log.debug(`rosnodejs: ${record.msg}`),
      },
    });
    const handle = await RosNode.init(ros, options);
    connecting = false;
    const watchdog = new MasterWatchdog({
      node: handle._node,
      masterUri,
      log,
      ...(options.watchdogMs !== undefined ? { intervalMs: options.watchdogMs } : {}),
    });
    watchdog.start();
    log.info(`ROS node ${handle.getNodeName()} is up (master ${masterUri})`);
    return new RosNode(ros, handle, watchdog, options);
  }

  private static async init(ros: Rosnodejs, options: RosNodeOptions): Promise<RosnodejsNodeHandle> {
    const { log, masterUri, signal } = options;
    const timeoutMs = options.masterTimeoutMs ?? 10_000;
    for (let attempt = 0; ; attempt++) {
      // rosnodejs adds its own SIGINT handler per node; the command that owns the process decides.
      const sigint = new Set(process.listeners('SIGINT'));
      try {
        const started = ros.initNode(options.name, {
          rosMasterUri: masterUri,
          timeout: options.waitForMaster ? WAIT_ATTEMPT_MS : timeoutMs,
          onTheFly: true,
          logging: { skipRosLogging: true },
          node: { forceExit: false },
          notime: true,
        });
        for (const listener of process.listeners('SIGINT'))
          if (!sigint.has(listener)) process.removeListener('SIGINT', listener);
        return await started;
      } catch (cause) {
        ros.reset();
        if (!isNoMaster(cause))
          throw new CarebotError('ADAPTER_FAILED', `cannot start the ROS node: ${(cause as Error).message}`, {
            cause,
          });
        if (signal?.aborted)
          throw new CarebotError('ADAPTER_FAILED', 'stopped while waiting for the ROS master', { cause });
        if (!options.waitForMaster)
          throw new CarebotError(
            'ADAPTER_FAILED',
            `no ROS master answered at ${masterUri} within ${timeoutMs / 1000} s: start roscore, point --master (or ROS_MASTER_URI) at the robot's master, or pass --wait-for-master`,
            { cause },
          );
        if (attempt === 0) log.warn(`no ROS master at ${masterUri} yet; waiting for it (--wait-for-master)`);
      }
    }
  }

  /** The node's resolved name (e.g. `/carebot`). */
  get name(): string {
    return this.handle.getNodeName();
  }

  /** A topic name as the node resolves it (namespace and `from:=to` remappings applied). */
  resolve(topic: string): string {
    return this.handle.resolveName(topic);
  }

  /** Advertises a topic of a generated message type (e.g. `std_msgs/String`). */
  advertise(topic: string, type: string, options: { latching?: boolean } = {}): RosPublisher {
    const publisher = new RosPublisher(
      this.handle.advertise(topic, type, {
        queueSize: QUEUE_SIZE,
        throttleMs: -1,
        tcpNoDelay: true,
        latching: options.latching === true,
      }),
      this.messageClass(type),
      {
        topic: this.resolve(topic),
        log: this.options.log,
        ...(this.options.maxQueuedBytes !== undefined ? { maxQueuedBytes: this.options.maxQueuedBytes } : {}),
      },
    );
    this.publishers.push(publisher);
    return publisher;
  }

  /** Subscribes to a topic; a handler that throws is logged, never passed to rosnodejs. */
  subscribe(topic: string, type: string, handler: (message: RosMessage) => void): RosnodejsSubscriber {
    const name = this.resolve(topic);
    const subscriber = this.handle.subscribe(
      topic,
      type,
      (message) => {
        try {
          handler(message);
        } catch (error) {
          this.options.log.error(`${name}: a message could not be handled: ${(error as Error).message}`);
        }
      },
      { queueSize: QUEUE_SIZE, throttleMs: -1, tcpNoDelay: true },
    );
    subscriber.on('error', (error) => this.options.log.warn(`${name}: ${error.message}`));
    return subscriber;
  }

  /** The generated class of a message type. */
  messageClass(type: string): RosMessageClass {
    const [pkg = '', name = ''] = type.split('/');
    const found = this.ros.require(pkg).msg[name];
    if (!found) throw new CarebotError('ADAPTER_FAILED', `no ROS message type ${type} was generated`);
    return found;
  }

  /** Looks at the master's registrations now (the watchdog does it every second). */
  checkMaster(): Promise<WatchdogCheck> {
    return this.watchdog.check();
  }

  /** Messages skipped for slow subscribers, over every topic this node publishes. */
  get dropped(): number {
    return this.publishers.reduce((sum, p) => sum + p.dropped, 0);
  }

  /** Unregisters every topic from the master and closes the node's servers. Safe to call twice. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.watchdog.stop();
    await this.ros.shutdown();
    this.options.log.debug(`ROS node ${this.name} unregistered`);
  }
}
