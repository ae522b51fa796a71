// A worker thread that trains ensemble members (see train-members.ts): runs the TypeScript
// sources through tsx, as bin/carebot.mjs does.
import { register } from 'tsx/esm/api';

process.env.DOTENV_CONFIG_QUIET ??= 'true';
register();
await import('./member-worker.ts');
