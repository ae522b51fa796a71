import type { Logger } from '../../log/logger.ts';
import type { RosnodejsNode } from './load-rosnodejs.ts';

/** Options of a MasterWatchdog. */
export interface MasterWatchdogOptions {
  node: RosnodejsNode;
  masterUri: string;
  log: Logger;
  /** Time between two looks at the master, in ms. Default: 1000. */
  intervalMs?: number;
}

/** What one look at the master found. */
export type WatchdogCheck = 'ok' | 'unreachable' | { reregistered: number };

/**
 * Keeps the node known to the master. rosnodejs registers topics once: after the master restarts,
 * existing connections go on but new nodes never find carebot's topics (../shared/notes/ros.md,
 * note 8). The watchdog asks the master for its system state every `intervalMs` and registers
 * again every publisher, subscriber and service the master no longer lists for this node;
 * re-registered subscribers connect to the publishers the master names.
 */
export class MasterWatchdog {
  private readonly intervalMs: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private checking = false;
  private reachable = true;

  constructor(private readonly options: MasterWatchdogOptions) {
    this.intervalMs = options.intervalMs ?? 1000;
  }

  start(): void {
    this.timer ??= setInterval(() => {
      if (!this.checking) void this.check();
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Looks at the master once and repairs what is missing. Never throws. */
  async check(): Promise<WatchdogCheck> {
    const { node, log, masterUri } = this.options;
    if (node.isShutdown()) return 'ok';
    this.checking = true;
    try {
      const state = await node.getSystemState({ maxAttempts: 1 });
      if (!this.reachable) log.info(`the ROS master at ${masterUri} is back`);
      this.reachable = true;
      const name = node.getNodeName();
      const listed = (table: Record<string, string[]>, topic: string) =>
        table[topic]?.includes(name) === true;
      let reregistered = 0;
      for (const [topic, publisher] of Object.entries(node._publishers)) {
        if (listed(state.publishers, topic)) continue;
        await node.registerPublisher(topic, publisher.getType(), { maxAttempts: 1 });
        reregistered += 1;
      }
      for (const [topic, subscriber] of Object.entries(node._subscribers)) {
        if (listed(state.subscribers, topic)) continue;
        const [, , publishers] = await node.registerSubscriber(topic, subscriber.getType(), {
          maxAttempts: 1,
        });
        // Keep the publishers already connected: nodes from before the restart may never register
        // again, yet their messages still flow (an ASR node going quiet would silence the user).
        subscriber._handlePublisherUpdate([
          ...new Set([...publishers, ...Object.keys(subscriber._pubClients)]),
        ]);
        reregistered += 1;
      }
      for (const service of Object.keys(node._services)) {
        if (listed(state.services, service)) continue;
        await node.registerService(service, { maxAttempts: 1 });
        reregistered += 1;
      }
      if (reregistered === 0) return 'ok';
      log.info(`registered ${reregistered} topics and services again with the ROS master (it had restarted)`);
      return { reregistered };
    } catch (error) {
      if (this.reachable)
        log.warn(
          `lost the ROS master at ${masterUri} (${(error as Error).message}); topics will be registered again when it is back`,
        );
      this.reachable = false;
      return 'unreachable';
    } finally {
      this.checking = false;
    }
  }
}
