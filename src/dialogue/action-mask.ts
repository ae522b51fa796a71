import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import type { ActionId } from '../core/care-action.ts';
import type { DialogueStateName } from '../core/dialogue-state.ts';
import type { RobotInput } from '../core/robot-input.ts';
import { normalizeText } from '../nlu/normalize-text.ts';

const MEDICINE_WORDS =
  /pill|med(s|icine|ication)?\b|tablet|drug|dose|insulin|inhaler|drops|capsule|vitamin|prescription|swallow|약|알약|먹었|복용/;

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
 * state, less the ones the dialogue rules forbid: no greet twice in a row; confirm_medication
 * only after a reminder or when the user speaks of medicine; recall_memory only when memory holds
 * something not yet recalled.
 */
export function actionMask(library: BehaviourLibrary, m: MaskInputs): Set<ActionId> {
  const allowed = new Set<ActionId>();
  for (const action of library.actions.values()) {
    if (action.states.includes(m.state)) allowed.add(action.id);
  }
  if (m.previousAction === 'greet') allowed.delete('greet');
  const speaksOfMedicine =
    m.input.type === 'user.utterance' && MEDICINE_WORDS.test(normalizeText(m.input.text));
  if (!m.medicationReminded && !speaksOfMedicine) allowed.delete('confirm_medication');
  if (!m.hasUnrecalledMemory) allowed.delete('recall_memory');
  return allowed;
}
