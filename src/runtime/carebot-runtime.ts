import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import { CarebotError } from '../core/carebot-error.ts';
import { type Clock, SYSTEM_CLOCK } from '../core/clock.ts';
import { isRobotInput, type SessionInput } from '../core/operator-input.ts';
import type { Policy } from '../core/policy.ts';
import type { RobotAction } from '../core/robot-action.ts';
import type { RobotInput } from '../core/robot-input.ts';
import type { RobotOutput } from '../core/robot-output.ts';
import type { DialogueTiming } from '../dialogue/care-machine.ts';
import { CareSession } from '../dialogue/care-session.ts';
import { DialogueTracker } from '../dialogue/dialogue-tracker.ts';
import type { Logger } from '../log/logger.ts';
import type { Recorder } from '../recording/recorder.ts';
import type { SessionRecording } from '../recording/session-recording.ts';
import type { RobotPort, SessionMeta } from '../robot/port.ts';
import type { RobotProfile } from '../robot/profile/robot-profile.ts';
import { TurnMaker } from './turn-maker.ts';
import { type UserEntry, UserRegistry } from './user-registry.ts';

/** Dependencies of the runtime, in one options object. */
export interface RuntimeOptions {
  port: RobotPort;
  policy: Policy;
  behaviours: BehaviourLibrary;
  profile: RobotProfile;
  log: Logger;
  /** Where user profiles and long-term memory come from. Default: empty profiles, memory in this process only. */
  users?: UserRegistry;
  /** The user of sessions whose adapter names none. Default: `default`. */
  defaultUserId?: string;
  /** Slot values given on the command line; they win over the user's profile. Default: none. */
  userSlots?: Record<string, string>;
  /** Dialogue timers. Default: DEFAULT_TIMING (30 s silence, 300 ms latency budget, ...). */
  timing?: Partial<DialogueTiming>;
  /** Default: the system clock. Tests pass XState's SimulatedClock. */
  clock?: Clock;
  /** Default: Math.random. */
  random?: () => number;
  /** Records every session (inputs, states, actions, corrections). Default: none. */
  recorder?: Recorder;
  /** The robot profile's file, named in recordings. Default: the profile's name. */
  profileFile?: string;
}

interface Session {
  id: string;
  user: UserEntry;
  tracker: DialogueTracker;
  machine: CareSession;
  /** `${facts}:${recalled}` after the last turn: a change is published and saved. */
  memorySignature: string;
  /** The session's recording, while it is open. */
  recording: SessionRecording | undefined;
  /** Waiting for this session's next action (`respond`). */
  waiters: Array<(action: RobotAction | undefined) => void>;
}

const signature = (user: UserEntry) =>
  `${user.memory.facts.length}:${user.memory.facts.filter((f) => f.recalled).length}`;

/**
 * The composition root of a running robot: one care machine per session (none blocking
 * another), the policy, the behaviour library and the robot profile behind one adapter. Inputs
 * go to the session's machine; the machine's outputs go to the adapter.
 */
export class CarebotRuntime {
  private readonly options: RuntimeOptions;
  private readonly clock: Clock;
  private readonly users: UserRegistry;
  private readonly turns: TurnMaker;
  private readonly sessions = new Map<string, Session>();
  /** Every session by id, from its first input (while its user loads, too). */
  private readonly opening = new Map<string, Promise<Session>>();
  /** Sessions ending now, by id (their memory is being saved): ended once, however often asked. */
  private readonly closing = new Map<string, Promise<void>>();

  constructor(options: RuntimeOptions) {
    this.options = options;
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.users = options.users ?? new UserRegistry({ log: options.log });
    const violations = options.behaviours.checkAgainst(options.profile.joints);
    if (violations.length > 0) {
      const v = violations[0];
      throw new CarebotError(
        'BEHAVIOUR_INVALID',
        `gesture '${v?.gesture}' breaks robot '${options.profile.name}' limits: joint ${v?.joint}, keyframe ${v?.keyframe}: ${v?.problem} (${violations.length} problems)`,
      );
    }
    this.turns = new TurnMaker({
      policy: options.policy,
      behaviours: options.behaviours,
      profile: options.profile,
      log: options.log,
      clock: this.clock,
      random: options.random ?? Math.random,
    });
  }

  /** The robot profile's name. */
  get robotName(): string {
    return this.options.profile.name;
  }

  get policyId(): string {
    return this.options.policy.id;
  }

  async start(): Promise<void> {
    this.options.port.onSessionEnd?.((id) => {
      this.endSession(id).catch((error: unknown) =>
        this.options.log.error(`session ${id}: ${(error as Error).message}`),
      );
    });
    await this.options.port.start((sessionId, input, meta) => this.send(sessionId, input, meta));
  }

  /** Ends every session (their memory is saved) and stops the adapter. */
  async stop(): Promise<void> {
    await Promise.all([...this.opening.keys()].map((id) => this.endSession(id, 'shutdown')));
    // Sessions the adapter ended just before (tabs closing) are still saving their memory.
    await Promise.all(this.closing.values());
    await this.options.port.stop();
  }

  /** Delivers one input to its session's machine (opening the session on its first input). */
  send(sessionId: string, input: SessionInput, meta?: SessionMeta): void {
    this.session(sessionId, meta).then(
      (session) => this.deliver(session, input),
      (error: unknown) => this.options.log.error(`session ${sessionId}: ${(error as Error).message}`),
    );
  }

  /**
   * Sends an input and resolves with the session's next action, or undefined when the machine
   * lets the input pass without a turn (silence while nobody is there, leaving after a farewell,
   * operator inputs, or the session ended first). For tests, benchmarks and replays.
   */
  async respond(
    sessionId: string,
    input: SessionInput,
    meta?: SessionMeta,
  ): Promise<RobotAction | undefined> {
    const session = await this.session(sessionId, meta);
    const next = new Promise<RobotAction | undefined>((resolve) => session.waiters.push(resolve));
    this.deliver(session, input);
    const { context } = session.machine;
    if (context.current?.input !== input && !context.queue.includes(input as RobotInput)) {
      session.waiters.pop();
      return undefined;
    }
    return next;
  }

  /** The machine's state path of a session (`engaged.listening`), undefined when it is not open. */
  statePath(sessionId: string): string | undefined {
    return this.sessions.get(sessionId)?.machine.statePath;
  }

  /** Resolves once the session has answered every input it took or queued so far. */
  async settled(sessionId: string): Promise<void> {
    const session = await this.opening.get(sessionId);
    await session?.machine.settled();
  }

  /** Ends a session after its last decision: the machine stops, the user's memory and the policy's memory state are saved. */
  async endSession(sessionId: string, reason = 'ended'): Promise<void> {
    let closing = this.closing.get(sessionId);
    if (!closing) {
      closing = this.close(sessionId, reason).finally(() => this.closing.delete(sessionId));
      this.closing.set(sessionId, closing);
    }
    await closing;
  }

  private async close(sessionId: string, reason: string): Promise<void> {
    const session = await this.opening.get(sessionId)?.catch(() => undefined);
    this.opening.delete(sessionId);
    if (!session) return;
    // The decision in flight is still performed (and recorded) before the machine stops. Inputs
    // queued behind it are not: acting each out for a closed tab held `carebot sim` 30 s on SIGTERM.
    await session.machine.decided();
    this.sessions.delete(sessionId);
    session.machine.stop();
    // Whoever waits for the answer to an input still queued gets none: the session is over.
    for (const wake of session.waiters.splice(0)) wake(undefined);
    session.recording?.close(reason);
    const state = this.options.policy.saveState?.(sessionId);
    this.options.policy.endSession(sessionId);
    await this.users.release(
      session.user,
      state === undefined ? undefined : { policyId: this.policyId, state },
    );
  }

  private session(sessionId: string, meta?: SessionMeta): Promise<Session> {
    let opening = this.opening.get(sessionId);
    if (!opening) {
      opening = this.open(sessionId, meta?.userId ?? this.options.defaultUserId ?? 'default');
      this.opening.set(sessionId, opening);
      opening.catch(() => this.opening.delete(sessionId));
    }
    return opening;
  }

  private async open(sessionId: string, userId: string): Promise<Session> {
    const { policy, behaviours, log } = this.options;
    const user = await this.users.acquire(userId);
    const saved = user.memory.policyState;
    if (saved?.policyId === policy.id && policy.restoreState?.(sessionId, saved.state)) {
      log.debug(`session ${sessionId}: the model resumes user '${userId}' memory state`);
    }
    const tracker = new DialogueTracker({
      library: behaviours,
      memory: user.memory.facts,
      slots: { ...user.profile.slots, ...this.options.userSlots },
      ...(user.profile.lang ? { lang: user.profile.lang } : {}),
      now: () => new Date(this.clock.now()),
    });
    const session: Session = {
      id: sessionId,
      user,
      tracker,
      memorySignature: signature(user),
      waiters: [],
      recording: this.openRecording(sessionId, userId, tracker.slots),
      machine: undefined as unknown as CareSession,
    };
    session.machine = new CareSession({
      tracker,
      clock: this.clock,
      schedule: user.profile.schedule,
      ...(this.options.timing ? { timing: this.options.timing } : {}),
      handlers: {
        decide: (request) => this.turns.decide(sessionId, tracker, request),
        publishState: (change) => this.publish(session, { type: 'robot.state', ...change }),
        publishAction: (action, answers) => {
          this.publish(session, action, answers);
          for (const wake of session.waiters.splice(0)) wake(action);
          this.afterTurn(session);
        },
        publishBackchannel: () => this.publish(session, this.turns.backchannel(tracker.lang)),
        reportError: (error) =>
          log.error(`session ${sessionId}: the policy failed: ${(error as Error)?.message ?? String(error)}`),
      },
    });
    this.sessions.set(sessionId, session);
    return session;
  }

  private deliver(session: Session, input: SessionInput): void {
    this.record(session, input);
    if (isRobotInput(input)) session.machine.send({ type: 'input', input });
    else if (input.type === 'carer.ack') session.machine.send(input);
    // Operator corrections label a past turn; the recorder keeps them, the dialogue goes on.
  }

  private publish(session: Session, output: RobotOutput, answers?: RobotInput): void {
    this.record(session, output, answers);
    this.options.port.publish(session.id, output).catch((error: unknown) => {
      this.options.log.error(
        `session ${session.id}: ${this.options.port.name} could not send ${output.type}: ${(error as Error).message}`,
      );
    });
  }

  private openRecording(sessionId: string, userId: string, userSlots: Record<string, string>) {
    const { recorder, policy, profile, profileFile, log } = this.options;
    try {
      return recorder?.open({
        sessionId,
        userId,
        modelId: policy.id,
        profile: { name: profile.name, file: profileFile ?? profile.name },
        userSlots,
      });
    } catch (error) {
      log.error(`session ${sessionId}: not recorded: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** Appends to the session's recording before anything else sees the event; a failure is logged and the robot goes on. */
  private record(session: Session, event: SessionInput | RobotOutput, answers?: RobotInput): void {
    if (!session.recording || session.recording.closed) return;
    try {
      session.recording.append(event, answers ? { answers } : {});
    } catch (error) {
      this.options.log.error(`session ${session.id}: recording stopped: ${(error as Error).message}`);
    }
  }

  /** Publishes and saves the user's memory when the turn changed it. */
  private afterTurn(session: Session): void {
    const now = signature(session.user);
    if (now === session.memorySignature) return;
    session.memorySignature = now;
    this.publish(session, {
      type: 'robot.memory',
      userId: session.user.profile.id,
      facts: session.user.memory.facts,
    });
    this.users.save(session.user).catch((error: unknown) => {
      this.options.log.error(
        `user '${session.user.profile.id}': memory not saved: ${(error as Error).message}`,
      );
    });
  }
}
