import type { ActionId } from '../core/care-action.ts';
import type { Policy, PolicyContext, PolicyDecision } from '../core/policy.ts';
import type { RobotInput } from '../core/robot-input.ts';
import { isEmergencyUtterance } from '../nlu/emergency-patterns.ts';
import { matchIntents } from '../nlu/intent-patterns.ts';

const EVENT_ACTIONS: Record<string, ActionId> = {
  person_arrived: 'greet',
  person_left: 'farewell',
  medication_due: 'remind_medication',
  hydration_due: 'remind_hydration',
  exercise_due: 'suggest_exercise',
  fall_detected: 'emergency_help',
};

/** Actions after which the user has told how they feel (no need to ask on silence). */
const FEELING_ACTIONS = new Set(['share_joy', 'comfort', 'ask_pain_details', 'suggest_rest', 'reassure']);

interface SessionNotes {
  turns: number;
  actions: Set<ActionId>;
}

/**
 * The rule-based baseline: keyword intents, event mapping and the spec's silence order. It is
 * the stand-in until a trained model exists, and the baseline `carebot bench` compares against.
 */
export class RulePolicy implements Policy {
  readonly id = 'rules';
  private readonly sessions = new Map<string, SessionNotes>();

  async decide(input: RobotInput, context: PolicyContext): Promise<PolicyDecision> {
    const notes = this.sessions.get(context.sessionId) ?? { turns: 0, actions: new Set<ActionId>() };
    this.sessions.set(context.sessionId, notes);
    const ranked = this.rank(input, context, notes);
    const allowed = ranked.filter((id) => !context.allowed || context.allowed.has(id));
    const fallback = [...(context.allowed ?? ['acknowledge'])][0] ?? 'acknowledge';
    const chosen = allowed.length > 0 ? allowed : [fallback];
    const top = chosen.slice(0, 5).map((id, i) => ({ id, score: 1 / (i + 1) }));
    const actionId = chosen[0] ?? fallback;
    notes.turns += 1;
    notes.actions.add(actionId);
    return { actionId, top };
  }

  endSession(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  private rank(input: RobotInput, context: PolicyContext, notes: SessionNotes): ActionId[] {
    if (input.type === 'robot.event') {
      if (input.event === 'fall_detected') return ['emergency_help'];
      if (context.state === 'emergency') return ['reassure'];
      if (input.event === 'head_touched') return notes.turns === 0 ? ['greet'] : ['acknowledge'];
      if (input.event === 'silence') return this.initiative(context, notes);
      return [EVENT_ACTIONS[input.event] ?? 'acknowledge'];
    }
    if (isEmergencyUtterance(input.text)) return ['emergency_help', 'reassure'];
    if (context.state === 'emergency') return ['reassure'];
    const intents = matchIntents(input.text);
    if (intents[0] === 'greet' && context.previousAction === 'greet') intents[0] = 'ask_wellbeing';
    if (intents.length > 0) return [...intents, 'acknowledge'];
    return /\?\s*$/.test(input.text) || input.text.trim().length < 2
      ? ['clarify']
      : ['acknowledge', 'clarify'];
  }

  private initiative(context: PolicyContext, notes: SessionNotes): ActionId[] {
    if (context.memory.some((f) => !f.recalled))
      return ['recall_memory', 'ask_wellbeing', 'ask_about_family'];
    const toldFeelings = [...notes.actions].some((a) => FEELING_ACTIONS.has(a));
    if (!notes.actions.has('ask_wellbeing') && !toldFeelings) return ['ask_wellbeing', 'ask_about_family'];
    return ['ask_about_family', 'remind_hydration'];
  }
}
