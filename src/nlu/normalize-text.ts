/** Folds width (NFKC) and curly quotes to "'", keeping case (for patterns that need capitals). */
export function foldText(text: string): string {
  return text.normalize('NFKC').replace(/[’‘`]/g, "'");
}

/** Lower-cases, folds width (NFKC) and quotes, drops control characters and squeezes spaces. */
export function normalizeText(text: string): string {
  return foldText(text)
    .toLowerCase()
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
