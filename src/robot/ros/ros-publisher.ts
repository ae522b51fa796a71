import type { Socket } from 'node:net';
import type { Logger } from '../../log/logger.ts';
import type { RosMessage, RosMessageClass, RosnodejsPublisher } from './load-rosnodejs.ts';

/** Bytes a subscriber may leave unread before its messages are dropped. Default for RosPublisher. */
export const DEFAULT_MAX_QUEUED_BYTES = 1024 * 1024;

/** Options of a RosPublisher. */
export interface RosPublisherOptions {
  topic: string;
  log: Logger;
  /** Unread bytes per subscriber connection before its messages are dropped. Default: DEFAULT_MAX_QUEUED_BYTES (1 MiB). */
  maxQueuedBytes?: number;
}

interface Client {
  socket: Socket;
  dropped: number;
}

/**
 * A typed publisher: builds each message with its generated class (rosnodejs crashes on partial
 * plain objects) and bounds what a slow subscriber costs. rosnodejs writes every message straight
 * to each subscriber's socket, so a subscriber that stops reading makes Node buffer without end;
 * here a connection holding more than `maxQueuedBytes` unread skips messages until it catches up
 * (like roscpp's per-connection queue), and the drop is logged once per episode.
 */
export class RosPublisher {
  readonly topic: string;
  private readonly maxQueuedBytes: number;
  private readonly clients = new Map<string, Client>();
  private droppedTotal = 0;

  constructor(
    private readonly publisher: RosnodejsPublisher,
    private readonly messageClass: RosMessageClass,
    private readonly options: RosPublisherOptions,
  ) {
    this.topic = options.topic;
    this.maxQueuedBytes = options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
    publisher.on('error', (error) => options.log.error(`${this.topic}: cannot publish: ${error.message}`));
    publisher.on('connection', (_header, name) => this.bound(name));
  }

  /** Sends one message to every subscriber; false when the fields do not make a message. */
  publish(fields: RosMessage): boolean {
    let message: RosMessage;
    try {
      message = new this.messageClass(fields);
    } catch (error) {
      this.options.log.error(
        `${this.topic}: not a ${this.messageClass.datatype()}: ${(error as Error).message}`,
      );
      return false;
    }
    this.publisher.publish(message);
    return true;
  }

  /** Subscribers connected now. */
  get subscribers(): number {
    return this.publisher.getNumSubscribers();
  }

  /** Messages skipped for slow subscribers since the start. */
  get dropped(): number {
    return this.droppedTotal;
  }

  /** The most bytes any one subscriber leaves unread right now. */
  get queuedBytes(): number {
    let most = 0;
    for (const { socket } of this.clients.values()) most = Math.max(most, socket.writableLength);
    return most;
  }

  /** Stops sending and unregisters the topic (the node's shutdown does it for every topic too). */
  async shutdown(): Promise<void> {
    this.clients.clear();
    await this.publisher.shutdown();
  }

  private bound(name: string): void {
    const socket = this.publisher._impl?._subClients[name];
    if (!socket || this.clients.has(name)) return;
    const client: Client = { socket, dropped: 0 };
    this.clients.set(name, client);
    socket.once('close', () => this.clients.delete(name));
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    const { log } = this.options;
    socket.write = ((...args: unknown[]) => {
      if (socket.writableLength > this.maxQueuedBytes) {
        if (client.dropped === 0)
          log.warn(
            `${this.topic}: subscriber ${name} is not reading (${socket.writableLength} bytes unread); skipping its messages until it catches up`,
          );
        client.dropped += 1;
        this.droppedTotal += 1;
        return false;
      }
      if (client.dropped > 0) {
        log.info(`${this.topic}: subscriber ${name} caught up; ${client.dropped} messages were skipped`);
        client.dropped = 0;
      }
      return write(...args);
    }) as Socket['write'];
  }
}
