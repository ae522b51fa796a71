/** The events of shared/spec/care-behaviours.md: inputs that are not utterances. */
export const CARE_EVENTS = [
  'person_arrived',
  'person_left',
  'silence',
  'medication_due',
  'hydration_due',
  'exercise_due',
  'fall_detected',
  'head_touched',
] as const;
export type CareEventName = (typeof CARE_EVENTS)[number];

export function isCareEvent(value: unknown): value is CareEventName {
  return typeof value === 'string' && (CARE_EVENTS as readonly string[]).includes(value);
}
