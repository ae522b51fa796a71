import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  delexicalize,
  fillSlots,
  joinTokens,
  lineTokens,
  tokenLanguage,
  tokenSlot,
} from '../../../src/model/generation/line-tokens.ts';

describe('line tokens', () => {
  it('keeps slots and English words whole, splits Korean words into syllables, marks word starts', () => {
    expect(lineTokens("Good morning, {user_name}! It's nice.")).toEqual([
      '▁Good',
      '▁morning',
      ',',
      '▁{user_name}',
      '!',
      "▁It's",
      '▁nice',
      '.',
    ]);
    expect(lineTokens('{user_name}, 안녕하세요!')).toEqual([
      '▁{user_name}',
      ',',
      '▁안',
      '녕',
      '하',
      '세',
      '요',
      '!',
    ]);
  });

  it('joins tokens back into the same text (single spaces)', () => {
    const word = fc.oneof(
      fc.constantFrom('Hello', "It's", '{user_name}', '안녕하세요', '약', '10시', 'Mrs.', '3:05'),
      fc.stringMatching(/^[a-z가-힣]{1,6}$/),
    );
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), (words) => {
        const text = words.join(' ');
        expect(joinTokens(lineTokens(text))).toBe(text);
      }),
      { numRuns: 300, seed: 4 },
    );
  });

  it('tells a token language and slot', () => {
    expect(tokenLanguage('▁안')).toBe('ko');
    expect(tokenLanguage('▁Good')).toBe('en');
    expect(tokenLanguage('!')).toBe('any');
    expect(tokenLanguage('▁{user_name}')).toBe('any');
    expect(tokenSlot('▁{medication}')).toBe('medication');
    expect(tokenSlot('▁medication')).toBeUndefined();
  });

  it('puts slot values back as slots (longest first) and fills them again', () => {
    const slots = { user_name: 'Minji', contact: 'your daughter Minji', medication: 'pills' };
    const line = 'I will call your daughter Minji now, Minji. Take your pills.';
    const delexicalized = delexicalize(line, slots);
    expect(delexicalized).toBe('I will call {contact} now, {user_name}. Take your {medication}.');
    expect(fillSlots(delexicalized, slots)).toBe(line);
    expect(fillSlots('Hi {memory}', {})).toBe('Hi {memory}');
  });
});
