import { describe, expect, it } from 'vitest';
import { isEmergencyUtterance } from '../../src/nlu/emergency-patterns.ts';

describe('isEmergencyUtterance', () => {
  it.each([
    'I fell and I cannot get up',
    "I've fallen in the bathroom",
    "I'm on the floor and I can't move my legs",
    'my chest hurts so much',
    "I can't breathe",
    'HELP!',
    'somebody help me please',
    '넘어졌어요',
    '못 일어나겠어',
    '가슴이 너무 아파요',
    '숨을 못 쉬겠어',
    '살려주세요',
    '화장실에서 미끄러져서 못 일어나',
  ])('flags %s', (text) => {
    expect(isEmergencyUtterance(text)).toBe(true);
  });

  it.each(['Good morning!', 'my knee aches a bit', 'thank you dear', '오늘 날씨 좋네요', '약 먹었어요'])(
    'does not flag %s',
    (text) => {
      expect(isEmergencyUtterance(text)).toBe(false);
    },
  );
});

describe('isEmergencyUtterance on indirect falls', () => {
  it.each([
    "I've gone over on the wet step, I can't move my arm",
    'I took a tumble in the hall',
    'he just keeled over',
  ])('flags %s', (text) => {
    expect(isEmergencyUtterance(text)).toBe(true);
  });
  it.each(["there, it's gone down. bleurgh", "where's the evening gone", 'I went over the bills with Tom'])(
    'does not flag %s',
    (text) => {
      expect(isEmergencyUtterance(text)).toBe(false);
    },
  );
});

describe('isEmergencyUtterance on regional and indirect phrasings', () => {
  it.each([
    'ah went ower in the kitchen an i cannae get masel up',
    'i cant catch me breath',
    "there's a pressure inna mi chest",
    'a heaviness in the middle of my chest',
  ])('flags %s', (text) => {
    expect(isEmergencyUtterance(text)).toBe(true);
  });
});
