/**
 * The utterance path with the shipped default model (tracker, NLU, featurizer, LSTM, lines,
 * trajectories) on text nobody would type: mixed Korean and English, emoji, control characters,
 * lone surrogates, megabytes. The robot must answer every turn with a line and a gesture, and
 * never throw. (Tests assert behaviour, not time; a 200,000-letter word used to take a minute.)
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../../src/core/policy.ts';
import type { RobotAction } from '../../src/core/robot-action.ts';
import { defaultModel, runtimeHarness } from '../runtime/runtime-harness.ts';
import { hostileText } from './hostile-input.ts';

let policy: Policy;
beforeAll(async () => {
  policy = await defaultModel();
});

/** What every answer must be, whatever was said. */
function wellFormed(action: RobotAction | undefined, jointCount: number): void {
  expect(action?.type).toBe('robot.action');
  expect(action?.text.trim().length).toBeGreaterThan(0);
  expect(['en', 'ko']).toContain(action?.lang);
  const trajectory = action?.gesture.trajectory;
  expect(trajectory?.jointNames).toHaveLength(jointCount);
  for (const point of trajectory?.points ?? []) expect(point.positions.every(Number.isFinite)).toBe(true);
}

describe('utterances on arbitrary input, through the runtime with the default model (fast-check)', () => {
  it('answers every turn of dialogues of hostile text, in one session after another', async () => {
    const h = await runtimeHarness({ policy });
    const joints = (await h.runtime.respond('warm-up', { type: 'user.utterance', text: 'hello' }))?.gesture
      .trajectory.jointNames.length;
    let session = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(hostileText(600), { minLength: 1, maxLength: 6 }), async (lines) => {
        const id = `s${session++}`;
        for (const text of lines) {
          // A blank utterance may pass without a turn (nothing was said); anything else is answered.
          const action = await h.say(text, id);
          if (action || text.trim() !== '') wellFormed(action, joints ?? 0);
        }
        await h.runtime.endSession(id);
      }),
      { numRuns: 60 },
    );
  });

  it('answers oversized utterances: long words, long lines, a megabyte', async () => {
    const h = await runtimeHarness({ policy });
    const huge = [
      'x'.repeat(200_000), // one "word": Porter stemming was quadratic in its length
      'help me '.repeat(125_000),
      '넘어졌어요'.repeat(20_000),
      '👨‍👩‍👧'.repeat(20_000),
      '\ud800'.repeat(50_000),
      'a\u0301'.repeat(50_000),
      `${'my grandson Tom is visiting '.repeat(2000)}!`,
    ];
    for (const [i, text] of huge.entries()) {
      const action = await h.say(text, `big-${i}`);
      wellFormed(action, action?.gesture.trajectory.jointNames.length ?? -1);
    }
  });
});
