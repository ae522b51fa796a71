const SLOT = /\{([a-z][a-z0-9_]*)\}/g;

/** The slot names a template uses, in order of first use. */
export function templateSlots(template: string): string[] {
  return [...new Set([...template.matchAll(SLOT)].map((m) => m[1] ?? ''))];
}

/** Fills a template's `{slot}`s, or undefined when a slot has no value. */
export function fillTemplate(template: string, slots: Readonly<Record<string, string>>): string | undefined {
  let missing = false;
  const text = template.replace(SLOT, (_, name: string) => {
    const value = slots[name];
    if (value === undefined || value.trim() === '') {
      missing = true;
      return '';
    }
    return value;
  });
  return missing ? undefined : text;
}
