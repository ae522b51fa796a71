// The fault test's child: records the fault session turn by turn and reports each completed turn
// on stdout (a pipe: synchronous on Linux) after its appends returned. Run by record-loop.mjs.
import { createLogger } from '../../src/log/logger.ts';
import { Recorder } from '../../src/recording/recorder.ts';
import { FAULT_TURNS, faultTurn } from './fault-session.ts';
import { sessionInfo, steppingClock } from './session-events.ts';

const dir = process.argv[2] ?? 'recordings';
const recorder = new Recorder({
  dir,
  now: steppingClock(),
  carebotVersion: '0.1.0',
  log: createLogger('child'),
});
const recording = recorder.open(sessionInfo('fault', 'u-fault'));
process.stdout.write('ready\n');
for (let turn = 0; turn < FAULT_TURNS; turn++) {
  for (const event of faultTurn(turn)) recording.append(event);
  process.stdout.write(`${turn}\n`);
}
recording.close('done');
