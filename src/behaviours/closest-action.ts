import type { ActionId } from '../core/care-action.ts';
import type { Lang } from '../core/language.ts';
import type { BehaviourLibrary } from './behaviour-library.ts';

type Profile = Map<string, number>;

/** Character trigram counts of a text, lower-cased, spaces and slots kept as they are. */
function trigrams(text: string): Profile {
  const chars = [...` ${text.toLowerCase().replace(/\s+/g, ' ')} `];
  const out: Profile = new Map();
  for (let i = 0; i + 3 <= chars.length; i++) {
    const gram = chars.slice(i, i + 3).join('');
    out.set(gram, (out.get(gram) ?? 0) + 1);
  }
  return out;
}

function cosine(a: Profile, b: Profile): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [g, x] of a) {
    na += x * x;
    dot += x * (b.get(g) ?? 0);
  }
  for (const y of b.values()) nb += y * y;
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

const cache = new WeakMap<BehaviourLibrary, Map<string, Profile>>();

/** The trigram profile of every action's templates in a language (cached per library). */
function actionProfiles(library: BehaviourLibrary, lang: Lang): Array<[ActionId, Profile]> {
  let byKey = cache.get(library);
  if (!byKey) {
    byKey = new Map();
    cache.set(library, byKey);
  }
  return library.actionIds().map((id) => {
    const key = `${lang}:${id}`;
    let profile = byKey.get(key);
    if (!profile) {
      profile = trigrams(library.action(id).templates[lang].join(' \n '));
      byKey.set(key, profile);
    }
    return [id, profile];
  });
}

/**
 * The action whose templates a line reads most like (character trigrams, cosine): a cheap check
 * that a generated line says what the chosen action means. `line` may hold `{slot}`s.
 */
export function closestAction(line: string, lang: Lang, library: BehaviourLibrary): ActionId | undefined {
  const profile = trigrams(line);
  let best: ActionId | undefined;
  let bestScore = -1;
  for (const [id, p] of actionProfiles(library, lang)) {
    const score = cosine(profile, p);
    if (score > bestScore) {
      bestScore = score;
      best = id;
    }
  }
  return best;
}
