// Loads the TypeScript child through tsx, as bin/carebot.mjs does.
import { register } from 'tsx/esm/api';

register();
await import('./record-loop.ts');
