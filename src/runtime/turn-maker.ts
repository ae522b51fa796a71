import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import { libraryGesture, renderAction } from '../behaviours/render-action.ts';
import type { Clock } from '../core/clock.ts';
import type { Lang } from '../core/language.ts';
import type { Policy, PolicyDecision } from '../core/policy.ts';
import type { RobotAction } from '../core/robot-action.ts';
import type { RobotBackchannel } from '../core/robot-output.ts';
import type { DecideRequest, DecideResult } from '../dialogue/care-machine.ts';
import type { DialogueTracker } from '../dialogue/dialogue-tracker.ts';
import { alertReason } from '../dialogue/safety.ts';
import type { Logger } from '../log/logger.ts';
import type { RobotProfile } from '../robot/profile/robot-profile.ts';

/** What a TurnMaker needs, in one options object. */
export interface TurnMakerOptions {
  policy: Policy;
  behaviours: BehaviourLibrary;
  profile: RobotProfile;
  log: Logger;
  clock: Clock;
  random: () => number;
}

/**
 * The runtime's `decide` actor: the policy's decision for a turn (or the safety override's),
 * rendered as a RobotAction by the profile's speech and gesture modes (a template or a generated
 * line with its slots filled; a library or generated gesture as a trajectory for the robot's
 * joints, always through the safety filter).
 */
export class TurnMaker {
  private readonly o: TurnMakerOptions;

  constructor(options: TurnMakerOptions) {
    this.o = options;
  }

  async decide(sessionId: string, tracker: DialogueTracker, request: DecideRequest): Promise<DecideResult> {
    const started = performance.now();
    const { policy, behaviours, profile, log } = this.o;
    const { input, view } = request;
    const context = { ...view.context, sessionId };
    let decision: PolicyDecision;
    if (view.override) {
      // The model still reads the turn (its memory follows the whole dialogue, as in training),
      // but the safety override never waits for it.
      policy.decide(input, context).catch((error: unknown) => {
        log.warn(`session ${sessionId}: the policy failed on an emergency turn: ${(error as Error).message}`);
      });
      decision = { actionId: view.override, top: [{ id: view.override, score: 1 }] };
    } else {
      decision = await policy.decide(input, context);
    }
    const slots = tracker.slotsFor(decision.actionId, new Date(this.o.clock.now()));
    const rendered = renderAction({
      policy,
      library: behaviours,
      limits: profile.joints,
      speechMode: profile.speechMode,
      gestureMode: profile.gestureMode,
      sessionId,
      actionId: decision.actionId,
      lang: tracker.lang,
      slots,
      random: this.o.random,
      override: view.override !== undefined,
    });
    if (rendered.generation.fallback) log.debug(`session ${sessionId}: ${rendered.generation.fallback}`);
    const action: RobotAction = {
      type: 'robot.action',
      actionId: decision.actionId,
      lang: tracker.lang,
      text: rendered.text,
      gesture: rendered.gesture,
      top: decision.top,
      state: view.state,
      turn: request.turn,
      latencyMs: performance.now() - started,
      generation: rendered.generation,
      ...(view.override ? { alert: { reason: alertReason(input) } } : {}),
    };
    return { action, factScore: decision.factScore ?? 0 };
  }

  /** A nod and a filler while the policy is still deciding. */
  backchannel(lang: Lang): RobotBackchannel {
    const { behaviours, profile } = this.o;
    const { gesture } = behaviours.backchannel;
    const safe = libraryGesture(behaviours, gesture, profile.joints);
    return {
      type: 'robot.backchannel',
      lang,
      text: behaviours.backchannelLine(lang, this.o.random),
      gesture: { name: gesture, trajectory: safe.trajectory },
    };
  }
}
