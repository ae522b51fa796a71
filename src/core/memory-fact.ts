/** What kind of thing the user told that is worth remembering. */
export type MemoryFactKind = 'person' | 'visit' | 'appointment' | 'hobby' | 'health' | 'other';

/** A personal fact the user told, kept in long-term memory per user. */
export interface MemoryFact {
  kind: MemoryFactKind;
  /** A short clause in the user's words, ready for `{memory}` ("your grandson Tom is visiting"). */
  text: string;
  lang: 'en' | 'ko';
  /** ISO time it was said. */
  saidAt: string;
  recalled: boolean;
}
