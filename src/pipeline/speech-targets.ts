import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import { generatedLineSlots } from '../behaviours/generated-line-slots.ts';
import { templateSlots } from '../behaviours/template.ts';
import { seededRandom } from '../core/random.ts';
import { delexicalize, lineTokens, tokenSlot } from '../model/generation/line-tokens.ts';
import { SPECIAL_TOKENS } from '../model/generation/speech-decoder.ts';
import type { GenerationTurn } from './generation-turns.ts';

/** A line the speech decoder learns for a turn. */
export interface SpeechTarget {
  turn: GenerationTurn;
  tokens: number[];
  source: 'reference' | 'template';
}

/** The speech decoder's vocabulary and targets, and what happened to the references. */
export interface SpeechTargets {
  vocabulary: string[];
  targets: SpeechTarget[];
  references: { total: number; used: number; dropped: Record<string, number> };
}

/** Options of `speechTargets`; defaults in brackets. */
export interface SpeechTargetOptions {
  /** A reference word must be used for at least this many users to be learnt (names and details are not). [2] */
  minUsers?: number;
  /** Reuse this vocabulary (dev data): lines with other tokens are left out. [built from the turns] */
  vocabulary?: readonly string[];
  /** Picks templates for turns without a usable reference. [1] */
  seed?: number;
}

/**
 * What the speech decoder learns: for every turn, its corpus reference with the slot values put
 * back as `{slot}`s, or else one of the action's templates that can be filled at that turn. A
 * reference is left out when it would teach the decoder to make things up: a word used for fewer
 * than `minUsers` users (a name, a detail of one life), a slot the action may not use, or (for actions whose templates recall `{memory}`, tell `{time}`...) a paraphrase of the
 * slot instead of the slot.
 */
export function speechTargets(
  turns: readonly GenerationTurn[],
  library: BehaviourLibrary,
  options: SpeechTargetOptions = {},
): SpeechTargets {
  const minUsers = options.minUsers ?? 2;
  const random = seededRandom(options.seed ?? 1);
  const refTokens = turns.map((t) =>
    t.reference ? lineTokens(delexicalize(t.reference, t.slots)) : undefined,
  );
  let vocabulary = options.vocabulary ? [...options.vocabulary] : undefined;
  if (!vocabulary) {
    const users = new Map<string, Set<string>>();
    refTokens.forEach((tokens, i) => {
      for (const token of tokens ?? []) {
        const set = users.get(token) ?? new Set<string>();
        set.add((turns[i] as GenerationTurn).user);
        users.set(token, set);
      }
    });
    const words = new Set<string>();
    for (const action of library.actions.values()) {
      for (const lines of Object.values(action.templates))
        for (const line of lines) for (const t of lineTokens(line)) words.add(t);
    }
    for (const [token, who] of users) if (who.size >= minUsers) words.add(token);
    vocabulary = [...SPECIAL_TOKENS, ...[...words].sort()];
  }
  const index = new Map(vocabulary.map((t, i) => [t, i]));
  const dropped: Record<string, number> = {};
  const drop = (why: string) => {
    dropped[why] = (dropped[why] ?? 0) + 1;
  };
  const targets: SpeechTarget[] = [];
  let total = 0;
  let used = 0;
  turns.forEach((turn, i) => {
    const action = library.action(turn.actionId);
    const templates = action.templates[turn.lang];
    const tokens = refTokens[i];
    if (tokens) {
      total += 1;
      const slots = tokens.map(tokenSlot).filter((s): s is string => s !== undefined);
      const required = action.slots.filter(
        (s) => s === 'memory' || templates.every((t) => templateSlots(t).includes(s)),
      );
      const problem = tokens.some((t) => !index.has(t))
        ? 'rare words'
        : slots.some((s) => !generatedLineSlots(action).includes(s))
          ? 'slot the action does not use'
          : required.some((s) => !slots.includes(s))
            ? `no {${required.join('}, {')}}`
            : undefined;
      if (problem) drop(problem);
      else {
        used += 1;
        targets.push({ turn, tokens: tokens.map((t) => index.get(t) as number), source: 'reference' });
        return;
      }
    }
    const fillable = library.fillableTemplates(turn.actionId, turn.lang, turn.slots);
    const template = fillable[Math.floor(random() * fillable.length)];
    if (template === undefined) return;
    const ids = lineTokens(template).map((t) => index.get(t));
    if (ids.every((id) => id !== undefined))
      targets.push({ turn, tokens: ids as number[], source: 'template' });
  });
  return { vocabulary, targets, references: { total, used, dropped } };
}
