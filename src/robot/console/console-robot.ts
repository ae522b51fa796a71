import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { RobotOutput } from '../../core/robot-output.ts';
import type { InputHandler, RobotPort } from '../port.ts';
import { CONSOLE_COMMANDS, parseConsoleLine } from './console-commands.ts';

/** A terminal conversation: lines in, the robot's lines (with action and gesture) out. */
export class ConsoleRobot implements RobotPort {
  readonly name = 'console';
  private readonly input: Readable;
  private readonly output: Writable;
  private readonly sessionId: string;
  private rl: Interface | undefined;
  /** A person at a terminal (prompts and redraws), not a pipe. */
  private readonly interactive: boolean;
  private endHandlers: Array<(sessionId: string) => void> = [];
  /** Lines read and not handled yet. */
  private readonly lines: string[] = [];
  private inputEnded = false;
  private ended = false;
  /** Set while a piped line waits for the robot's answer. */
  private awaitingAnswer: ReturnType<typeof setTimeout> | undefined;
  private wakeOnAnswer: (() => void) | undefined;
  /** Resolves when the input ends (EOF or /quit). */
  readonly closed: Promise<void>;
  private resolveClosed: () => void = () => {};

  constructor(options: { input: Readable; output: Writable; sessionId?: string }) {
    this.input = options.input;
    this.output = options.output;
    this.sessionId = options.sessionId ?? 'console';
    this.interactive = (options.input as { isTTY?: boolean }).isTTY === true;
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
  }

  async start(onInput: InputHandler): Promise<void> {
    this.rl = createInterface({ input: this.input, output: this.output, terminal: this.interactive });
    this.rl.setPrompt('you> ');
    this.write('Talk to the robot. Events: /help lists them; /quit ends.');
    if (this.interactive) this.rl.prompt();
    this.rl.on('line', (line) => {
      this.lines.push(line);
      this.pump(onInput);
    });
    this.rl.on('close', () => {
      this.inputEnded = true;
      this.pump(onInput);
    });
  }

  /**
   * Handles waiting lines. From a pipe (a script), each line waits for the robot's answer to the
   * previous one (or a second, for an input the robot lets pass), as a person would.
   */
  private pump(onInput: InputHandler): void {
    while (!this.awaitingAnswer) {
      const line = this.lines.shift();
      if (line === undefined) break;
      if (/^\/(quit|exit)\b/i.test(line.trim())) {
        this.lines.length = 0;
        this.inputEnded = true;
        break;
      }
      if (/^\/help\b/i.test(line.trim())) {
        for (const [name, command] of Object.entries(CONSOLE_COMMANDS))
          this.write(`  ${name.padEnd(10)} ${command.help}`);
      } else {
        const parsed = parseConsoleLine(line);
        if (parsed && 'error' in parsed) this.write(parsed.error);
        else if (parsed) {
          onInput(this.sessionId, parsed);
          if (!this.interactive) {
            this.awaitingAnswer = setTimeout(() => this.answered(onInput), 1000);
            this.wakeOnAnswer = () => this.answered(onInput);
          }
          continue; // the robot's answer draws the next prompt
        }
      }
      if (this.interactive) this.rl?.prompt();
    }
    if (this.inputEnded && !this.awaitingAnswer && this.lines.length === 0 && !this.ended) {
      this.ended = true;
      this.rl?.close();
      for (const handler of this.endHandlers) handler(this.sessionId);
      this.resolveClosed();
    }
  }

  private answered(onInput: InputHandler): void {
    clearTimeout(this.awaitingAnswer);
    this.awaitingAnswer = undefined;
    this.wakeOnAnswer = undefined;
    this.pump(onInput);
  }

  async publish(_sessionId: string, output: RobotOutput): Promise<void> {
    if (output.type === 'robot.action') {
      const seconds = output.gesture.trajectory.points.at(-1)?.timeFromStart ?? 0;
      if (output.alert) this.writeAbovePrompt(`!! ALERT to carer: ${output.alert.reason}`);
      this.writeAbovePrompt(
        `robot [${output.actionId} · ${output.gesture.name} ${seconds.toFixed(1)}s · ${output.state}]: ${output.text}`,
      );
      this.wakeOnAnswer?.();
    } else if (output.type === 'robot.backchannel') {
      this.writeAbovePrompt(`robot [${output.gesture.name}]: ${output.text}`);
    }
  }

  onSessionEnd(handler: (sessionId: string) => void): void {
    this.endHandlers.push(handler);
  }

  async stop(): Promise<void> {
    this.rl?.close();
  }

  /** On a terminal: clear whatever the line holds, print, then draw the prompt again. */
  private writeAbovePrompt(line: string): void {
    if (this.interactive) this.output.write('\r\x1b[K');
    this.write(line);
    if (this.interactive) this.rl?.prompt();
  }

  private write(line: string): void {
    this.output.write(`${line}\n`);
  }
}
