import { describe, expect, it } from 'vitest';
import type { PolicyContext } from '../../src/core/policy.ts';
import type { RobotInput } from '../../src/core/robot-input.ts';
import { RulePolicy } from '../../src/model/rule-policy.ts';
import { MID_DIALOGUE_FLAGS } from '../fixtures.ts';

const flags = MID_DIALOGUE_FLAGS;
const base: PolicyContext = { sessionId: 's', lang: 'en', state: 'engaged', slots: {}, memory: [], flags };
const say = (text: string): RobotInput => ({ type: 'user.utterance', text });
const silence: RobotInput = { type: 'robot.event', event: 'silence', data: { seconds: 30 } };

describe('RulePolicy (the baseline)', () => {
  const policy = new RulePolicy();
  const decide = async (input: RobotInput, ctx: Partial<PolicyContext> = {}) =>
    (await policy.decide(input, { ...base, ...ctx })).actionId;

  it('maps events and keyword intents', async () => {
    expect(await decide({ type: 'robot.event', event: 'medication_due' })).toBe('remind_medication');
    expect(await decide({ type: 'robot.event', event: 'person_left' })).toBe('farewell');
    expect(await decide(say('what time is it?'))).toBe('tell_time');
    expect(await decide(say('오늘 무슨 요일이야'))).toBe('tell_date');
    expect(await decide(say('thank you so much'))).toBe('respond_thanks');
    expect(await decide(say('hello!'), { previousAction: 'greet' })).toBe('ask_wellbeing');
    expect(await decide(say('I am scared'), { state: 'emergency' })).toBe('reassure');
  });

  it('follows the spec order on silence: memory, then wellbeing, then family', async () => {
    const fact = {
      kind: 'visit' as const,
      text: 'Minji is visiting',
      lang: 'en' as const,
      saidAt: '',
      recalled: false,
    };
    expect(await decide(silence, { memory: [fact] })).toBe('recall_memory');
    expect(await decide(silence)).toBe('ask_wellbeing');
    expect(await decide(silence, { flags: { ...flags, wellbeingAsked: true } })).toBe('ask_about_family');
    expect(await decide(silence, { flags: { ...flags, feelingsTold: true } })).toBe('ask_about_family');
  });

  it('answers head_touched with greet only when it opens the interaction', async () => {
    const touch: RobotInput = { type: 'robot.event', event: 'head_touched' };
    expect(await decide(touch, { flags: { ...flags, turn: 0 } })).toBe('greet');
    expect(await decide(touch)).toBe('acknowledge');
  });

  it("answers the emergency the tracker detected, and reassures when the user says it's over", async () => {
    const detected = { ...flags, emergencyDetected: true };
    expect(await decide(say("I've fallen and I can't get up"), { flags: detected })).toBe('emergency_help');
    // "I'm alright, I only slipped" inside an emergency resolves it: the tracker does not raise a new one.
    const resolving = say("I'm alright now, I just went down on the rug, I'm up again");
    expect(await decide(resolving, { state: 'emergency', flags: { ...flags, emergencyActive: true } })).toBe(
      'reassure',
    );
  });

  it('never picks an action the mask forbids', async () => {
    const allowed = new Set(['reassure', 'emergency_help']);
    const decision = await policy.decide(say('what time is it'), { ...base, allowed });
    expect(allowed.has(decision.actionId)).toBe(true);
    expect(decision.top.every((t) => allowed.has(t.id))).toBe(true);
  });
});
