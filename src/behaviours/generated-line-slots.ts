import type { ActionDefinition } from './behaviour-library.ts';

/**
 * The slots a generated line for an action may use: the action's own, and the user's name (the
 * corpus' reference lines address the user by name in every kind of turn). Only slots with a value
 * at that turn are ever filled in.
 */
export function generatedLineSlots(action: Pick<ActionDefinition, 'slots'>): string[] {
  return [...new Set([...action.slots, 'user_name'])];
}
