import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import { clockSlots } from '../behaviours/clock-slots.ts';
import { CarebotError } from '../core/carebot-error.ts';
import type { MemoryFact } from '../core/memory-fact.ts';
import { isRobotInput } from '../core/operator-input.ts';
import type { Policy, PolicyDecision } from '../core/policy.ts';
import type { RobotAction } from '../core/robot-action.ts';
import type { RobotInput } from '../core/robot-input.ts';
import { DialogueTracker } from '../dialogue/dialogue-tracker.ts';
import { alertReason } from '../dialogue/safety.ts';
import type { Logger } from '../log/logger.ts';
import type { RobotPort } from '../robot/port.ts';
import type { RobotProfile } from '../robot/profile/robot-profile.ts';

/** Dependencies of the runtime, in one options object. */
export interface RuntimeOptions {
  port: RobotPort;
  policy: Policy;
  behaviours: BehaviourLibrary;
  profile: RobotProfile;
  log: Logger;
  /** Slot values about the user (user_name, medication, contact). Default: none. */
  userSlots?: Record<string, string>;
  /** Default: the system clock. */
  now?: () => Date;
  /** Default: Math.random. */
  random?: () => number;
}

interface Session {
  tracker: DialogueTracker;
  /** Turns of a session run one after another; sessions never wait for each other. */
  queue: Promise<unknown>;
}

/**
 * Composes port + dialogue tracker + policy + behaviours + profile: every input becomes one
 * RobotAction. The safety override (emergency → emergency_help + alert) runs outside the policy.
 * The XState machine with timers and the latency budget (issue 4) will drive this same tracker.
 */
export class CarebotRuntime {
  private readonly options: Required<Omit<RuntimeOptions, 'userSlots'>> & {
    userSlots: Record<string, string>;
  };
  private readonly sessions = new Map<string, Session>();
  /** Long-term memory per user (in-process until persistence lands). */
  private readonly memories = new Map<string, MemoryFact[]>();

  constructor(options: RuntimeOptions) {
    this.options = { now: () => new Date(), random: Math.random, userSlots: {}, ...options };
    const violations = options.behaviours.checkAgainst(options.profile.joints);
    if (violations.length > 0) {
      const v = violations[0];
      throw new CarebotError(
        'BEHAVIOUR_INVALID',
        `gesture '${v?.gesture}' breaks robot '${options.profile.name}' limits: joint ${v?.joint}, keyframe ${v?.keyframe}: ${v?.problem} (${violations.length} problems)`,
      );
    }
  }

  async start(): Promise<void> {
    this.options.port.onSessionEnd?.((id) => this.endSession(id));
    await this.options.port.start((sessionId, input) => {
      if (!isRobotInput(input)) return;
      this.handle(sessionId, input).catch((error: unknown) => {
        this.options.log.error(`session ${sessionId}: turn failed: ${(error as Error).message}`);
      });
    });
  }

  async stop(): Promise<void> {
    await this.options.port.stop();
  }

  /** Runs one turn (queued behind the session's earlier turns) and performs the action. */
  handle(sessionId: string, input: RobotInput): Promise<RobotAction> {
    const session = this.session(sessionId);
    const turn = session.queue.then(() => this.turn(sessionId, session.tracker, input));
    session.queue = turn.catch(() => undefined);
    return turn;
  }

  endSession(sessionId: string): void {
    this.sessions.delete(sessionId);
    this.options.policy.endSession(sessionId);
  }

  private session(sessionId: string): Session {
    let session = this.sessions.get(sessionId);
    if (!session) {
      const memory = this.memories.get(sessionId) ?? [];
      this.memories.set(sessionId, memory);
      const tracker = new DialogueTracker({
        library: this.options.behaviours,
        memory,
        slots: this.options.userSlots,
        now: this.options.now,
      });
      session = { tracker, queue: Promise.resolve() };
      this.sessions.set(sessionId, session);
    }
    return session;
  }

  private async turn(sessionId: string, tracker: DialogueTracker, input: RobotInput): Promise<RobotAction> {
    const started = performance.now();
    const { behaviours, profile, policy } = this.options;
    const view = tracker.observe(input);
    const decision: PolicyDecision = view.override
      ? { actionId: view.override, top: [{ id: view.override, score: 1 }] }
      : await policy.decide(input, { ...view.context, sessionId });
    const memory = decision.actionId === 'recall_memory' ? tracker.memorySlot() : undefined;
    const slots = {
      ...tracker.slots,
      ...clockSlots(this.options.now(), tracker.lang),
      ...(memory ? { memory } : {}),
    };
    const actionDef = behaviours.action(decision.actionId);
    const action: RobotAction = {
      type: 'robot.action',
      actionId: decision.actionId,
      lang: tracker.lang,
      text: behaviours.renderLine(decision.actionId, tracker.lang, slots, this.options.random),
      gesture: {
        name: actionDef.gesture,
        trajectory: behaviours.trajectory(
          actionDef.gesture,
          profile.joints.map((j) => j.name),
        ),
      },
      top: decision.top,
      state: view.state,
      turn: 0,
      latencyMs: 0,
    };
    if (view.override) action.alert = { reason: alertReason(input) };
    tracker.commit(decision.actionId, decision.factScore ?? 0);
    action.latencyMs = performance.now() - started;
    await this.options.port.publish(sessionId, action);
    return action;
  }
}
