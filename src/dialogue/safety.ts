import type { RobotInput } from '../core/robot-input.ts';
import { isEmergencyUtterance } from '../nlu/emergency-patterns.ts';
import { normalizeText } from '../nlu/normalize-text.ts';

/** The action the safety override answers every emergency with. */
export const EMERGENCY_ACTION = 'emergency_help';

/** True for `fall_detected` and for any utterance that means an emergency, whatever the model says. */
export function isEmergencyInput(input: RobotInput): boolean {
  return input.type === 'robot.event' ? input.event === 'fall_detected' : isEmergencyUtterance(input.text);
}

const FINE_AGAIN = [
  /\b(i'?m|i am|i feel|feeling|i'?ve) ((perfectly|absolutely|quite|totally|really|all|much|a lot|feeling) )?(fine|ok|okay|alright|all right|better|good|not hurt|grand|champion)\b/,
  /\b(all good|no harm done|false alarm|it'?s (ok|okay|alright|fine) now|panic over|i'?m up now|got (myself )?up)\b/,
  /괜찮(아|아요|습니다|다|어|네|우|수|여|소)|괜찬|(이제|인제|인자) ?(됐|살았|일어났)|일으켜 ?(줬|주었|주셨|주셔서|줘서|준 ?덕)|앉혀 ?줬|별일 ?(없|아니)|다친 ?데 ?(없|는 ?없)|멀쩡|나아졌|좋아졌|되얏|됐다 ?됐다|걸을 ?만하|눕혀 ?줬|일어섰/,
];

/**
 * An ongoing problem said in the same breath ("I'm alright but I can't get up", "괜찮아 근데 못
 * 일어나겠어"): the user is not clearly fine, and the emergency stays open.
 */
const STILL_IN_TROUBLE = [
  /\b(can'?t|cant|cannot|cannae|unable to) (get up|get back up|get myself up|move|breathe|breath|stand|feel my)\b|\bstill (on the floor|down|stuck|bleeding|can'?t)\b|\b(hurts|hurting) (a lot|so much|badly|bad)\b|\bbleeding\b/,
  /(못|몬) ?일어나|일어날 ?수(가)? ?없|아직 ?(못|바닥|아파|아프)|숨(을|이)? ?(못|안) ?쉬|피가 (나|안 멈)|계속 (아파|아프)/,
];

/** The user clearly says they are fine again (an emergency resolves after this turn). */
export function saysFineAgain(text: string): boolean {
  const normalized = normalizeText(text);
  return FINE_AGAIN.some((p) => p.test(normalized)) && !STILL_IN_TROUBLE.some((p) => p.test(normalized));
}

/** The alert text for carers. */
export function alertReason(input: RobotInput): string {
  return input.type === 'robot.event' ? 'fall detected by sensor' : `user said: "${input.text}"`;
}
