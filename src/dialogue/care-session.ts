import { type Actor, createActor, fromPromise } from 'xstate';
import type { Clock } from '../core/clock.ts';
import type { RobotAction } from '../core/robot-action.ts';
import type { RobotInput } from '../core/robot-input.ts';
import type { ScheduleEntry } from '../core/user-profile.ts';
import { careGuards } from './care-guards.ts';
import {
  type CareMachine,
  type CareMachineContext,
  type CareMachineEvent,
  careMachine,
  type DecideRequest,
  type DecideResult,
  type DialogueTiming,
  type StatePath,
} from './care-machine.ts';
import type { DialogueTracker } from './dialogue-tracker.ts';
import { scheduledEvents } from './scheduled-events.ts';

/** What the runtime provides to one session's machine: the policy and the outputs. */
export interface CareSessionHandlers {
  /** The `decide` actor: the policy's action for a turn. */
  decide(request: DecideRequest): Promise<DecideResult>;
  publishState(change: StatePath): void;
  /** The robot acts; `answers` is the input the action answers. */
  publishAction(action: RobotAction, answers: RobotInput | undefined): void;
  publishBackchannel(): void;
  /** The decide actor failed (the machine goes on listening). */
  reportError(error: unknown): void;
}

/** Options of one session. */
export interface CareSessionOptions {
  tracker: DialogueTracker;
  clock: Clock;
  handlers: CareSessionHandlers;
  /** The user's daily schedule, raised as events. Default: none. */
  schedule?: readonly ScheduleEntry[];
  /** Default: DEFAULT_TIMING. */
  timing?: Partial<DialogueTiming>;
}

/** One dialogue: a running care machine actor with the runtime's implementations provided. */
export class CareSession {
  private readonly actor: Actor<CareMachine>;

  constructor(options: CareSessionOptions) {
    const { handlers } = options;
    const machine = careMachine.provide({
      actors: {
        decide: fromPromise(({ input }) => handlers.decide(input)),
        schedule: scheduledEvents(options.schedule ?? [], options.clock),
      },
      guards: careGuards,
      actions: {
        publishState: (_, params) => handlers.publishState(params),
        publishAction: ({ context }) => {
          if (context.action) handlers.publishAction(context.action, context.current?.input);
        },
        publishBackchannel: () => handlers.publishBackchannel(),
        reportError: ({ event }) => handlers.reportError((event as { error?: unknown }).error),
      },
    });
    this.actor = createActor(machine, {
      input: { tracker: options.tracker, ...(options.timing ? { timing: options.timing } : {}) },
      clock: options.clock,
    });
    this.actor.start();
  }

  send(event: CareMachineEvent): void {
    this.actor.send(event);
  }

  get context(): CareMachineContext {
    return this.actor.getSnapshot().context;
  }

  /** The machine's state path, e.g. `engaged.listening`. */
  get statePath(): string {
    const leaf = this.actor.getSnapshot()._nodes.find((n) => n.type === 'atomic');
    return leaf ? leaf.path.join('.') : '';
  }

  /** Resolves once the machine has answered every input it took or queued so far. */
  settled(): Promise<void> {
    return this.waitWhile(() => this.statePath.endsWith('deciding') || this.context.queue.length > 0);
  }

  /** Resolves once the decision in flight, if any, is made (inputs queued behind it are not waited for). */
  decided(): Promise<void> {
    return this.waitWhile(() => this.statePath.endsWith('deciding'));
  }

  private waitWhile(busy: () => boolean): Promise<void> {
    if (!busy()) return Promise.resolve();
    return new Promise((resolve) => {
      const subscription = this.actor.subscribe(() => {
        if (!busy()) {
          subscription.unsubscribe();
          resolve();
        }
      });
    });
  }

  stop(): void {
    this.actor.stop();
  }
}
