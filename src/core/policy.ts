import type { ActionId } from './care-action.ts';
import type { DialogueStateName } from './dialogue-state.ts';
import type { GeneratedGesture, GeneratedLine, GestureRequest, LineRequest } from './generation.ts';
import type { Lang } from './language.ts';
import type { MemoryFact } from './memory-fact.ts';
import type { ScoredAction } from './robot-action.ts';
import type { RobotInput } from './robot-input.ts';

/** What the dialogue machine knows about the current dialogue, as the policy sees it. */
export interface DialogueFlags {
  /** Index of this turn in the dialogue (0 = it opens the interaction). */
  turn: number;
  wellbeingAsked: boolean;
  /** The user already said how they feel (joy, sadness, pain, tiredness, fright). */
  feelingsTold: boolean;
  emergencyActive: boolean;
  /** This input itself means an emergency (the safety override answers it). */
  emergencyDetected: boolean;
  /** The user says they are fine again (resolves an emergency). */
  fineAgain: boolean;
  medicationReminded: boolean;
}

/** Everything a policy may read for one decision: plain data, no tensors. */
export interface PolicyContext {
  sessionId: string;
  lang: Lang;
  state: DialogueStateName;
  /** Actions the dialogue machine allows now; undefined means all. */
  allowed?: ReadonlySet<ActionId>;
  /**
   * Rank every action, not only the allowed ones (evaluation of the bare model): the mask still
   * reaches a model that reads it as a feature, it just does not restrict the choice. Default false.
   */
  unmasked?: boolean;
  /** The action the robot took last turn in this session. */
  previousAction?: ActionId;
  /** Slot values known now (profile and memory): user_name, medication, contact, ... */
  slots: Readonly<Record<string, string>>;
  memory: readonly MemoryFact[];
  flags: DialogueFlags;
}

/** A policy's answer: the action and its ranking, best first. */
export interface PolicyDecision {
  actionId: ActionId;
  top: ScoredAction[];
  /** Probability that the utterance told a personal fact worth remembering (models with a fact head). */
  factScore?: number;
}

/** Picks the robot's next action. Implementations keep per-session state keyed by `sessionId`. */
export interface Policy {
  /** A short id for logs, recordings and `carebot info` (e.g. `rules`, `lstm:default@<hash>`). */
  readonly id: string;
  decide(input: RobotInput, context: PolicyContext): Promise<PolicyDecision>;
  /** Forget a session's state (memory LSTM state, history). */
  endSession(sessionId: string): void;
  /** The session's memory state as plain JSON data, to keep per user (policies with a memory). */
  saveState?(sessionId: string): unknown;
  /** Starts a session from a state `saveState` returned; false when it does not fit (fresh start). */
  restoreState?(sessionId: string, state: unknown): boolean;
  /** Which decoders the policy has (absent: none). */
  readonly generates?: { speech: boolean; gesture: boolean };
  /**
   * A line for the action just decided in this session, from the speech decoder (plain data);
   * undefined when the policy has none. Call after `decide` for the same turn.
   */
  generateLine?(request: LineRequest): GeneratedLine | undefined;
  /** A gesture for the line being spoken, from the gesture decoder; undefined when the policy has none. */
  generateGesture?(request: GestureRequest): GeneratedGesture | undefined;
}
