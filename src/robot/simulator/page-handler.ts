import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../log/logger.ts';
import type { PageAssets } from './bundle-page.ts';
import type { SimAccess } from './sim-access.ts';

/** Where the page fetches the robot's URDF. */
export const URDF_PATH = '/robot.urdf';

const SECURITY_HEADERS = {
  // The token travels in the page's URL: never send it on as a Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data: blob:; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
};

/** A tiny static server for the page, its script and style, and the profile's URDF; nothing else. */
export function createPageHandler(options: {
  assets: PageAssets;
  urdf: string;
  access: SimAccess;
  log: Logger;
}): (request: IncomingMessage, response: ServerResponse) => void {
  const { assets, access, log } = options;
  const files = new Map<string, { type: string; body: string }>([
    ['/', { type: 'text/html; charset=utf-8', body: assets.html }],
    ['/index.html', { type: 'text/html; charset=utf-8', body: assets.html }],
    ['/app.js', { type: 'text/javascript; charset=utf-8', body: assets.script }],
    ['/style.css', { type: 'text/css; charset=utf-8', body: assets.style }],
    [URDF_PATH, { type: 'application/xml; charset=utf-8', body: options.urdf }],
  ]);
  return (request, response) => {
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (!access.hostAllowed(request.headers.host)) {
      log.warn(`refused a request for host '${request.headers.host ?? ''}'`);
      send(403, 'text/plain; charset=utf-8', 'This server answers only to its own address.\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(405, 'text/plain; charset=utf-8', 'Only GET.\n');
      return;
    }
    const pathname = (request.url ?? '/').split('?')[0] ?? '/';
    const file = files.get(pathname);
    if (file) send(200, file.type, file.body);
    else if (pathname === '/favicon.ico') send(204, 'text/plain', '');
    else send(404, 'text/plain; charset=utf-8', 'Not found.\n');
  };
}
