import type { CareEventName } from './care-event.ts';
import type { Lang } from './language.ts';

/** What the user said (typed in a chat box, or from ASR). */
export interface UserUtterance {
  type: 'user.utterance';
  text: string;
  /** Detected from the text when absent. */
  lang?: Lang;
}

/** An event from a sensor, a schedule or an operator button. */
export interface RobotEvent {
  type: 'robot.event';
  event: CareEventName;
  data?: Record<string, string | number | boolean>;
}

/** One input to the dialogue, validated at the adapter's edge. */
export type RobotInput = UserUtterance | RobotEvent;
