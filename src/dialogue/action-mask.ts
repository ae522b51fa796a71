import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import type { ActionId } from '../core/care-action.ts';
import type { DialogueStateName } from '../core/dialogue-state.ts';
import type { RobotInput } from '../core/robot-input.ts';
import { normalizeText } from '../nlu/normalize-text.ts';

const MEDICINE_WORDS =
  /pill|med(s|icine|ication)?\b|tablet|drug|dose|insulin|inhaler|drops|capsule|vitamin|prescription|swallow|painkiller|paracetamol|tylenol|aspirin|ibuprofen|antibiotic|약|알약|먹었|복용|진통제/;

/** What the mask depends on: the state and a few facts about the dialogue so far. */
export interface MaskInputs {
  state: DialogueStateName;
  input: RobotInput;
  previousAction?: ActionId;
  hasUnrecalledMemory: boolean;
  medicationReminded: boolean;
}

/**
 * The actions allowed now (Hybrid Code Networks' action mask): those the library allows in the
 * state; for an event outside an emergency, only the actions that answer it (the library's
 * `events`); less the ones the dialogue rules forbid: no greet twice in a row; confirm_medication
 * only after a reminder or when the user speaks of medicine; recall_memory only when memory holds
 * something not yet recalled. The rules never leave an event with no answer.
 */
export function actionMask(library: BehaviourLibrary, m: MaskInputs): Set<ActionId> {
  const answers = eventAnswers(library, m);
  const allowed = new Set<ActionId>();
  for (const action of library.actions.values()) {
    if (action.states.includes(m.state) && (!answers || answers.has(action.id))) allowed.add(action.id);
  }
  const byState = new Set(allowed);
  if (m.previousAction === 'greet') allowed.delete('greet');
  const speaksOfMedicine =
    m.input.type === 'user.utterance' && MEDICINE_WORDS.test(normalizeText(m.input.text));
  if (!m.medicationReminded && !speaksOfMedicine) allowed.delete('confirm_medication');
  if (!m.hasUnrecalledMemory) allowed.delete('recall_memory');
  return allowed.size === 0 && answers ? byState : allowed;
}

/** The actions that answer the input's event, or undefined when the mask does not narrow by event. */
function eventAnswers(library: BehaviourLibrary, m: MaskInputs): Set<ActionId> | undefined {
  if (m.input.type !== 'robot.event' || m.state === 'emergency') return undefined;
  const event = m.input.event;
  const answers = new Set<ActionId>();
  for (const action of library.actions.values()) {
    if ((action.events as readonly string[]).includes(event)) answers.add(action.id);
  }
  return answers.size > 0 ? answers : undefined;
}
