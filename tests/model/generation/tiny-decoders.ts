import { GestureDecoder, type GestureExample } from '../../../src/model/generation/gesture-decoder.ts';
import { gestureTimeline } from '../../../src/model/generation/gesture-timeline.ts';
import { lineTokens } from '../../../src/model/generation/line-tokens.ts';
import {
  SPECIAL_TOKENS,
  SpeechDecoder,
  type SpeechExample,
} from '../../../src/model/generation/speech-decoder.ts';

/** Actions and lines of the tiny decoders used in tests. */
export const TINY_ACTIONS = ['greet', 'tell_time', 'farewell'];
export const TINY_LINES: Array<{ action: string; lang: 'en' | 'ko'; line: string }> = [
  { action: 'greet', lang: 'en', line: 'Hello, {user_name}!' },
  { action: 'tell_time', lang: 'en', line: "It's {time} now." },
  { action: 'farewell', lang: 'en', line: 'Goodbye!' },
  { action: 'greet', lang: 'ko', line: '안녕하세요!' },
  { action: 'tell_time', lang: 'ko', line: '지금 {time}이에요.' },
  { action: 'farewell', lang: 'ko', line: '안녕히 가세요!' },
];

/** A tiny speech decoder (features of size 4) and examples that condition each line on its action and language. */
export function tinySpeechDecoder(seed = 1): { decoder: SpeechDecoder; examples: SpeechExample[] } {
  const tokens = [...SPECIAL_TOKENS, ...new Set(TINY_LINES.flatMap((l) => lineTokens(l.line)))];
  const decoder = SpeechDecoder.create(
    {
      tokens,
      featureSize: 4,
      actionIds: TINY_ACTIONS,
      embedSize: 8,
      conditionSize: 8,
      hiddenSize: 16,
      maxTokens: 12,
    },
    seed,
  );
  const examples = TINY_LINES.map((l) => ({
    condition: decoder.condition(new Float32Array(4), l.action, l.lang, { user_name: 'Rose' }),
    tokens: lineTokens(l.line).map((t) => tokens.indexOf(t)),
  }));
  return { decoder, examples };
}

/** A tiny gesture decoder for two joints, and examples: greet raises joint a, farewell joint b. */
export function tinyGestureDecoder(seed = 1): { decoder: GestureDecoder; examples: GestureExample[] } {
  const tokens = [...SPECIAL_TOKENS, ...new Set(TINY_LINES.flatMap((l) => lineTokens(l.line)))];
  const decoder = GestureDecoder.create(
    {
      tokens,
      actionIds: TINY_ACTIONS,
      jointNames: ['a', 'b'],
      rest: [0, 0.1],
      frameRate: 10,
      actionSeconds: [1, 1, 1],
      charsPerSecond: 14,
      maxSeconds: 8,
      embedSize: 4,
      encoderSize: 6,
      hiddenSize: 8,
    },
    seed,
  );
  const examples = TINY_LINES.map((l) => {
    const timeline = gestureTimeline(l.line, 1, { maxSeconds: 8 });
    const a = TINY_ACTIONS.indexOf(l.action);
    return {
      tokens: lineTokens(l.line).map((t) => tokens.indexOf(t)),
      action: a,
      lang: l.lang,
      timeline,
      target: Array.from({ length: timeline.frames }, (_, k) => {
        const bump = Math.sin((Math.PI * k) / (timeline.frames - 1));
        return Float32Array.from([a === 0 ? 0.5 * bump : 0, a === 2 ? 0.1 + 0.4 * bump : 0.1]);
      }),
    };
  });
  return { decoder, examples };
}
