/** The languages carebot speaks. */
export const LANGUAGES = ['en', 'ko'] as const;
export type Lang = (typeof LANGUAGES)[number];

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/u;

/** Korean when the text holds any Hangul, else English; `fallback` for text with no letters at all. */
export function detectLanguage(text: string, fallback: Lang = 'en'): Lang {
  if (HANGUL.test(text)) return 'ko';
  return /\p{L}/u.test(text) ? 'en' : fallback;
}

export function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'ko';
}
