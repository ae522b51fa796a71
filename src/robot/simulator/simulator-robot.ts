import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import type { ActionId } from '../../core/care-action.ts';
import { CARE_EVENTS } from '../../core/care-event.ts';
import { CarebotError } from '../../core/carebot-error.ts';
import type { SessionInput } from '../../core/operator-input.ts';
import type { RobotOutput } from '../../core/robot-output.ts';
import type { Logger } from '../../log/logger.ts';
import type { InputHandler, RobotPort } from '../port.ts';
import type { RobotProfile } from '../profile/robot-profile.ts';
import { bundlePage } from './bundle-page.ts';
import { createPageHandler, URDF_PATH } from './page-handler.ts';
import {
  type ClientToServerEvents,
  LIMITS,
  parseClientMessage,
  parseHandshake,
  type ServerToClientEvents,
  type SimError,
} from './protocol.ts';
import { DEFAULT_RATE_LIMIT, type RateLimit, RateLimiter } from './rate-limiter.ts';
import { generateToken, isLoopbackHost, SimAccess } from './sim-access.ts';

/** Options of the simulator adapter. */
export interface SimulatorRobotOptions {
  /** The robot the page draws (its URDF) and whose joints trajectories name. */
  profile: RobotProfile;
  /** The behaviour library's action ids (the page offers them for corrections). */
  actionIds: readonly ActionId[];
  log: Logger;
  /** TCP port; 0 picks a free one. Default: 8080. */
  port?: number;
  /** Interface to listen on. Default: 127.0.0.1 (any non-loopback address makes the token required for every connection). */
  host?: string;
  /** The secret for operator corrections (and for every connection off loopback). Default: generated, 24 random bytes. */
  token?: string;
  /** Incoming messages allowed per connection. Default: 5 a second, bursts of 10. */
  rate?: RateLimit;
  /** Largest incoming packet in bytes; a larger one closes that connection. Default: 16384. */
  maxMessageBytes?: number;
}

/** What the handshake settled about a connection. */
interface SocketData {
  userId: string | undefined;
  operator: boolean;
}

type SimServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type SimSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * The browser simulator as a robot port: an HTTP server for the page and the URDF, and a
 * socket.io server where every connection (every tab) is its own session. Every incoming payload
 * is validated (protocol.ts); a bad one gets an `error` event back and changes nothing.
 */
export class SimulatorRobot implements RobotPort {
  readonly name = 'simulator';
  readonly access: SimAccess;
  private readonly options: Required<Omit<SimulatorRobotOptions, 'token'>>;
  private readonly actionIds: ReadonlySet<ActionId>;
  private readonly sockets = new Map<string, SimSocket>();
  private readonly endHandlers: Array<(sessionId: string) => void> = [];
  private http: HttpServer | undefined;
  private io: SimServer | undefined;
  private nextSession = 1;

  constructor(options: SimulatorRobotOptions) {
    this.options = {
      port: 8080,
      host: '127.0.0.1',
      rate: DEFAULT_RATE_LIMIT,
      maxMessageBytes: 16_384,
      ...options,
    };
    this.access = new SimAccess({ host: this.options.host, token: options.token ?? generateToken() });
    this.actionIds = new Set(options.actionIds);
  }

  /** The address to open, with the token (like Jupyter's): valid once `start` has resolved. */
  get url(): string {
    const address = this.http?.address() as AddressInfo | null | undefined;
    if (!address) throw new CarebotError('ADAPTER_FAILED', 'the simulator is not listening yet');
    const wildcard = this.options.host === '0.0.0.0' || this.options.host === '::';
    const host = isLoopbackHost(this.options.host) || wildcard ? '127.0.0.1' : this.options.host;
    const shown = host.includes(':') ? `[${host}]` : host;
    return `http://${shown}:${address.port}/?token=${this.access.token}`;
  }

  async start(onInput: InputHandler): Promise<void> {
    const { log, profile } = this.options;
    const assets = await bundlePage();
    const http = createServer(createPageHandler({ assets, urdf: profile.urdf, access: this.access, log }));
    const io: SimServer = new Server(http, {
      serveClient: false,
      maxHttpBufferSize: this.options.maxMessageBytes,
      allowRequest: (request, callback) => {
        const reason = this.access.refuseRequest({
          origin: request.headers.origin,
          host: request.headers.host,
        });
        if (reason) log.warn(`refused a connection: ${reason}`);
        callback(reason ?? null, reason === undefined);
      },
    });
    io.use((socket, next) => {
      const auth = parseHandshake(socket.handshake.auth);
      if (!auth.ok) return next(new Error(auth.error.message));
      const reason = this.access.refuse({
        origin: socket.handshake.headers.origin,
        host: socket.handshake.headers.host,
        token: auth.value.token,
      });
      if (reason) return next(new Error(reason));
      socket.data = { userId: auth.value.userId, operator: this.access.tokenMatches(auth.value.token) };
      next();
    });
    io.on('connection', (socket) => this.accept(socket, onInput));
    this.http = http;
    this.io = io;
    await new Promise<void>((resolve, reject) => {
      http.once('error', (cause: NodeJS.ErrnoException) => {
        const hint = cause.code === 'EADDRINUSE' ? ': it is in use, pick another with --port' : '';
        reject(
          new CarebotError(
            'ADAPTER_FAILED',
            `cannot listen on ${this.options.host}:${this.options.port}${hint} (${cause.code ?? cause.message})`,
            { cause },
          ),
        );
      });
      http.listen(this.options.port, this.options.host, () => resolve());
    });
    http.on('error', (error) => log.error(`http server: ${error.message}`));
    if (!this.access.loopback)
      log.warn(`listening on ${this.options.host}: every connection needs the token in the URL`);
  }

  async publish(sessionId: string, output: RobotOutput): Promise<void> {
    const socket = this.sockets.get(sessionId);
    if (!socket) {
      this.options.log.debug(`session ${sessionId} is gone; dropped ${output.type}`);
      return;
    }
    socket.emit('output', output);
  }

  onSessionEnd(handler: (sessionId: string) => void): void {
    this.endHandlers.push(handler);
  }

  async stop(): Promise<void> {
    const io = this.io;
    this.io = undefined;
    this.http = undefined;
    if (!io) return;
    // io.close() disconnects every socket (ending their sessions) and closes the HTTP server.
    await new Promise<void>((resolve) => {
      io.close(() => resolve());
    });
  }

  private accept(socket: SimSocket, onInput: InputHandler): void {
    const { log, profile } = this.options;
    const sessionId = `sim-${this.nextSession++}`;
    const { userId, operator } = socket.data;
    const limiter = new RateLimiter(this.options.rate);
    this.sockets.set(sessionId, socket);
    log.info(`session ${sessionId} opened (user ${userId ?? 'default'}${operator ? ', operator' : ''})`);
    socket.emit('hello', {
      sessionId,
      ...(userId !== undefined ? { userId } : {}),
      robotName: profile.name,
      jointNames: profile.joints.map((j) => j.name),
      actionIds: [...this.actionIds],
      events: [...CARE_EVENTS],
      operator,
      urdfPath: URDF_PATH,
      limits: LIMITS,
    });
    const refuse = (error: SimError) => {
      log.debug(`session ${sessionId}: refused: ${error.message}`);
      socket.emit('error', error);
    };
    socket.onAny((event: string, ...args: unknown[]) => {
      if (!limiter.take()) {
        refuse({
          code: 'rate_limited',
          message: `too many messages: at most ${this.options.rate.perSecond} a second (bursts of ${this.options.rate.burst}); this one was dropped`,
        });
        return;
      }
      if (event !== 'input') {
        refuse({
          code: 'unknown_event',
          message: `unknown event '${String(event).slice(0, 40)}': send 'input'`,
        });
        return;
      }
      if (args.length !== 1) {
        refuse({ code: 'invalid_payload', message: "'input' takes exactly one message object" });
        return;
      }
      const parsed = parseClientMessage(args[0], { operator, actionIds: this.actionIds });
      if (!parsed.ok) {
        refuse(parsed.error);
        return;
      }
      this.deliver(sessionId, userId, parsed.value, onInput);
      if (parsed.value.type === 'carer.ack' || parsed.value.type === 'operator.correction')
        socket.emit('accepted', {
          type: parsed.value.type,
          ...(parsed.value.type === 'operator.correction' ? { turn: parsed.value.turn } : {}),
        });
    });
    socket.on('disconnect', (reason) => {
      this.sockets.delete(sessionId);
      log.info(`session ${sessionId} closed (${reason})`);
      for (const handler of this.endHandlers) handler(sessionId);
    });
  }

  /** Hands a validated input to the runtime; a handler that throws costs this input only. */
  private deliver(
    sessionId: string,
    userId: string | undefined,
    input: SessionInput,
    onInput: InputHandler,
  ): void {
    const { log } = this.options;
    if (input.type === 'operator.correction')
      log.info(
        `session ${sessionId}: operator correction: turn ${input.turn} → ${input.actionId}${input.text ? ` "${input.text}"` : ''}`,
      );
    else if (input.type === 'carer.ack') log.info(`session ${sessionId}: carer acknowledged`);
    try {
      onInput(sessionId, input, userId !== undefined ? { userId } : {});
    } catch (error) {
      log.error(`session ${sessionId}: the runtime refused ${input.type}: ${(error as Error).message}`);
    }
  }
}
