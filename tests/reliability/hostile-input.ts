/**
 * Shared pieces of the reliability suite: text a careful user would never type (mixed Korean and
 * English, emoji, control characters, lone surrogates, very long), mutations of real files, and
 * the check every loader must pass on them (a CarebotError naming the file, nothing changed).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { CarebotError, type CarebotErrorCode } from '../../src/core/carebot-error.ts';

/** Characters from the corners of Unicode that text handling gets wrong. */
const ODD_CHARS = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u200b',
  '\u200d',
  '\u202e',
  '\u2028',
  '\ufeff',
  '\ufffd',
  '\ud800', // lone high surrogate
  '\udfff', // lone low surrogate
  'e\u0301', // combining accent
  'ﬁ',
  'Ａ',
  '👵🏻',
  '👨‍👩‍👧',
  '🇰🇷',
  '넘어졌어요',
  '안녕하세요',
  'ㅠㅠ',
  '\t',
  '\r\n',
  '"',
  "'",
  '\\',
  '{',
  '}',
  '{user_name}',
  '%s',
  '__proto__',
];

/** Any string a person, a speech recogniser or a broken client might produce (up to `maxLength` units). */
export function hostileText(maxLength = 300): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
    { weight: 3, arbitrary: fc.constantFrom(...ODD_CHARS) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom('I fell', 'help me', '약 먹었어요', 'my grandson Tom', ' ', '  '),
    },
  );
  return fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('').slice(0, maxLength));
}

/** Small edits of a real file's text: what a slip of the keyboard, a bad merge or a truncated copy leaves. */
export function mutated(text: string): fc.Arbitrary<string> {
  const lines = text.split('\n');
  const at = fc.nat({ max: Math.max(0, text.length - 1) });
  const line = fc.nat({ max: Math.max(0, lines.length - 1) });
  return fc.oneof(
    at.map((n) => text.slice(0, n)), // truncated
    fc.tuple(at, hostileText(20)).map(([n, s]) => text.slice(0, n) + s + text.slice(n)), // inserted
    fc.tuple(at, fc.nat({ max: 40 })).map(([n, k]) => text.slice(0, n) + text.slice(n + k)), // deleted
    line.map((n) => lines.filter((_, i) => i !== n).join('\n')), // a line dropped
    fc.tuple(line, line).map(([a, b]) => {
      const copy = [...lines];
      [copy[a], copy[b]] = [copy[b] ?? '', copy[a] ?? ''];
      return copy.join('\n');
    }), // two lines swapped
    fc.tuple(line, hostileText(40)).map(([n, s]) => lines.map((l, i) => (i === n ? s : l)).join('\n')), // a line replaced
    fc
      .tuple(line, fc.constantFrom('  ', '\t', '- ', ': ', '&a ', '*a ', '!!binary ', '? '))
      .map(([n, s]) => lines.map((l, i) => (i === n ? s + l : l)).join('\n')), // YAML structure broken
  );
}

/** Every file under `dir` with its bytes, to show a failed load changed nothing. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const contents = await Promise.all(files.map((f) => readFile(f, 'base64')));
  return Object.fromEntries(files.map((f, i) => [f, contents[i] ?? '']));
}

/**
 * Runs a loader on a file that may be broken: it either succeeds or fails with a CarebotError of
 * `code` whose message starts with the file (one of `files`, when a loader reads several) and
 * says where (`file:line:` or `file: entry:`). Anything else (a TypeError, a RangeError, a crash)
 * fails the test. Returns whether it loaded.
 */
export async function loadsOrExplains(
  load: () => Promise<unknown>,
  code: CarebotErrorCode,
  files: string | readonly string[],
): Promise<boolean> {
  try {
    await load();
    return true;
  } catch (error) {
    if (!(error instanceof CarebotError)) throw error;
    expect(error.code).toBe(code);
    const named = (typeof files === 'string' ? [files] : files).some((f) =>
      error.message.startsWith(`${f}:`),
    );
    expect(named, error.message).toBe(true);
    expect(error.message.length).toBeLessThan(2000);
    return false;
  }
}
