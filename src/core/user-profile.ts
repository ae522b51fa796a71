import type { CareEventName } from './care-event.ts';
import type { Lang } from './language.ts';

/** A daily time at which the robot raises an event for the user (medication, drink, exercise). */
export interface ScheduleEntry {
  /** Local time of day, `HH:MM`. */
  at: string;
  event: Extract<CareEventName, 'medication_due' | 'hydration_due' | 'exercise_due'>;
  /** Event data, e.g. `{ medication: 'blood pressure pills' }`. */
  data?: Record<string, string>;
}

/** Who the robot talks to: slot values for its lines and the daily schedule. */
export interface UserProfile {
  id: string;
  /** user_name, medication, contact (only the known ones). */
  slots: Record<string, string>;
  /** The language the robot starts in. Default: detected from the first utterance, else English. */
  lang?: Lang;
  schedule: ScheduleEntry[];
}

/** User ids name files: letters, digits, `_`, `-`, `.` (not first), at most 64. */
export const USER_ID_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$/;
