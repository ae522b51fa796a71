import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import { clockSlots } from '../behaviours/clock-slots.ts';
import type { ActionId } from '../core/care-action.ts';
import type { DialogueStateName } from '../core/dialogue-state.ts';
import { detectLanguage, type Lang } from '../core/language.ts';
import type { MemoryFact } from '../core/memory-fact.ts';
import type { DialogueFlags, PolicyContext } from '../core/policy.ts';
import type { RobotInput } from '../core/robot-input.ts';
import { actionMask } from './action-mask.ts';
import { factKind, phraseFact } from './phrase-fact.ts';
import { EMERGENCY_ACTION, isEmergencyInput, saysFineAgain } from './safety.ts';

/** Actions after which the user has told how they feel. */
const FEELING_ACTIONS = new Set(['share_joy', 'comfort', 'ask_pain_details', 'suggest_rest', 'reassure']);

/** Longest fact kept (characters): the robot quotes it back, so a rambling utterance is cut at a word. */
export const MAX_FACT_LENGTH = 160;

function shortFact(text: string): string {
  if (text.length <= MAX_FACT_LENGTH) return text;
  const cut = text.slice(0, MAX_FACT_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX_FACT_LENGTH / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/u, '')}…`;
}

/** What the tracker decided about one input, before the policy runs. */
export interface TurnView {
  state: DialogueStateName;
  allowed: Set<ActionId>;
  /** Set when the safety override answers this input (the policy's scores are ignored). */
  override?: ActionId;
  /** The context the policy decides in (without sessionId, which the caller knows). */
  context: Omit<PolicyContext, 'sessionId'>;
}

/** Options of a tracker for one dialogue (one interaction). */
export interface TrackerOptions {
  library: BehaviourLibrary;
  /** Long-term memory of this user, shared across their dialogues (mutated as facts are told and recalled). */
  memory: MemoryFact[];
  /** Slot values about the user (user_name, medication, contact). */
  slots?: Record<string, string>;
  lang?: Lang;
  /** Default: the system clock (when facts were said). */
  now?: () => Date;
}

/**
 * The pure state of one dialogue: state, flags, masks, the safety override and long-term memory.
 * Every decision path uses it the same way (the runtime, training and `carebot eval`):
 * `observe(input)` → policy (unless overridden) → `commit(action, factScore)`.
 */
export class DialogueTracker {
  private readonly library: BehaviourLibrary;
  private readonly now: () => Date;
  readonly memory: MemoryFact[];
  readonly slots: Record<string, string>;
  lang: Lang;
  state: DialogueStateName = 'idle';
  previousAction: ActionId | undefined;
  private turn = 0;
  private wellbeingAsked = false;
  private feelingsTold = false;
  private emergencyActive = false;
  private medicationReminded = false;
  private pending: { input: RobotInput; flags: DialogueFlags } | undefined;

  constructor(options: TrackerOptions) {
    this.library = options.library;
    this.memory = options.memory;
    this.slots = { ...(options.slots ?? {}) };
    this.lang = options.lang ?? 'en';
    this.now = options.now ?? (() => new Date());
  }

  /** Facts told and not recalled yet, newest first. */
  unrecalled(): MemoryFact[] {
    return this.memory.filter((f) => !f.recalled).reverse();
  }

  /** Reads one input: the state it puts the dialogue in, the mask, and the override if any. */
  observe(input: RobotInput): TurnView {
    if (input.type === 'user.utterance') this.lang = input.lang ?? detectLanguage(input.text, this.lang);
    if (
      input.type === 'robot.event' &&
      input.event === 'medication_due' &&
      typeof input.data?.medication === 'string'
    ) {
      this.slots.medication = input.data.medication;
    }
    const fineAgain = input.type === 'user.utterance' && saysFineAgain(input.text);
    // Inside an emergency, "I'm alright, I only slipped" resolves it rather than raising a new one.
    const emergencyDetected = isEmergencyInput(input) && !(this.emergencyActive && fineAgain);
    const state: DialogueStateName =
      this.emergencyActive || emergencyDetected
        ? 'emergency'
        : input.type === 'robot.event' && input.event === 'silence'
          ? 'initiative'
          : 'engaged';
    this.state = state;
    const flags: DialogueFlags = {
      turn: this.turn,
      wellbeingAsked: this.wellbeingAsked,
      feelingsTold: this.feelingsTold,
      emergencyActive: this.emergencyActive,
      emergencyDetected,
      fineAgain,
      medicationReminded: this.medicationReminded,
    };
    const allowed = actionMask(this.library, {
      state,
      input,
      ...(this.previousAction ? { previousAction: this.previousAction } : {}),
      hasUnrecalledMemory: this.memory.some((f) => !f.recalled),
      medicationReminded: this.medicationReminded,
    });
    this.pending = { input, flags };
    return {
      state,
      allowed,
      ...(emergencyDetected ? { override: EMERGENCY_ACTION } : {}),
      context: {
        lang: this.lang,
        state,
        allowed,
        ...(this.previousAction ? { previousAction: this.previousAction } : {}),
        slots: this.slots,
        memory: this.memory,
        flags,
      },
    };
  }

  /**
   * Records the action taken for the last observed input (in evaluation: the expected one) and,
   * when `factScore` > 0.5 on an utterance, the fact it told.
   */
  commit(actionId: ActionId, factScore = 0, factMemory?: string): void {
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) throw new Error('DialogueTracker.commit without observe');
    const { input, flags } = pending;
    if (actionId === EMERGENCY_ACTION) this.emergencyActive = true;
    else if (this.emergencyActive && flags.fineAgain) this.emergencyActive = false;
    if (actionId === 'ask_wellbeing') this.wellbeingAsked = true;
    if (FEELING_ACTIONS.has(actionId)) this.feelingsTold = true;
    if (actionId === 'remind_medication') this.medicationReminded = true;
    if (actionId === 'recall_memory') {
      const fact = this.unrecalled()[0];
      if (fact) fact.recalled = true;
    }
    if (input.type === 'user.utterance' && factScore > 0.5 && !flags.emergencyDetected) {
      this.memory.push({
        kind: factKind(input.text),
        text: shortFact(factMemory ?? phraseFact(input.text, this.lang)),
        lang: this.lang,
        saidAt: this.now().toISOString(),
        recalled: false,
      });
    }
    this.previousAction = actionId;
    this.turn += 1;
    this.state = this.emergencyActive
      ? 'emergency'
      : actionId === 'farewell' || actionId === 'say_goodnight'
        ? 'closing'
        : this.state === 'initiative'
          ? 'engaged'
          : this.state;
  }

  /** A carer took over the emergency: the dialogue is no longer in it. */
  acknowledgeEmergency(): void {
    this.emergencyActive = false;
    if (this.state === 'emergency') this.state = 'engaged';
  }

  /** An emergency is open (raised and not resolved yet). */
  get inEmergency(): boolean {
    return this.emergencyActive;
  }

  /**
   * The slot values a line of `actionId` is rendered with at `now`: the user's, the time and date
   * in the language spoken, and for a recall the memory it quotes.
   */
  slotsFor(actionId: ActionId, now: Date): Record<string, string> {
    const memory = actionId === 'recall_memory' ? this.memorySlot() : undefined;
    return { ...this.slots, ...clockSlots(now, this.lang), ...(memory ? { memory } : {}) };
  }

  /**
   * The `{memory}` slot for a recall: the newest fact not recalled yet, when it was told in the
   * language spoken now (otherwise the robot uses a recall line without the quote).
   */
  memorySlot(): string | undefined {
    const fact = this.unrecalled()[0];
    return fact && fact.lang === this.lang ? fact.text : undefined;
  }
}
