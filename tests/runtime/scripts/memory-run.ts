// One process of the cross-process memory test: `tell DIR` tells the robot a fact and exits;
// `recall DIR` starts fresh, lets silence pass and prints what the robot said.
import { createLogger } from '../../../src/log/logger.ts';
import { UserRegistry } from '../../../src/runtime/user-registry.ts';
import { UserMemoryStore } from '../../../src/users/user-memory-store.ts';
import { defaultModel, runtimeHarness } from '../runtime-harness.ts';

const [mode, dir] = process.argv.slice(2);
if (!dir || (mode !== 'tell' && mode !== 'recall')) throw new Error('usage: memory-run tell|recall DIR');
const log = createLogger('memory-run', () => {});
const users = new UserRegistry({ log, store: new UserMemoryStore({ dir, log }) });
const h = await runtimeHarness({ policy: await defaultModel(), users });
await h.turn({ type: 'robot.event', event: 'person_arrived' }, 's', 'rose');
if (mode === 'tell') await h.say('My granddaughter Amy is getting married in June!', 's', 'rose');
else await h.advance(h.timing.silenceMs);
await h.runtime.stop();
process.stdout.write(`${JSON.stringify(h.actions().map((a) => ({ id: a.actionId, text: a.text })))}\n`);
