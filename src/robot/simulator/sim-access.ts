import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh secret for one server run: 24 random bytes, base64url (32 characters). */
export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

/** True for names and addresses of this machine's loopback interface. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The hostname of a Host header or an Origin, or undefined when it does not parse. */
function hostnameOf(value: string, withScheme: boolean): string | undefined {
  try {
    return new URL(withScheme ? value : `http://${value}`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Who may use the simulator (issue 9). On loopback anyone on this machine may chat, but only
 * holders of the token may label turns; bound elsewhere, every connection needs the token.
 * Browsers must come from the page's own origin, and on loopback the Host must name loopback
 * (so a page of another site that rebinds its DNS name to 127.0.0.1 is refused).
 */
export class SimAccess {
  readonly token: string;
  /** The server listens on loopback only. */
  readonly loopback: boolean;
  private readonly digest: Buffer;

  constructor(options: { host: string; token: string }) {
    this.token = options.token;
    this.loopback = isLoopbackHost(options.host);
    this.digest = createHash('sha256').update(options.token).digest();
  }

  /** Compares in constant time. */
  tokenMatches(candidate: unknown): boolean {
    if (typeof candidate !== 'string' || candidate.length === 0) return false;
    return timingSafeEqual(createHash('sha256').update(candidate).digest(), this.digest);
  }

  /** The Host header names this server as a browser on this machine reaches it. */
  hostAllowed(hostHeader: string | undefined): boolean {
    if (!this.loopback) return true;
    const name = hostHeader === undefined ? undefined : hostnameOf(hostHeader, false);
    return name !== undefined && isLoopbackHost(name);
  }

  /**
   * A request without an Origin comes from a program, not a browser page, and is let through (the
   * token still guards what it guards); a browser's Origin must be the page's own (same host and port).
   */
  originAllowed(origin: string | undefined, hostHeader: string | undefined): boolean {
    if (origin === undefined) return true;
    if (hostHeader === undefined) return false;
    try {
      const url = new URL(origin);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === hostHeader.toLowerCase();
    } catch {
      return false;
    }
  }

  /**
   * Why a transport request (the HTTP request or WebSocket upgrade under a connection) is refused:
   * host and origin only. The token travels later, in the socket.io handshake (`refuse`); asking
   * for it here refused every connection, even the operator's, of a server bound beyond loopback.
   */
  refuseRequest(request: { origin?: string; host?: string }): string | undefined {
    if (!this.hostAllowed(request.host)) return `host '${request.host ?? ''}' is not this server`;
    if (!this.originAllowed(request.origin, request.host))
      return `origin '${request.origin ?? ''}' is not this server's page`;
    return undefined;
  }

  /** Why a connection (the socket.io handshake, with its token) is refused, or undefined when it may proceed. */
  refuse(request: { origin?: string; host?: string; token?: unknown }): string | undefined {
    const refused = this.refuseRequest(request);
    if (refused) return refused;
    if (!this.loopback && !this.tokenMatches(request.token))
      return 'this server is reachable from other machines: open the URL with ?token=... that carebot sim printed';
    return undefined;
  }
}
