import { assign, fromCallback, fromPromise, setup } from 'xstate';
import type { DialogueStateName } from '../core/dialogue-state.ts';
import type { RobotAction } from '../core/robot-action.ts';
import type { RobotEvent, RobotInput } from '../core/robot-input.ts';
import type { DialogueTracker, TurnView } from './dialogue-tracker.ts';

/** Timers of the dialogue, in milliseconds (defaults in DEFAULT_TIMING). */
export interface DialogueTiming {
  /** Silence before the robot takes the initiative. */
  silenceMs: number;
  /** Time the policy has before the robot backchannels (a nod and a filler). */
  latencyBudgetMs: number;
  /** Silence inside an emergency before the robot reassures again (it never leaves by itself). */
  emergencyRepeatMs: number;
  /** After a farewell, time before the robot counts the person as gone. */
  closingMs: number;
  /** Initiatives in a row without an answer before the robot counts the person as gone. */
  maxInitiatives: number;
  /** Speaking rate used to estimate how long a line takes (characters per second). */
  charsPerSecond: number;
}

export const DEFAULT_TIMING: DialogueTiming = {
  silenceMs: 30_000,
  latencyBudgetMs: 300,
  emergencyRepeatMs: 30_000,
  closingMs: 60_000,
  maxInitiatives: 3,
  charsPerSecond: 14,
};

/** What the `decide` actor is asked: the input of this turn and what the tracker made of it. */
export interface DecideRequest {
  input: RobotInput;
  view: TurnView;
  /** Index of the robot turn in this session. */
  turn: number;
}

/** What the `decide` actor answers: the action to perform and the policy's fact score. */
export interface DecideResult {
  action: RobotAction;
  factScore: number;
}

export interface CareMachineContext {
  /** The dialogue's rules and memory (pure): only this machine's actions change it. */
  tracker: DialogueTracker;
  timing: DialogueTiming;
  /** Inputs that arrived while the robot was deciding or acting, oldest first. */
  queue: RobotInput[];
  /** The input being answered, with the tracker's view of it. */
  current: DecideRequest | undefined;
  /** The action being performed. */
  action: RobotAction | undefined;
  /** Initiatives in a row with no answer from the user. */
  initiatives: number;
  turn: number;
}

export type CareMachineEvent = { type: 'input'; input: RobotInput } | { type: 'carer.ack'; by?: string };

export interface CareMachineInput {
  tracker: DialogueTracker;
  timing?: Partial<DialogueTiming>;
}

/** Params of `publishState`: the machine's state path and its top-level state. */
export interface StatePath {
  path: string;
  state: DialogueStateName;
}

function notProvided(name: string): never {
  throw new Error(`care machine: '${name}' must be provided by the runtime (machine.provide)`);
}

const inputOf = (event: CareMachineEvent): RobotInput | undefined =>
  event.type === 'input' ? event.input : undefined;

function silenceInput(timing: DialogueTiming): RobotEvent {
  return { type: 'robot.event', event: 'silence', data: { seconds: Math.round(timing.silenceMs / 1000) } };
}

/** How long the robot takes to perform an action: the longer of the line and the gesture, in whole ms. */
export function actingTimeMs(action: RobotAction, timing: DialogueTiming): number {
  const speech = (action.text.length / timing.charsPerSecond) * 1000;
  const gesture = (action.gesture.trajectory.points.at(-1)?.timeFromStart ?? 0) * 1000;
  // Whole milliseconds: timers compare times, and fractions at epoch scale round unpredictably.
  return Math.ceil(Math.max(speech, gesture, 500));
}

const state = (path: string) => ({
  type: 'publishState' as const,
  params: { path, state: path.split('.')[0] as DialogueStateName },
});

/**
 * A deciding state's body: the `decide` actor answers the current input (then the robot acts);
 * if it takes longer than the latency budget the robot backchannels meanwhile.
 */
const decide = <T extends string>(onErrorTarget: T) => ({
  invoke: {
    src: 'decide' as const,
    input: ({ context }: { context: CareMachineContext }) => context.current as DecideRequest,
    onDone: {
      target: 'acting' as const,
      actions: {
        type: 'commit' as const,
        params: ({ event }: { event: { output: DecideResult } }) => event.output,
      },
    },
    onError: { target: onErrorTarget, actions: 'reportError' as const },
  },
  after: { latencyBudget: { actions: 'publishBackchannel' as const } },
});

/** While a decision is made, an emergency interrupts it; anything else waits its turn. */
const WHILE_DECIDING = {
  input: [
    { guard: 'isEmergency' as const, target: '#care.emergency', actions: 'take' as const },
    { actions: 'enqueue' as const },
  ],
};

/**
 * The dialogue manager: decides *when* the robot acts and what it may do; the `decide` actor
 * (the policy, provided by the runtime) decides *what*. It names its actors, guards and output
 * actions only; the runtime provides them with `.provide()`, tests the same way with a
 * simulated clock.
 *
 * - idle: nobody there (silence and leaving are ignored); any other input starts a turn.
 * - engaged.listening → deciding (the latency budget may backchannel) → acting (an utterance
 *   interrupts; events wait their turn) → listening; silence → initiative; farewell → closing.
 * - emergency: entered by any emergency input (the safety override answers it); every input in
 *   it is answered at once; left only when a carer acknowledges or the user says they are fine,
 *   never by a timer (silence brings another reassurance).
 */
export const careMachine = setup({
  types: {
    context: {} as CareMachineContext,
    events: {} as CareMachineEvent,
    input: {} as CareMachineInput,
  },
  actors: {
    /** The policy's answer to the current input (model + rendering). */
    decide: fromPromise<DecideResult, DecideRequest>(async () => notProvided('decide')),
    /** Scheduled events of the user's profile (medication, hydration, exercise), sent as inputs. */
    schedule: fromCallback<CareMachineEvent>(() => notProvided('schedule')),
  },
  guards: {
    /** The input means an emergency, or an emergency is still open. */
    isEmergency: () => notProvided('isEmergency'),
    /** The input is the silence event. */
    isSilence: () => notProvided('isSilence'),
    /** The input is a user utterance (it interrupts the robot). */
    isUtterance: () => notProvided('isUtterance'),
    /** The person walked away. */
    isLeaving: () => notProvided('isLeaving'),
    /** After the last turn, an emergency is open. */
    emergencyOpen: () => notProvided('emergencyOpen'),
    /** The last action ended the conversation (farewell, good night). */
    saidGoodbye: () => notProvided('saidGoodbye'),
  },
  actions: {
    publishState: (_, _params: StatePath) => notProvided('publishState'),
    /** Perform the action in context (say + gesture + alert). */
    publishAction: () => notProvided('publishAction'),
    /** Nod and say a filler: the latency budget ran out. */
    publishBackchannel: () => notProvided('publishBackchannel'),
    /** The decide actor failed: report it (the robot goes back to listening). */
    reportError: () => notProvided('reportError'),
    /** Observe the event's input as the new current turn. */
    take: assign(({ context, event }) => {
      const input = inputOf(event);
      if (!input) return {};
      return {
        current: { input, view: context.tracker.observe(input), turn: context.turn },
        initiatives: input.type === 'user.utterance' ? 0 : context.initiatives,
      };
    }),
    /** The silence timer ran out: the robot's own initiative. */
    takeSilence: assign(({ context }) => {
      const input = silenceInput(context.timing);
      return {
        current: { input, view: context.tracker.observe(input), turn: context.turn },
        initiatives: context.initiatives + 1,
      };
    }),
    takeQueued: assign(({ context }) => {
      const [input, ...rest] = context.queue;
      if (!input) return {};
      return {
        queue: rest,
        current: { input, view: context.tracker.observe(input), turn: context.turn },
        initiatives: input.type === 'user.utterance' ? 0 : context.initiatives,
      };
    }),
    enqueue: assign(({ context, event }) => {
      const input = inputOf(event);
      return input ? { queue: [...context.queue, input] } : {};
    }),
    /** The decision is final: the tracker commits it (memory, flags) and the robot acts. */
    commit: assign(({ context }, result: DecideResult) => {
      context.tracker.commit(result.action.actionId, result.factScore);
      return { action: result.action, turn: context.turn + 1 };
    }),
    resetInitiatives: assign({ initiatives: 0 }),
    /** A carer acknowledged the emergency: it is over for the dialogue rules too. */
    acknowledge: ({ context }) => context.tracker.acknowledgeEmergency(),
  },
  delays: {
    silence: ({ context }) => context.timing.silenceMs,
    latencyBudget: ({ context }) => context.timing.latencyBudgetMs,
    emergencyRepeat: ({ context }) => context.timing.emergencyRepeatMs,
    closing: ({ context }) => context.timing.closingMs,
    acting: ({ context }) => (context.action ? actingTimeMs(context.action, context.timing) : 0),
  },
}).createMachine({
  id: 'care',
  context: ({ input }) => ({
    tracker: input.tracker,
    timing: { ...DEFAULT_TIMING, ...input.timing },
    queue: [],
    current: undefined,
    action: undefined,
    initiatives: 0,
    turn: 0,
  }),
  invoke: { src: 'schedule' },
  initial: 'idle',
  states: {
    idle: {
      entry: [state('idle'), 'resetInitiatives'],
      on: {
        input: [
          { guard: 'isEmergency', target: 'emergency', actions: 'take' },
          { guard: 'isSilence' },
          { guard: 'isLeaving' },
          { target: 'engaged.deciding', actions: 'take' },
        ],
      },
    },
    engaged: {
      initial: 'listening',
      states: {
        listening: {
          entry: state('engaged.listening'),
          always: {
            guard: ({ context }) => context.queue.length > 0,
            target: 'deciding',
            actions: 'takeQueued',
          },
          after: {
            silence: [
              {
                guard: ({ context }) => context.initiatives >= context.timing.maxInitiatives,
                target: '#care.idle',
              },
              { target: '#care.initiative', actions: 'takeSilence' },
            ],
          },
          on: {
            input: [
              { guard: 'isEmergency', target: '#care.emergency', actions: 'take' },
              { guard: 'isSilence', target: '#care.initiative', actions: 'take' },
              { target: 'deciding', actions: 'take' },
            ],
          },
        },
        deciding: {
          entry: state('engaged.deciding'),
          ...decide('listening'),
          on: WHILE_DECIDING,
        },
        acting: {
          entry: [state('engaged.acting'), 'publishAction'],
          after: {
            acting: [
              { guard: 'emergencyOpen', target: '#care.emergency.waiting' },
              { guard: 'saidGoodbye', target: '#care.closing' },
              { target: 'listening' },
            ],
          },
          on: {
            input: [
              { guard: 'isEmergency', target: '#care.emergency', actions: 'take' },
              { guard: 'isUtterance', target: 'deciding', actions: 'take' },
              { actions: 'enqueue' },
            ],
          },
        },
      },
    },
    initiative: {
      initial: 'deciding',
      states: {
        deciding: {
          entry: state('initiative.deciding'),
          ...decide('#care.engaged.listening'),
          on: WHILE_DECIDING,
        },
        acting: {
          entry: [state('initiative.acting'), 'publishAction'],
          after: { acting: { target: '#care.engaged.listening' } },
          on: {
            input: [
              { guard: 'isEmergency', target: '#care.emergency', actions: 'take' },
              { guard: 'isUtterance', target: '#care.engaged.deciding', actions: 'take' },
              { actions: 'enqueue' },
            ],
          },
        },
      },
    },
    emergency: {
      initial: 'deciding',
      // Reassurances on silence inside the emergency are not unanswered small talk.
      exit: 'resetInitiatives',
      on: { 'carer.ack': { target: '#care.engaged.listening', actions: 'acknowledge' } },
      states: {
        deciding: {
          entry: state('emergency.deciding'),
          ...decide('waiting'),
          on: { input: { actions: 'enqueue' } },
        },
        acting: {
          entry: [state('emergency.acting'), 'publishAction'],
          after: {
            acting: [{ guard: 'emergencyOpen', target: 'waiting' }, { target: '#care.engaged.listening' }],
          },
          // Anything said or sensed during an emergency is answered at once (a second fall, too).
          on: { input: { target: 'deciding', actions: 'take' } },
        },
        waiting: {
          entry: state('emergency.waiting'),
          always: {
            guard: ({ context }) => context.queue.length > 0,
            target: 'deciding',
            actions: 'takeQueued',
          },
          after: { emergencyRepeat: { target: 'deciding', actions: 'takeSilence' } },
          on: { input: { target: 'deciding', actions: 'take' } },
        },
      },
    },
    closing: {
      entry: state('closing'),
      after: { closing: '#care.idle' },
      on: {
        input: [
          { guard: 'isEmergency', target: '#care.emergency', actions: 'take' },
          { guard: 'isLeaving', target: '#care.idle' },
          { guard: 'isSilence' },
          { target: '#care.engaged.deciding', actions: 'take' },
        ],
      },
    },
  },
});

export type CareMachine = typeof careMachine;
