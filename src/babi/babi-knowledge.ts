import type { KbFact } from '../corpus/read-babi.ts';

/** Slot types carried in api_call and responses, in api_call order for each task family. */
export const SLOT_TYPES = ['cuisine', 'location', 'number', 'price'] as const;
export type SlotType = (typeof SLOT_TYPES)[number];

/**
 * The knowledge base of a bAbI task family: restaurants with their attributes, and the known
 * values of each slot type (to find entities in user words and delexicalise responses).
 */
export class BabiKnowledge {
  readonly restaurants = new Map<string, Map<string, string>>();
  readonly values = new Map<SlotType, Set<string>>(SLOT_TYPES.map((t) => [t, new Set<string>()]));

  constructor(facts: Iterable<KbFact>) {
    for (const fact of facts) this.add(fact);
  }

  add(fact: KbFact): void {
    const attributes = this.restaurants.get(fact.entity) ?? new Map<string, string>();
    attributes.set(fact.attribute, fact.value);
    this.restaurants.set(fact.entity, attributes);
    const slot = fact.attribute.replace(/^R_/, '') as SlotType;
    this.values.get(slot)?.add(fact.value);
  }

  /** The slot type of a word, if it is a known value ("paris" → location). */
  slotOf(word: string): SlotType | undefined {
    for (const [slot, values] of this.values) if (values.has(word)) return slot;
    return undefined;
  }

  /** Restaurant names, longest first (multi-word names must be replaced before their parts). */
  names(): string[] {
    return [...this.restaurants.keys()].sort((a, b) => b.length - a.length);
  }
}
