import { beforeAll, describe, expect, it } from 'vitest';
import type { BehaviourLibrary } from '../../src/behaviours/behaviour-library.ts';
import { loadBehaviourLibrary } from '../../src/behaviours/load-behaviour-library.ts';
import type { CareEventName } from '../../src/core/care-event.ts';
import type { MemoryFact } from '../../src/core/memory-fact.ts';
import type { RobotInput } from '../../src/core/robot-input.ts';
import { DialogueTracker, MAX_FACT_LENGTH } from '../../src/dialogue/dialogue-tracker.ts';
import { factKind, phraseFact } from '../../src/dialogue/phrase-fact.ts';
import { BEHAVIOURS_DIR } from '../helpers.ts';

const say = (text: string): RobotInput => ({ type: 'user.utterance', text });
const event = (name: CareEventName): RobotInput => ({
  type: 'robot.event',
  event: name,
});

describe('DialogueTracker', () => {
  let library: BehaviourLibrary;
  beforeAll(async () => {
    library = await loadBehaviourLibrary(BEHAVIOURS_DIR);
  });

  it('masks by state and event: silence allows the initiative order only, never greet twice in a row', () => {
    const tracker = new DialogueTracker({ library, memory: [] });
    expect(tracker.observe(event('person_arrived')).allowed.has('greet')).toBe(true);
    tracker.commit('greet');
    const afterGreet = tracker.observe(say('hello'));
    expect(afterGreet.allowed.has('greet')).toBe(false);
    expect(afterGreet.allowed.has('ask_wellbeing')).toBe(true);
    tracker.commit('ask_wellbeing');
    const silence = tracker.observe(event('silence'));
    expect(silence.state).toBe('initiative');
    expect([...silence.allowed].sort()).toEqual(['ask_about_family', 'ask_wellbeing', 'remind_hydration']);
  });

  it('lets only the actions of the event table answer an event, and never leaves an event unanswered', () => {
    const tracker = new DialogueTracker({ library, memory: [] });
    const arrived = tracker.observe(event('person_arrived'));
    expect([...arrived.allowed]).toEqual(['greet']);
    tracker.commit('greet');
    // greet twice in a row is forbidden, but person_arrived has no other answer: greet stays.
    expect([...tracker.observe(event('person_arrived')).allowed]).toEqual(['greet']);
    tracker.commit('greet');
    expect([...tracker.observe(event('person_left')).allowed]).toEqual(['farewell']);
    tracker.commit('farewell');
    expect([...tracker.observe(event('medication_due')).allowed]).toEqual(['remind_medication']);
    tracker.commit('remind_medication');
    expect([...tracker.observe(event('head_touched')).allowed].sort()).toEqual(['acknowledge', 'greet']);
    tracker.commit('acknowledge');
    // Inside an emergency events are not narrowed: every turn is reassured.
    tracker.observe(event('fall_detected'));
    tracker.commit('emergency_help');
    expect(tracker.observe(event('hydration_due')).allowed.has('reassure')).toBe(true);
  });

  it('allows confirm_medication after a reminder or when the user speaks of medicine, recall_memory only with memory', () => {
    const tracker = new DialogueTracker({ library, memory: [] });
    expect(tracker.observe(say('done it')).allowed.has('confirm_medication')).toBe(false);
    tracker.commit('acknowledge');
    expect(tracker.observe(say('I took my pills')).allowed.has('confirm_medication')).toBe(true);
    tracker.commit('confirm_medication');
    expect(tracker.observe(say('took two painkillers')).allowed.has('confirm_medication')).toBe(true);
    tracker.commit('confirm_medication');
    expect(tracker.observe(event('medication_due')).allowed.has('remind_medication')).toBe(true);
    tracker.commit('remind_medication');
    expect(tracker.observe(say('done it')).allowed.has('confirm_medication')).toBe(true);
    tracker.commit('confirm_medication');
    expect(tracker.observe(event('silence')).allowed.has('recall_memory')).toBe(false);
  });

  it('overrides emergencies and holds the emergency state until the user is fine', () => {
    const tracker = new DialogueTracker({ library, memory: [] });
    const fall = tracker.observe(event('fall_detected'));
    expect(fall.override).toBe('emergency_help');
    tracker.commit('emergency_help');
    for (const text of ['it hurts', 'where is everyone']) {
      const view = tracker.observe(say(text));
      expect(view.state).toBe('emergency');
      expect([...view.allowed].sort()).toEqual(['emergency_help', 'reassure']);
      tracker.commit('reassure');
    }
    expect(tracker.observe(event('silence')).state).toBe('emergency');
    tracker.commit('reassure');
    expect(tracker.observe(say('가슴이 너무 아파요')).override).toBe('emergency_help');
    tracker.commit('emergency_help');
    // "Help me up" asks for help: it is not the user saying they are fine.
    expect(tracker.observe(say('일으켜 주시오')).override).toBe('emergency_help');
    tracker.commit('emergency_help');
    expect(tracker.observe(say('where is everyone')).state).toBe('emergency');
    tracker.commit('reassure');
    tracker.observe(say("I'm alright now, thank you"));
    tracker.commit('reassure');
    expect(tracker.observe(say('what time is it')).state).toBe('engaged');
  });

  it('keeps the emergency open when "I\'m alright" comes with a problem that is still there', () => {
    for (const [fine, stillFine] of [
      ["I'm alright but I can't get up", "I'm alright now, my son got me up"],
      ['괜찮아 근데 못 일어나겠어', '이제 괜찮아 일어났어'],
    ] as const) {
      const tracker = new DialogueTracker({ library, memory: [] });
      tracker.observe(event('fall_detected'));
      tracker.commit('emergency_help');
      const view = tracker.observe(say(fine));
      expect(view.context.flags.fineAgain).toBe(false);
      tracker.commit('reassure');
      expect(tracker.observe(say('where is everyone')).state).toBe('emergency');
      tracker.commit('reassure');
      tracker.observe(say(stillFine));
      tracker.commit('reassure');
      expect(tracker.observe(say('what time is it')).state).toBe('engaged');
    }
  });

  it('stores facts the policy detects, recalls the newest first, and shares memory across dialogues of a user', () => {
    const memory: MemoryFact[] = [];
    const first = new DialogueTracker({
      library,
      memory,
      lang: 'en',
      now: () => new Date('2026-05-01T09:00:00Z'),
    });
    first.observe(say('I love gardening'));
    first.commit('share_joy', 0.9);
    first.observe(say('Tom is coming on Sunday'));
    first.commit('share_joy', 0.8);
    first.observe(say('nice weather'));
    first.commit('acknowledge', 0.1);
    expect(memory.map((f) => f.text)).toEqual(['you love gardening', 'Tom is coming on Sunday']);
    expect(memory[0]?.saidAt).toBe('2026-05-01T09:00:00.000Z');
    const second = new DialogueTracker({ library, memory, lang: 'en' });
    expect(second.observe(event('silence')).allowed.has('recall_memory')).toBe(true);
    expect(second.memorySlot()).toBe('Tom is coming on Sunday');
    second.commit('recall_memory');
    expect(second.memorySlot()).toBe('you love gardening');
  });

  it('keeps a rambling fact short enough to quote back, cut at a word', () => {
    const tracker = new DialogueTracker({ library, memory: [] });
    tracker.observe({
      type: 'user.utterance',
      text: `my grandson Tom is visiting ${'and we will bake a cake '.repeat(80)}`,
    });
    tracker.commit('share_joy', 0.9);
    const fact = tracker.memory[0]?.text ?? '';
    expect(fact.length).toBeLessThanOrEqual(MAX_FACT_LENGTH + 1);
    expect(fact).toMatch(/^your grandson Tom is visiting and you will bake .*\w…$/);
  });

  it('phrases facts for {memory}', () => {
    expect(phraseFact("Oh, I'm seeing my daughter at the weekend.", 'en')).toBe(
      "you're seeing your daughter at the weekend",
    );
    expect(phraseFact('민지가 토요일에 온대요', 'ko')).toBe('"민지가 토요일에 온대요"라고');
  });
});

describe('recalling facts across languages', () => {
  it('quotes a fact only in the language it was told in, and strips greetings from it', async () => {
    const library = await loadBehaviourLibrary(BEHAVIOURS_DIR);
    const memory: MemoryFact[] = [];
    const tracker = new DialogueTracker({ library, memory, lang: 'en' });
    tracker.observe(say('morning love, my grandson Tom is coming on Saturday!'));
    tracker.commit('share_joy', 0.9);
    expect(memory[0]?.text).toBe('your grandson Tom is coming on Saturday');
    tracker.observe(say('고마워요'));
    tracker.commit('respond_thanks');
    expect(tracker.lang).toBe('ko');
    expect(tracker.memorySlot()).toBeUndefined();
  });
});

describe('phrasing Korean facts', () => {
  it('drops greetings and fillers before quoting', () => {
    expect(phraseFact('안녕하세요 오늘 우리 손녀가 대학교에 합격했어요', 'ko')).toBe(
      '"오늘 우리 손녀가 대학교에 합격했어요"라고',
    );
    expect(phraseFact('아이고 글쎄 우리 영감이 내일 온대', 'ko')).toBe('"우리 영감이 내일 온대"라고');
  });
});

describe('factKind', () => {
  it.each([
    ['My grandson Tom is visiting on Sunday', 'visit'],
    ["I've got a doctor's appointment on Tuesday", 'appointment'],
    ['my knee has been aching all week', 'health'],
    ['I love working in the garden', 'hobby'],
    ['my neighbour Joan is lovely', 'person'],
    ['the season has turned, for some reason', 'other'],
    ['민지가 토요일에 온대요', 'visit'],
    ['내일 병원 예약이 있어요', 'appointment'],
    ['요즘 허리가 쑤셔요', 'health'],
    ['손녀가 대학에 붙었어요', 'person'],
  ])('%s → %s', (text, kind) => {
    expect(factKind(text)).toBe(kind);
  });
});
