import { escapeRegExp } from '../core/escape-reg-exp.ts';
import type { BabiKnowledge } from './babi-knowledge.ts';

/**
 * Turns bot responses into templates (Hybrid Code Networks' delexicalisation): restaurant names
 * (`<name_>` as written with underscores, `<name>` with spaces, as DSTC2 writes them), their
 * phone/address/post code, and slot values become slot tokens. `api_call` placeholders
 * (R_cuisine...) stay: they mean "not specified". A one-word name that is also an ordinary word
 * in bot prompts (DSTC2 has a restaurant called "ask") is replaced only when the API returned it.
 */
export class Delexicalizer {
  private readonly index: RegExp;
  private readonly ambiguous: Set<string>;

  constructor(
    private readonly kb: BabiKnowledge,
    botResponses: Iterable<string>,
  ) {
    const single = new Set(kb.names().filter((n) => !n.includes('_')));
    this.ambiguous = new Set<string>();
    for (const response of botResponses) {
      const words = response.split(/\s+/);
      if (words.some((w) => kb.slotOf(w))) continue;
      for (const w of words) if (single.has(w)) this.ambiguous.add(w);
    }
    const alternatives = kb.names().flatMap((name) => {
      const spaced = name.replace(/_/g, ' ');
      return spaced === name ? [escapeRegExp(name)] : [escapeRegExp(name), escapeRegExp(spaced)];
    });
    this.index =
      alternatives.length === 0
        ? /(?!)/g
        : new RegExp(`(?<=\\s)(?:${alternatives.join('|')})(?:_phone|_address|_post_code)?(?=\\s)`, 'g');
  }

  /** The template of a response, given the restaurants the API returned so far in this dialogue. */
  delexicalize(response: string, results: readonly string[] = []): string {
    const text = ` ${response} `.replace(this.index, (match) => {
      if (match.endsWith('_phone')) return ' <phone> ';
      if (match.endsWith('_address')) return ' <address> ';
      if (match.endsWith('_post_code')) return ' <post_code> ';
      if (this.ambiguous.has(match) && !results.includes(match)) return ` ${match} `;
      return match.includes('_') || !match.includes(' ') ? ' <name_> ' : ' <name> ';
    });
    const words = text.trim().split(/\s+/);
    // A response listing several values of one type ("cheap , moderate , or expensive") is a
    // question with fixed words, not slots.
    const counts = new Map<string, number>();
    for (const w of words) {
      const slot = this.kb.slotOf(w);
      if (slot) counts.set(slot, (counts.get(slot) ?? 0) + 1);
    }
    return words
      .map((w) => {
        if (w.startsWith('<')) return w;
        const slot = this.kb.slotOf(w);
        return slot && (counts.get(slot) ?? 0) === 1 ? `<${slot}>` : w;
      })
      .join(' ');
  }
}
