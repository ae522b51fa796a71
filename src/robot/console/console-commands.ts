import type { RobotInput } from '../../core/robot-input.ts';

/** Console shortcuts for events: `/fall`, `/med blood pressure pills`, ... */
export const CONSOLE_COMMANDS: Record<string, { help: string; toInput: (arg: string) => RobotInput }> = {
  '/arrive': { help: 'a person arrives', toInput: () => ({ type: 'robot.event', event: 'person_arrived' }) },
  '/leave': { help: 'the person walks away', toInput: () => ({ type: 'robot.event', event: 'person_left' }) },
  '/silence': {
    help: 'let the silence timeout pass',
    toInput: (arg) => ({ type: 'robot.event', event: 'silence', data: { seconds: Number(arg) || 30 } }),
  },
  '/med': {
    help: 'medication is due [name]',
    toInput: (arg) => ({
      type: 'robot.event',
      event: 'medication_due',
      ...(arg ? { data: { medication: arg } } : {}),
    }),
  },
  '/water': { help: 'a drink is due', toInput: () => ({ type: 'robot.event', event: 'hydration_due' }) },
  '/exercise': { help: 'exercise time', toInput: () => ({ type: 'robot.event', event: 'exercise_due' }) },
  '/fall': { help: 'a fall sensor fires', toInput: () => ({ type: 'robot.event', event: 'fall_detected' }) },
  '/touch': {
    help: "the robot's head is touched",
    toInput: () => ({ type: 'robot.event', event: 'head_touched' }),
  },
};

/** Parses a console line: a command, an utterance, or null for a blank line / unknown command. */
export function parseConsoleLine(line: string): RobotInput | { error: string } | null {
  const text = line.trim();
  if (text === '') return null;
  if (!text.startsWith('/')) return { type: 'user.utterance', text };
  const [name = '', ...rest] = text.split(/\s+/);
  const command = CONSOLE_COMMANDS[name.toLowerCase()];
  if (!command) return { error: `unknown command ${name}; try /help` };
  return command.toInput(rest.join(' '));
}
