import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import { clockSlots } from '../behaviours/clock-slots.ts';
import type { ActionId } from '../core/care-action.ts';
import { CarebotError } from '../core/carebot-error.ts';
import type { DialogueStateName } from '../core/dialogue-state.ts';
import { detectLanguage, type Lang } from '../core/language.ts';
import type { MemoryFact } from '../core/memory-fact.ts';
import type { Policy } from '../core/policy.ts';
import type { RobotAction } from '../core/robot-action.ts';
import type { RobotInput } from '../core/robot-input.ts';
import type { Logger } from '../log/logger.ts';
import { isEmergencyUtterance } from '../nlu/emergency-patterns.ts';
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

interface SessionState {
  state: DialogueStateName;
  lang: Lang;
  previousAction?: ActionId;
  memory: MemoryFact[];
  /** Turns of a session run one after another; sessions never wait for each other. */
  queue: Promise<unknown>;
}

const FINE_AGAIN =
  /\b(i'?m|i am|feel(ing)?) (fine|ok(ay)?|alright|all right|better now)\b|괜찮아|괜찮습니다|괜찮아요/i;

/**
 * Composes port + policy + behaviours + profile: every input becomes one RobotAction.
 * Interim: a small state tracker stands where the XState dialogue machine (issue 4) will go;
 * the safety override (emergency → emergency_help + alert) already runs outside the policy.
 */
export class CarebotRuntime {
  private readonly options: Required<Omit<RuntimeOptions, 'userSlots'>> & {
    userSlots: Record<string, string>;
  };
  private readonly sessions = new Map<string, SessionState>();

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
    const turn = session.queue.then(() => this.turn(sessionId, session, input));
    session.queue = turn.catch(() => undefined);
    return turn;
  }

  endSession(sessionId: string): void {
    this.sessions.delete(sessionId);
    this.options.policy.endSession(sessionId);
  }

  private session(sessionId: string): SessionState {
    let session = this.sessions.get(sessionId);
    if (!session) {
      session = { state: 'idle', lang: 'en', memory: [], queue: Promise.resolve() };
      this.sessions.set(sessionId, session);
    }
    return session;
  }

  private async turn(sessionId: string, session: SessionState, input: RobotInput): Promise<RobotAction> {
    const started = performance.now();
    const { behaviours, profile, policy } = this.options;
    if (input.type === 'user.utterance')
      session.lang = input.lang ?? detectLanguage(input.text, session.lang);
    const emergency =
      input.type === 'robot.event' ? input.event === 'fall_detected' : isEmergencyUtterance(input.text);
    if (session.state === 'idle' || session.state === 'closing') session.state = 'engaged';
    if (input.type === 'robot.event' && input.event === 'silence' && session.state !== 'emergency') {
      session.state = 'initiative';
    }
    const decision = emergency
      ? { actionId: 'emergency_help', top: [{ id: 'emergency_help', score: 1 }] }
      : await policy.decide(input, {
          sessionId,
          lang: session.lang,
          state: session.state,
          ...(session.previousAction ? { previousAction: session.previousAction } : {}),
          slots: this.options.userSlots,
          memory: session.memory,
        });
    const actionDef = behaviours.action(decision.actionId);
    const slots = { ...this.options.userSlots, ...clockSlots(this.options.now(), session.lang) };
    const action: RobotAction = {
      type: 'robot.action',
      actionId: decision.actionId,
      lang: session.lang,
      text: behaviours.renderLine(decision.actionId, session.lang, slots, this.options.random),
      gesture: {
        name: actionDef.gesture,
        trajectory: behaviours.trajectory(
          actionDef.gesture,
          profile.joints.map((j) => j.name),
        ),
      },
      top: decision.top,
      state: emergency ? 'emergency' : session.state,
      latencyMs: 0,
    };
    if (emergency) {
      action.alert = {
        reason: input.type === 'robot.event' ? 'fall detected by sensor' : `user said: "${input.text}"`,
      };
    }
    session.previousAction = decision.actionId;
    session.state = this.nextState(session.state, emergency, input, decision.actionId);
    action.latencyMs = performance.now() - started;
    await this.options.port.perform(sessionId, action);
    return action;
  }

  private nextState(
    state: DialogueStateName,
    emergency: boolean,
    input: RobotInput,
    actionId: ActionId,
  ): DialogueStateName {
    if (emergency) return 'emergency';
    if (state === 'emergency') {
      return input.type === 'user.utterance' && FINE_AGAIN.test(input.text) ? 'engaged' : 'emergency';
    }
    if (actionId === 'farewell' || actionId === 'say_goodnight') return 'closing';
    return 'engaged';
  }
}
