/**
 * The parts of rosnodejs 3.1 carebot uses, typed by hand: the package's own .d.ts files do not
 * match its JavaScript (../shared/notes/ros.md, note 10). This is the only file that imports
 * rosnodejs, and it does so lazily: rosnodejs throws on import unless CMAKE_PREFIX_PATH is set.
 */
import type { Socket } from 'node:net';

/** A ROS message as rosnodejs builds and reads it (snake_case fields). */
export type RosMessage = Record<string, unknown>;

/** A class generated from a .msg file (`rosnodejs.require('std_msgs').msg.String`). */
export interface RosMessageClass {
  new (values?: RosMessage): RosMessage;
  datatype(): string;
  md5sum(): string;
}

/** Publisher options rosnodejs understands. */
export interface RosnodejsPublisherOptions {
  queueSize: number;
  /** -1 publishes at once (no 1 ms spinner throttle). */
  throttleMs: number;
  latching?: boolean;
  tcpNoDelay?: boolean;
}

/** Subscriber options rosnodejs understands. */
export interface RosnodejsSubscriberOptions {
  queueSize: number;
  throttleMs: number;
  tcpNoDelay?: boolean;
}

/** rosnodejs's publisher (and, through `_impl`, its per-topic implementation). */
export interface RosnodejsPublisher {
  publish(message: RosMessage, throttleMs?: number): void;
  getNumSubscribers(): number;
  on(event: 'connection', handler: (header: Record<string, string>, clientName: string) => void): void;
  on(event: 'error', handler: (error: Error) => void): void;
  on(event: 'disconnect' | 'registered', handler: () => void): void;
  shutdown(): Promise<unknown>;
  /** Internal: the connected subscribers' sockets by client name. */
  _impl: { _subClients: Record<string, Socket> } | null;
}

/** rosnodejs's subscriber. */
export interface RosnodejsSubscriber {
  getNumPublishers(): number;
  on(event: 'message', handler: (message: RosMessage) => void): void;
  on(event: 'connection', handler: (header: Record<string, string>, clientName: string) => void): void;
  on(event: 'error', handler: (error: Error) => void): void;
  shutdown(): Promise<unknown>;
}

/** What the master answers to getSystemState: topic (or service) → node names. */
export interface RosSystemState {
  publishers: Record<string, string[]>;
  subscribers: Record<string, string[]>;
  services: Record<string, string[]>;
}

/** Options of a master API call; `maxAttempts: 1` fails at once when the master is down. */
export interface MasterCallOptions {
  maxAttempts?: number;
}

/** rosnodejs's RosNode (internal): registrations, used by the master watchdog. */
export interface RosnodejsNode {
  getNodeName(): string;
  getSystemState(options?: MasterCallOptions): Promise<RosSystemState>;
  registerPublisher(topic: string, type: string, options?: MasterCallOptions): Promise<unknown>;
  registerSubscriber(
    topic: string,
    type: string,
    options?: MasterCallOptions,
  ): Promise<[number, string, string[]]>;
  registerService(service: string, options?: MasterCallOptions): Promise<unknown>;
  isShutdown(): boolean;
  _publishers: Record<string, { getType(): string }>;
  _subscribers: Record<
    string,
    {
      getType(): string;
      /** Connects to listed publishers not connected yet, disconnects the others. */
      _handlePublisherUpdate(publishers: string[]): void;
      _pubClients: Record<string, unknown>;
    }
  >;
  _services: Record<string, unknown>;
}

/** rosnodejs's NodeHandle. */
export interface RosnodejsNodeHandle {
  advertise(topic: string, type: string, options: RosnodejsPublisherOptions): RosnodejsPublisher;
  subscribe(
    topic: string,
    type: string,
    callback: (message: RosMessage) => void,
    options: RosnodejsSubscriberOptions,
  ): RosnodejsSubscriber;
  getNodeName(): string;
  /** Resolves a name against the node's namespace and applies `from:=to` remappings. */
  resolveName(name: string): string;
  _node: RosnodejsNode;
}

/** A bunyan record as rosnodejs's loggers emit it. */
export interface RosnodejsLogRecord {
  level: number;
  msg: string;
  name?: string;
}

/** Options of initNode. */
export interface InitNodeOptions {
  rosMasterUri: string;
  /** ms; -1 retries forever, 0 tries once. */
  timeout: number;
  onTheFly: boolean;
  logging: { skipRosLogging?: boolean; waitOnRosOut?: boolean };
  node: { forceExit?: boolean };
  notime?: boolean;
}

/** The rosnodejs module. */
export interface Rosnodejs {
  initNode(name: string, options: InitNodeOptions): Promise<RosnodejsNodeHandle>;
  /** Forgets the node so initNode can be called again (after a failed start). */
  reset(): void;
  shutdown(): Promise<unknown>;
  require(messagePackage: string): { msg: Record<string, RosMessageClass | undefined> };
  log: {
    clearStreams(): void;
    addStream(stream: {
      type: 'raw';
      name: string;
      stream: { write(record: RosnodejsLogRecord): void };
    }): void;
    setLevel(level: string): void;
  };
}

let loaded: Promise<Rosnodejs> | undefined;

/**
 * Imports rosnodejs once. The process environment must already hold CMAKE_PREFIX_PATH (read on
 * import) and ROS_PACKAGE_PATH (read when initNode generates messages).
 */
export function loadRosnodejs(): Promise<Rosnodejs> {
  loaded ??= import('rosnodejs').then(
    (module) => (module.default ?? module) as unknown as Rosnodejs,
    (error: unknown) => {
      loaded = undefined;
      throw error;
    },
  );
  return loaded;
}
