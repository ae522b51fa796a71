/**
 * The 24 action ids the default behaviour library must honour (shared/spec/care-behaviours.md).
 * Libraries may add more; these are never renamed or dropped.
 */
export const REQUIRED_ACTIONS = [
  'greet',
  'introduce_self',
  'ask_wellbeing',
  'share_joy',
  'comfort',
  'ask_pain_details',
  'suggest_rest',
  'emergency_help',
  'reassure',
  'remind_medication',
  'confirm_medication',
  'remind_hydration',
  'suggest_exercise',
  'encourage',
  'tell_time',
  'tell_date',
  'ask_about_family',
  'call_family',
  'recall_memory',
  'acknowledge',
  'clarify',
  'respond_thanks',
  'say_goodnight',
  'farewell',
] as const;
export type RequiredActionId = (typeof REQUIRED_ACTIONS)[number];

/** Action ids are strings: a library may define more than the required ones. */
export type ActionId = string;
