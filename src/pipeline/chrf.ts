/** Running character n-gram counts of a corpus, for chrF. */
export class ChrF {
  private readonly order: number;
  private readonly beta: number;
  private readonly matches: number[];
  private readonly hypotheses: number[];
  private readonly references: number[];

  /** chrF of Popović (2015) as sacreBLEU computes it: n = 1..6, beta 2, spaces removed, corpus-level. */
  constructor(order = 6, beta = 2) {
    this.order = order;
    this.beta = beta;
    this.matches = new Array<number>(order).fill(0);
    this.hypotheses = new Array<number>(order).fill(0);
    this.references = new Array<number>(order).fill(0);
  }

  add(hypothesis: string, reference: string): void {
    const hyp = [...hypothesis.replace(/\s+/g, '')];
    const ref = [...reference.replace(/\s+/g, '')];
    for (let n = 1; n <= this.order; n++) {
      const h = ngrams(hyp, n);
      const r = ngrams(ref, n);
      let match = 0;
      for (const [gram, count] of h) match += Math.min(count, r.get(gram) ?? 0);
      this.matches[n - 1] = (this.matches[n - 1] ?? 0) + match;
      this.hypotheses[n - 1] = (this.hypotheses[n - 1] ?? 0) + Math.max(0, hyp.length - n + 1);
      this.references[n - 1] = (this.references[n - 1] ?? 0) + Math.max(0, ref.length - n + 1);
    }
  }

  /** The corpus chrF, 0-100. */
  score(): number {
    let precision = 0;
    let recall = 0;
    let orders = 0;
    for (let n = 0; n < this.order; n++) {
      const h = this.hypotheses[n] ?? 0;
      const r = this.references[n] ?? 0;
      if (h === 0 && r === 0) continue;
      orders += 1;
      precision += h > 0 ? (this.matches[n] ?? 0) / h : 0;
      recall += r > 0 ? (this.matches[n] ?? 0) / r : 0;
    }
    if (orders === 0) return 0;
    precision /= orders;
    recall /= orders;
    const b2 = this.beta * this.beta;
    return precision + recall > 0 ? (100 * (1 + b2) * precision * recall) / (b2 * precision + recall) : 0;
  }
}

function ngrams(chars: readonly string[], n: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + n <= chars.length; i++) {
    const gram = chars.slice(i, i + n).join('');
    out.set(gram, (out.get(gram) ?? 0) + 1);
  }
  return out;
}
