import type { RobotInput } from '../core/robot-input.ts';
import type { CareMachineContext, CareMachineEvent } from './care-machine.ts';
import { isEmergencyInput } from './safety.ts';

type GuardArgs = { context: CareMachineContext; event: CareMachineEvent };

const inputOf = (event: CareMachineEvent): RobotInput | undefined =>
  event.type === 'input' ? event.input : undefined;

const isEvent = (event: CareMachineEvent, name: string): boolean => {
  const input = inputOf(event);
  return input?.type === 'robot.event' && input.event === name;
};

/**
 * The guards the care machine names, as the runtime provides them: the safety rules
 * (src/dialogue/safety.ts) and the tracker's view of the dialogue.
 */
export const careGuards = {
  isEmergency: ({ context, event }: GuardArgs): boolean => {
    const input = inputOf(event);
    return input !== undefined && (context.tracker.inEmergency || isEmergencyInput(input));
  },
  isSilence: ({ event }: GuardArgs): boolean => isEvent(event, 'silence'),
  isUtterance: ({ event }: GuardArgs): boolean => inputOf(event)?.type === 'user.utterance',
  isLeaving: ({ event }: GuardArgs): boolean => isEvent(event, 'person_left'),
  emergencyOpen: ({ context }: GuardArgs): boolean => context.tracker.inEmergency,
  saidGoodbye: ({ context }: GuardArgs): boolean => context.tracker.state === 'closing',
};
