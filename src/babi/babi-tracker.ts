import { escapeRegExp } from '../core/escape-reg-exp.ts';
import type { BabiTurn } from '../corpus/read-babi.ts';
import { type BabiKnowledge, SLOT_TYPES, type SlotType } from './babi-knowledge.ts';

const DONT_CARE =
  /\b(any|anything|dont care|don't care|doesnt matter|doesn't matter|does not matter|it doesnt|whatever|no preference)\b/;

const PROPOSAL = /is a nice restaurant|what do you think of this option/;

/** Which slot a bot question asks for, by its words. */
function askedSlot(bot: string): SlotType | undefined {
  if (/kind of food|type of cuisine|food would you|cuisine/.test(bot)) return 'cuisine';
  if (/part of town|where should it be|area/.test(bot)) return 'location';
  if (/price range/.test(bot)) return 'price';
  if (/how many people/.test(bot)) return 'number';
  return undefined;
}

/**
 * The state of one bAbI dialogue (Hybrid Code Networks' entity tracking): slot values the user
 * gave (or "dontcare"), the API results shown, and the restaurants proposed so far. It fills
 * templates back into responses.
 */
export class BabiTracker {
  readonly slots = new Map<SlotType, string>();
  /** Slots the user mentioned in the current turn. */
  mentioned = new Set<SlotType>();
  results: string[] = [];
  noResult = false;
  resultsArrived = false;
  proposed: string[] = [];
  current: string | undefined;
  private lastAsked: SlotType | undefined;
  private readonly phrases: Array<[RegExp, SlotType, string]>;

  constructor(private readonly kb: BabiKnowledge) {
    // Multi-word values ("modern_european") as users say them ("modern european").
    this.phrases = [];
    for (const slot of SLOT_TYPES) {
      for (const value of kb.values.get(slot) ?? []) {
        for (const form of new Set([value, value.replace(/_/g, ' ')])) {
          this.phrases.push([new RegExp(`(^|\\s)${escapeRegExp(form)}(?=\\s|$)`), slot, value]);
        }
      }
    }
    this.phrases.sort((a, b) => b[2].length - a[2].length);
  }

  /** Reads the user's words and any KB results that arrived before this turn. */
  observe(turn: BabiTurn): void {
    this.mentioned = new Set();
    this.resultsArrived = turn.results.length > 0 || turn.noResult;
    if (turn.results.length > 0) {
      const ratings = new Map<string, number>();
      for (const fact of turn.results) {
        this.kb.add(fact);
        if (!ratings.has(fact.entity)) ratings.set(fact.entity, 0);
        if (fact.attribute === 'R_rating') ratings.set(fact.entity, Number(fact.value));
      }
      this.results = [...ratings.entries()]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .map(([name]) => name);
      this.noResult = false;
      this.proposed = [];
    }
    if (turn.noResult) {
      this.results = [];
      this.noResult = true;
    }
    // The user may name the restaurant themselves (task 4: "a table at resto_x").
    const named = this.results.find((name) => ` ${turn.user} `.includes(` ${name} `));
    if (named) this.current = named;
    let text = ` ${turn.user.toLowerCase()} `;
    for (const [pattern, slot, value] of this.phrases) {
      if (pattern.test(text)) {
        this.slots.set(slot, value);
        this.mentioned.add(slot);
        text = text.replace(pattern, ' ');
      }
    }
    if (this.lastAsked && !this.mentioned.has(this.lastAsked) && DONT_CARE.test(text)) {
      this.slots.set(this.lastAsked, 'dontcare');
      this.mentioned.add(this.lastAsked);
    }
  }

  /** Records the response actually given (the expected one, as the protocol carries it forward). */
  commit(bot: string): void {
    this.lastAsked = askedSlot(bot);
    for (const name of this.results) {
      const spaced = name.replace(/_/g, ' ');
      if (bot.includes(name) || bot.includes(spaced)) {
        this.current = name;
        if (!this.proposed.includes(name)) this.proposed.push(name);
        break;
      }
    }
  }

  /**
   * The restaurant a template talks about: a proposal ("... is a nice restaurant ...", "what do
   * you think of this option") names the best-rated one not proposed yet; anything else (phone,
   * address, price of it) is about the current one.
   */
  private restaurantFor(template: string): string | undefined {
    const next = this.results.find((r) => !this.proposed.includes(r));
    if (PROPOSAL.test(template)) return next ?? this.current;
    return this.current ?? next;
  }

  /** Fills a template, or undefined when it cannot be filled now (so it is masked). */
  lexicalize(template: string): string | undefined {
    const needsRestaurant = /<name_?>|<phone>|<address>|<post_code>/.test(template);
    const restaurant = needsRestaurant ? this.restaurantFor(template) : undefined;
    if (needsRestaurant && !restaurant) return undefined;
    const attributes = restaurant ? this.kb.restaurants.get(restaurant) : undefined;
    let failed = false;
    const text = template.replace(/<([a-z_]+)>/g, (_, slot: string) => {
      if (slot === 'name_') return restaurant ?? '';
      if (slot === 'name') return (restaurant ?? '').replace(/_/g, ' ');
      if (slot === 'phone' || slot === 'address' || slot === 'post_code') return `${restaurant}_${slot}`;
      const value = attributes?.get(`R_${slot}`) ?? this.slots.get(slot as SlotType);
      if (value === undefined || value === 'dontcare') {
        failed = true;
        return '';
      }
      return value;
    });
    return failed ? undefined : text;
  }
}
