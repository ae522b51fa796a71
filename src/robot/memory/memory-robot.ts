import type { SessionInput } from '../../core/operator-input.ts';
import type { RobotAction } from '../../core/robot-action.ts';
import type { RobotOutput } from '../../core/robot-output.ts';
import type { InputHandler, RobotPort, SessionMeta } from '../port.ts';

/** The test double: inputs are pushed with `send`; actions collect in `actions`, every output in `outputs`. */
export class MemoryRobot implements RobotPort {
  readonly name = 'memory';
  readonly actions: Array<{ sessionId: string; action: RobotAction }> = [];
  readonly outputs: Array<{ sessionId: string; output: RobotOutput }> = [];
  private handler: InputHandler | undefined;
  private waiters: Array<() => void> = [];

  async start(onInput: InputHandler): Promise<void> {
    this.handler = onInput;
  }

  async publish(sessionId: string, output: RobotOutput): Promise<void> {
    this.outputs.push({ sessionId, output });
    if (output.type === 'robot.action') this.actions.push({ sessionId, action: output });
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Delivers an input as an adapter would. */
  send(sessionId: string, input: SessionInput, meta?: SessionMeta): void {
    if (!this.handler) throw new Error('MemoryRobot.send before start');
    this.handler(sessionId, input, meta);
  }

  /** Resolves once `count` actions in all have been performed. */
  async waitForActions(count: number): Promise<void> {
    while (this.actions.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.handler = undefined;
  }
}
