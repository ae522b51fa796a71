/** Marks a token that starts a new word (a space before it), as in SentencePiece. */
export const WORD_START = '▁';

/** The slots a line may use (behaviours/actions.yaml): the decoders emit them as single tokens. */
export const LINE_SLOTS = ['user_name', 'medication', 'contact', 'memory', 'time', 'date'] as const;

const PIECE = /(\s*)(\{[a-z][a-z0-9_]*\}|[\p{L}\p{N}'’]+|[^\s\p{L}\p{N}])/gu;
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/u;

/**
 * The tokens of a robot line: `{slot}`s whole, English words whole, Korean words as syllables
 * (Korean endings vary too much for a word vocabulary of a few thousand lines), punctuation
 * alone; a token after a space starts with `▁`.
 */
export function lineTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.trim().matchAll(PIECE)) {
    const space = (match[1] ?? '').length > 0 || tokens.length === 0;
    const piece = match[2] ?? '';
    const mark = space ? WORD_START : '';
    if (HANGUL.test(piece)) {
      [...piece].forEach((ch, i) => {
        tokens.push(i === 0 ? mark + ch : ch);
      });
    } else tokens.push(mark + piece);
  }
  return tokens;
}

/** The text of line tokens (the inverse of `lineTokens`). */
export function joinTokens(tokens: readonly string[]): string {
  return tokens.join('').split(WORD_START).join(' ').trim();
}

/** Which language's text a token belongs to: Hangul → ko, Latin letters → en, else either. */
export function tokenLanguage(token: string): 'en' | 'ko' | 'any' {
  if (HANGUL.test(token)) return 'ko';
  if (/^▁?\{/.test(token)) return 'any';
  return /\p{L}/u.test(token) ? 'en' : 'any';
}

/** The slot a token stands for (`▁{user_name}` → `user_name`), if it is a slot token. */
export function tokenSlot(token: string): string | undefined {
  return /^▁?\{([a-z][a-z0-9_]*)\}$/.exec(token)?.[1];
}

/**
 * Replaces slot values in a line with `{slot}` (longest values first, so a contact that contains
 * the user's name is taken whole). Values shorter than 2 characters are left alone.
 */
export function delexicalize(text: string, slots: Readonly<Record<string, string>>): string {
  const entries = Object.entries(slots)
    .map(([name, value]) => [name, value.trim()] as const)
    .filter(([, value]) => value.length >= 2)
    .sort((a, b) => b[1].length - a[1].length);
  let out = text;
  for (const [name, value] of entries) out = out.split(value).join(`{${name}}`);
  return out;
}

/** Fills `{slot}`s from `slots`; slots without a value stay as they are (a check catches them). */
export function fillSlots(text: string, slots: Readonly<Record<string, string>>): string {
  return text.replace(/\{([a-z][a-z0-9_]*)\}/g, (whole, name: string) => {
    const value = slots[name]?.trim();
    return value ? value : whole;
  });
}
