/** Feature strings → indices; built from training text, saved in metadata.json. Unknown features are dropped. */
export class Vocabulary {
  readonly tokens: readonly string[];
  private readonly index: Map<string, number>;

  constructor(tokens: readonly string[]) {
    this.tokens = tokens;
    this.index = new Map(tokens.map((t, i) => [t, i]));
  }

  /** The most frequent features (seen at least `minCount` times), at most `maxSize`, ties by name. */
  static build(
    featureLists: Iterable<readonly string[]>,
    options: { maxSize: number; minCount: number },
  ): Vocabulary {
    const counts = new Map<string, number>();
    for (const list of featureLists) for (const f of list) counts.set(f, (counts.get(f) ?? 0) + 1);
    const kept = [...counts.entries()]
      .filter(([, n]) => n >= options.minCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, options.maxSize)
      .map(([t]) => t);
    return new Vocabulary(kept);
  }

  get size(): number {
    return this.tokens.length;
  }

  /** Sorted unique indices of the known features. */
  indices(features: readonly string[]): number[] {
    const out = new Set<number>();
    for (const f of features) {
      const i = this.index.get(f);
      if (i !== undefined) out.add(i);
    }
    return [...out].sort((a, b) => a - b);
  }
}
