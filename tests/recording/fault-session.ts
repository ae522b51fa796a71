import type { SessionEvent } from '../../src/recording/recording-format.ts';
import { correction, memory, robotAction, stateChange, utterance } from './session-events.ts';

/** Turns a fault-test session runs at most. */
export const FAULT_TURNS = 1500;

/**
 * The events of turn `n` of the fault-test session, the same in the child and the test: an
 * input, state changes, the action; every 7th turn a correction, every 10th a memory snapshot
 * (~6 KB) crossing page boundaries, every 25th a huge one, where a kill can cut a write short.
 */
export function faultTurn(n: number): SessionEvent[] {
  const events: SessionEvent[] = [
    utterance(`turn ${n}: my grandson Tom is visiting on Sunday, 손주 도윤이가 와요`),
    stateChange('engaged.deciding'),
    robotAction(n % 3 === 0 ? 'share_joy' : 'acknowledge', n, { text: `line ${n}` }),
    stateChange('engaged.listening'),
  ];
  if (n % 7 === 3) events.push(correction(n, 'ask_about_family', `corrected ${n}`));
  if (n % 10 === 9) events.push(bigMemory(n, 40));
  // Every 25th: ~0.5 MB, a write long enough for a kill to cut it (the reader's partial last line).
  if (n % 25 === 24) events.push(bigMemory(n, 2000));
  return events;
}

function bigMemory(n: number, facts: number): SessionEvent {
  return memory(
    'u-fault',
    Array.from({ length: facts }, (_, k) => ({ text: `fact ${k} of turn ${n}: ${'x'.repeat(200)}` })),
  );
}
