import { escapeRegExp } from '../core/escape-reg-exp.ts';
import type { RecordedSession } from './recording-format.ts';

/** What redacted names become. */
export const NAME_PLACEHOLDER = '[NAME]';

const TITLES = /^(mr|mrs|ms|miss|mx|dr|sir|madam|nurse|auntie|aunt|uncle|nana|nan|gran|grandma|grandpa)\.?$/i;
const NOT_NAMES =
  /^(I|OK|TV|You|Your|(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?|January|February|March|April|June|July|August|September|October|November|December|Christmas|Easter|English|Korean|God|Doctor|(Some|Every|No|Any)(body|one|thing)|.*n't|.*'(ve|re|m))$/;
/** After a sentence's first word: what makes it likely a name. */
const NAME_FOLLOWS =
  /^('s\b|\s+(is|was|and|has|had|will|came|comes|visited|called|rang|phoned|said|says|took|takes|wants|got)\b)/;
/** Honorifics and kin words around Korean names in slots ("김영자 어르신", "따님 민지 씨"). */
const KO_NOT_NAMES = new Set(
  '어르신 할머니 할아버지 여사님 선생님 사장님 씨 님 따님 아드님 딸 아들 손자 손녀 손주 남편 아내 부인 며느리 사위 언니 오빠 누나 형 동생 친구 우리 엄마 아빠 어머니 아버지'.split(
    ' ',
  ),
);
const ENGLISH_WORD = /[A-Z][A-Za-z'-]*[A-Za-z]/g;
/** A Korean given name ending in a consonant takes 이 before its particle ("도윤이가"); common nouns do not. */
const KO_NAME_WITH_I = /^([가-힣]{2,3})이(가|는|도|를|한테|에게|하고)$/u;
const KO_NAME_BEFORE_SSI = /^([가-힣]{2,3})씨$/u;

/**
 * Replaces the names a session's memory knows (the user's name and contact from the session's
 * slots, names in the facts the robot remembered) with `[NAME]`. English names are capitalised
 * words; Korean names come from the slots (less honorifics) and from facts where a name's
 * particle form shows it. Names the robot never learned are not found.
 */
export class NameRedactor {
  /** The names found, longest first. */
  readonly names: readonly string[];
  private readonly pattern: RegExp | undefined;

  constructor(names: Iterable<string>) {
    this.names = [...new Set(names)].filter((n) => n.trim().length >= 2).sort((a, b) => b.length - a.length);
    const alternatives = this.names.map((n) =>
      /^[A-Za-z]/.test(n) ? `\\b${escapeRegExp(n)}\\b` : escapeRegExp(n),
    );
    this.pattern = alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'gu') : undefined;
  }

  /** A redactor for the names known to these sessions' slots and memory. */
  static fromSessions(sessions: readonly RecordedSession[]): NameRedactor {
    const names: string[] = [];
    for (const session of sessions) {
      const slots = session.header.userSlots ?? {};
      for (const key of ['user_name', 'contact']) {
        const value = slots[key];
        if (value !== undefined) names.push(...slotNames(value, key === 'user_name'));
      }
      for (const event of session.events) {
        if (event.type === 'robot.event' && typeof event.data?.name === 'string') names.push(event.data.name);
        if (event.type !== 'robot.memory') continue;
        for (const fact of event.facts)
          names.push(...(fact.lang === 'ko' ? koreanFactNames : englishNames)(fact.text));
      }
    }
    return new NameRedactor(names);
  }

  /** The text with every known name replaced by the placeholder. */
  redact(text: string): string {
    return this.pattern ? text.replace(this.pattern, NAME_PLACEHOLDER) : text;
  }
}

/** Names in a slot value: the whole user name, and each name word of it or of the contact. */
function slotNames(value: string, whole: boolean): string[] {
  const words = value.split(/\s+/).filter(Boolean);
  const names = whole ? [value.trim()] : [];
  for (const word of words) {
    if (/[가-힣]/u.test(word)) {
      const bare = word.replace(/(씨|님)$/u, '');
      if (bare.length < 2 || KO_NOT_NAMES.has(word) || KO_NOT_NAMES.has(bare)) continue;
      names.push(bare);
      // A full Korean name (family + given) is often shortened to the given name.
      if (bare.length === 3) names.push(bare.slice(1));
    } else {
      const bare = word.replace(/('s|[.,;:!?])+$/, '');
      if (/^[A-Z][A-Za-z'-]+$/.test(bare) && !TITLES.test(bare) && !NOT_NAMES.test(bare)) names.push(bare);
    }
  }
  return names;
}

function englishNames(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(ENGLISH_WORD)) {
    const word = m[0].replace(/'(s|ll|d)$/, '');
    if (word.length < 2 || NOT_NAMES.test(word) || TITLES.test(word) || /^[A-Z]+$/.test(word)) continue;
    // A capital at a sentence's start proves nothing, unless a name-like verb follows ("Tom is coming").
    const before = text.slice(0, m.index).trimEnd();
    const initial = before === '' || /[.!?"“]$/.test(before);
    if (initial && !NAME_FOLLOWS.test(text.slice((m.index ?? 0) + m[0].length))) continue;
    names.push(word);
  }
  return names;
}

function koreanFactNames(text: string): string[] {
  const names: string[] = [];
  const words = text
    .replace(/["“”]|라고$/gu, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/[.,!?~…]+$/u, ''));
  words.forEach((word, i) => {
    const withI = KO_NAME_WITH_I.exec(word)?.[1];
    if (withI && hasFinalConsonant(withI) && !KO_NOT_NAMES.has(withI)) names.push(withI);
    // "민지씨" or "민지 씨".
    const beforeSsi = KO_NAME_BEFORE_SSI.exec(word)?.[1] ?? (/^씨/u.test(word) ? words[i - 1] : undefined);
    if (beforeSsi && /^[가-힣]{2,3}$/u.test(beforeSsi) && !KO_NOT_NAMES.has(beforeSsi)) names.push(beforeSsi);
  });
  return names;
}

/** True when the last Hangul syllable ends in a consonant (batchim). */
function hasFinalConsonant(word: string): boolean {
  const code = word.charCodeAt(word.length - 1) - 0xac00;
  return code >= 0 && code < 11172 && code % 28 !== 0;
}
