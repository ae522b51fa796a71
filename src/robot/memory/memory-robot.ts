import type { RobotAction } from '../../core/robot-action.ts';
import type { RobotInput } from '../../core/robot-input.ts';
import type { InputHandler, RobotPort } from '../port.ts';

/** The test double: inputs are pushed with `send`, performed actions collect in `actions`. */
export class MemoryRobot implements RobotPort {
  readonly name = 'memory';
  readonly actions: Array<{ sessionId: string; action: RobotAction }> = [];
  private handler: InputHandler | undefined;
  private waiters: Array<() => void> = [];

  async start(onInput: InputHandler): Promise<void> {
    this.handler = onInput;
  }

  async perform(sessionId: string, action: RobotAction): Promise<void> {
    this.actions.push({ sessionId, action });
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Delivers an input as an adapter would. */
  send(sessionId: string, input: RobotInput): void {
    if (!this.handler) throw new Error('MemoryRobot.send before start');
    this.handler(sessionId, input);
  }

  /** Resolves once `count` actions in all have been performed. */
  async waitForActions(count: number): Promise<void> {
    while (this.actions.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.handler = undefined;
  }
}
