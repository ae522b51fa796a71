import type { BabiTurn } from '../corpus/read-babi.ts';
import { type BabiKnowledge, SLOT_TYPES } from './babi-knowledge.ts';
import type { BabiTracker } from './babi-tracker.ts';

/** The user's words with entity values replaced by their type (`in paris` → `in <location>`), so unseen values still match. */
export function typedUtterance(user: string, kb: BabiKnowledge): string {
  if (user === '<SILENCE>') return '<silence>';
  return user
    .toLowerCase()
    .split(/\s+/)
    .map((w) => {
      const slot = kb.slotOf(w);
      return slot ? `${slot}slot` : w;
    })
    .join(' ');
}

/** Size of the bAbI context vector for a template count. */
export function babiContextSize(actionCount: number): number {
  return 3 * SLOT_TYPES.length + 1 + 5 + 1 + 2 * actionCount;
}

/**
 * The bAbI context vector (Hybrid Code Networks' features): which slots are known / don't care,
 * which the user just mentioned, silence, the API results state, the previous template and the
 * mask of templates that can be filled now.
 */
export function babiContext(
  tracker: BabiTracker,
  turn: BabiTurn,
  turnIndex: number,
  previous: number,
  allowed: readonly boolean[],
): Float32Array {
  const values: number[] = [];
  for (const slot of SLOT_TYPES) {
    const value = tracker.slots.get(slot);
    values.push(
      Number(value !== undefined && value !== 'dontcare'),
      Number(value === 'dontcare'),
      Number(tracker.mentioned.has(slot)),
    );
  }
  values.push(Number(turn.user === '<SILENCE>'));
  const unproposed = tracker.results.some((r) => !tracker.proposed.includes(r));
  values.push(
    Number(tracker.results.length > 0),
    Number(tracker.noResult),
    Number(tracker.resultsArrived),
    Number(unproposed),
    Number(tracker.proposed.length > 0),
  );
  values.push(Math.min(turnIndex, 20) / 20);
  for (let a = 0; a < allowed.length; a++) values.push(Number(a === previous));
  for (const ok of allowed) values.push(Number(ok));
  return Float32Array.from(values);
}
