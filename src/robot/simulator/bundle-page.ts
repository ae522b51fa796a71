import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CarebotError } from '../../core/carebot-error.ts';

/** The page's files, ready to serve. */
export interface PageAssets {
  html: string;
  /** The page's TypeScript with three.js, urdf-loader and socket.io-client, bundled as one ES module. */
  script: string;
  style: string;
}

/** The page's sources (page/main.ts is the entry). */
export const PAGE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'page');

let bundled: Promise<PageAssets> | undefined;

/**
 * Bundles the page with esbuild from the installed packages (no network, no build step before
 * `npm start`). Done once per process; later calls share the result.
 */
export function bundlePage(): Promise<PageAssets> {
  bundled ??= buildPage();
  return bundled;
}

async function buildPage(): Promise<PageAssets> {
  try {
    const [html, style, result] = await Promise.all([
      readFile(path.join(PAGE_DIR, 'index.html'), 'utf8'),
      readFile(path.join(PAGE_DIR, 'style.css'), 'utf8'),
      build({
        entryPoints: [path.join(PAGE_DIR, 'main.ts')],
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        minify: true,
        legalComments: 'none',
        logLevel: 'silent',
      }),
    ]);
    const script = result.outputFiles[0]?.text;
    if (script === undefined) throw new Error('esbuild produced no output');
    return { html, style, script };
  } catch (cause) {
    throw new CarebotError('ADAPTER_FAILED', `cannot build the simulator page: ${(cause as Error).message}`, {
      cause,
    });
  }
}
