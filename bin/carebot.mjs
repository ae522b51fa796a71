#!/usr/bin/env node
// The `carebot` command: runs the TypeScript sources through tsx (no build step).
import { register } from 'tsx/esm/api';

// natural prints dotenv banners on import unless told not to.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
