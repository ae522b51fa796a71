import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../../src/core/policy.ts';
import { createLogger } from '../../src/log/logger.ts';
import { UserRegistry } from '../../src/runtime/user-registry.ts';
import { EMERGENCY_PHRASINGS } from '../emergency-phrasings.ts';
import { defaultModel, runtimeHarness } from './runtime-harness.ts';

const MINUTE = 60_000;

async function usersWithRose(): Promise<UserRegistry> {
  const dir = await mkdtemp(path.join(tmpdir(), 'carebot-users-'));
  await writeFile(
    path.join(dir, 'rose.yaml'),
    'name: Rose\nmedication: heart pills\ncontact: your son Jim\nschedule:\n  - { at: "09:30", event: medication_due, medication: heart pills }\n',
  );
  return new UserRegistry({ log: createLogger('test', () => {}), profilesDir: dir });
}

describe('whole conversations through the care machine with the shipped model (simulated clock)', () => {
  let model: Policy;
  beforeAll(async () => {
    model = await defaultModel();
  });

  it('greets, reminds and confirms the medication on schedule, takes the initiative on silence, holds an emergency until a carer acknowledges, says goodbye', async () => {
    const h = await runtimeHarness({ policy: model, users: await usersWithRose() });
    const says = (text: string) => h.say(text, 's', 'rose');

    const hello = await h.turn({ type: 'robot.event', event: 'person_arrived' }, 's', 'rose');
    expect(hello).toMatchObject({ actionId: 'greet', state: 'engaged' });
    expect(hello?.text).toContain('Rose');
    expect((await says('Good morning! My grandson Tom is visiting on Sunday.'))?.actionId).toBe('share_joy');

    // Silence: the robot speaks first, and recalls what Rose told it.
    await h.advance(h.timing.silenceMs);
    expect(h.states()).toContain('initiative.deciding');
    const initiative = h.actions().at(-1);
    expect(initiative?.actionId).toBe('recall_memory');
    expect(initiative?.text).toMatch(/Tom/);

    // 09:30 comes: the schedule raises medication_due.
    const before = h.actions().length;
    h.clock.set(new Date('2026-11-24T09:30:00').getTime());
    await h.runtime.settled('s');
    const reminder = h.actions()[before];
    expect(reminder).toMatchObject({ actionId: 'remind_medication' });
    expect(reminder?.text).toContain('heart pills');
    h.clock.increment(10_000);
    expect((await says("Right, I've taken my heart pills now."))?.actionId).toBe('confirm_medication');

    // A fall in the middle of small talk.
    expect((await says('The garden looks lovely this morning.'))?.state).toBe('engaged');
    const fall = await says("Oh no, I've slipped on the rug and I can't get up");
    expect(fall).toMatchObject({ actionId: 'emergency_help', state: 'emergency' });
    expect(fall?.alert?.reason).toContain('slipped');
    // Ten minutes pass: the emergency holds (no timer ends it); the robot keeps reassuring.
    const inEmergency = h.actions().length;
    for (let i = 0; i < 20; i++) await h.advance(30_000);
    expect(h.runtime.statePath('s')).toMatch(/^emergency\./);
    const meanwhile = h.actions().slice(inEmergency);
    expect(meanwhile.length).toBeGreaterThan(5);
    expect(meanwhile.every((a) => a.actionId === 'reassure' || a.actionId === 'emergency_help')).toBe(true);
    expect((await says('what time is it?'))?.actionId).toBe('reassure');
    // The carer acknowledges: back to the conversation.
    expect(await h.turn({ type: 'carer.ack', by: 'nurse station' })).toBeUndefined();
    expect(h.runtime.statePath('s')).toBe('engaged.listening');
    expect((await says('What time is it?'))?.actionId).toBe('tell_time');

    const bye = await says('Goodbye, I am off to bed now');
    expect(['farewell', 'say_goodnight']).toContain(bye?.actionId);
    expect(h.runtime.statePath('s')).toBe('closing');
    await h.advance(h.timing.closingMs);
    expect(h.runtime.statePath('s')).toBe('idle');
    expect(h.actions().map((a) => a.turn)).toEqual(h.actions().map((_, i) => i));
  });

  it('in Korean: an emergency ends when the user clearly says they are fine', async () => {
    const h = await runtimeHarness({ policy: model });
    expect((await h.say('안녕하세요'))?.actionId).toBe('greet');
    const fall = await h.say('아이고, 화장실에서 넘어졌어요');
    expect(fall).toMatchObject({ actionId: 'emergency_help', lang: 'ko' });
    expect((await h.say('무서워요'))?.actionId).toBe('reassure');
    await h.advance(5 * MINUTE);
    expect(h.runtime.statePath('s')).toMatch(/^emergency\./);
    expect((await h.say('이제 괜찮아요, 혼자 일어났어요'))?.actionId).toBe('reassure');
    expect(h.runtime.statePath('s')).toBe('engaged.listening');
    expect((await h.say('잘 자요'))?.actionId).toBe('say_goodnight');
    expect(h.runtime.statePath('s')).toBe('closing');
  });

  describe('every phrasing of the emergency table reaches emergency_help with an alert', () => {
    /** A policy that always scores `acknowledge` first, whatever the mask: its scores must not matter. */
    const stubborn: Policy = {
      id: 'stubborn',
      endSession: () => {},
      decide: async () => ({ actionId: 'acknowledge', top: [{ id: 'acknowledge', score: 1 }] }),
    };
    const all = [...EMERGENCY_PHRASINGS.en, ...EMERGENCY_PHRASINGS.ko];
    it('the table has at least 40 phrasings, half Korean', () => {
      expect(all.length).toBeGreaterThanOrEqual(40);
      expect(EMERGENCY_PHRASINGS.ko.length).toBeGreaterThanOrEqual(all.length / 2);
    });
    it.each(['shipped model', 'policy that never picks it'])('with the %s', async (which) => {
      const h = await runtimeHarness({ policy: which === 'shipped model' ? model : stubborn });
      const missed: string[] = [];
      for (const [i, text] of all.entries()) {
        const session = `e${i}`;
        await h.say(/[가-힣]/.test(text) ? '오늘 날씨가 좋네요' : 'The weather is nice today', session);
        const action = await h.say(text, session);
        if (action?.actionId !== 'emergency_help' || !action.alert || action.state !== 'emergency')
          missed.push(text);
        expect(h.runtime.statePath(session)).toMatch(/^emergency\./);
      }
      expect(missed).toEqual([]);
    });
  });
});
