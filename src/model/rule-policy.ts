import type { ActionId } from '../core/care-action.ts';
import type { Policy, PolicyContext, PolicyDecision } from '../core/policy.ts';
import type { RobotInput } from '../core/robot-input.ts';
import { matchIntents } from '../nlu/intent-patterns.ts';

const EVENT_ACTIONS: Record<string, ActionId> = {
  person_arrived: 'greet',
  person_left: 'farewell',
  medication_due: 'remind_medication',
  hydration_due: 'remind_hydration',
  exercise_due: 'suggest_exercise',
  fall_detected: 'emergency_help',
};

/**
 * The rule-based baseline: keyword intents, the event table and the spec's silence order, over
 * the dialogue flags the tracker supplies. It is what `carebot bench` compares the model against,
 * and what a robot runs when no model is installed.
 */
export class RulePolicy implements Policy {
  readonly id = 'rules';

  async decide(input: RobotInput, context: PolicyContext): Promise<PolicyDecision> {
    const ranked = this.rank(input, context);
    const allowed = ranked.filter(
      (id) => context.unmasked === true || !context.allowed || context.allowed.has(id),
    );
    const fallback =
      context.allowed?.has('acknowledge') === false
        ? ([...context.allowed][0] ?? 'acknowledge')
        : 'acknowledge';
    const chosen = allowed.length > 0 ? allowed : [fallback];
    return {
      actionId: chosen[0] ?? fallback,
      top: chosen.slice(0, 5).map((id, i) => ({ id, score: 1 / (i + 1) })),
    };
  }

  endSession(): void {}

  private rank(input: RobotInput, context: PolicyContext): ActionId[] {
    if (input.type === 'robot.event') {
      if (input.event === 'fall_detected') return ['emergency_help'];
      if (context.state === 'emergency') return ['reassure'];
      if (input.event === 'head_touched') return context.flags.turn === 0 ? ['greet'] : ['acknowledge'];
      if (input.event === 'silence') return this.initiative(context);
      return [EVENT_ACTIONS[input.event] ?? 'acknowledge'];
    }
    // The tracker's detection, which knows that "I'm alright, I only slipped" resolves an emergency.
    if (context.flags.emergencyDetected) return ['emergency_help', 'reassure'];
    if (context.state === 'emergency') return ['reassure'];
    const intents = matchIntents(input.text);
    if (intents[0] === 'greet' && context.previousAction === 'greet') intents[0] = 'ask_wellbeing';
    if (intents.length > 0) return [...intents, 'acknowledge'];
    return /\?\s*$/.test(input.text) || input.text.trim().length < 2
      ? ['clarify']
      : ['acknowledge', 'clarify'];
  }

  private initiative(context: PolicyContext): ActionId[] {
    if (context.memory.some((f) => !f.recalled))
      return ['recall_memory', 'ask_wellbeing', 'ask_about_family'];
    if (!context.flags.wellbeingAsked && !context.flags.feelingsTold)
      return ['ask_wellbeing', 'ask_about_family'];
    return ['ask_about_family', 'remind_hydration'];
  }
}
