import type { CareEventName } from '../../src/core/care-event.ts';
import type { DialogueStateName } from '../../src/core/dialogue-state.ts';
import type { Lang } from '../../src/core/language.ts';
import type { MemoryFact } from '../../src/core/memory-fact.ts';
import type { OperatorCorrection } from '../../src/core/operator-input.ts';
import type { RobotAction } from '../../src/core/robot-action.ts';
import type { RobotEvent, UserUtterance } from '../../src/core/robot-input.ts';
import type { RobotMemory, RobotStateChange } from '../../src/core/robot-output.ts';
import type { SessionInfo } from '../../src/recording/recording-format.ts';

/** Events built the way the runtime builds them, for recording tests. */
export const utterance = (text: string, lang?: Lang): UserUtterance => ({
  type: 'user.utterance',
  text,
  ...(lang ? { lang } : {}),
});

export const careEvent = (event: CareEventName, data?: RobotEvent['data']): RobotEvent => ({
  type: 'robot.event',
  event,
  ...(data ? { data } : {}),
});

export const stateChange = (path: string): RobotStateChange => ({
  type: 'robot.state',
  path,
  state: (path.split('.')[0] ?? 'engaged') as DialogueStateName,
});

export const correction = (turn: number, actionId: string, text?: string): OperatorCorrection => ({
  type: 'operator.correction',
  turn,
  actionId,
  ...(text !== undefined ? { text } : {}),
});

export const memory = (
  userId: string,
  facts: Array<Partial<MemoryFact> & { text: string }>,
): RobotMemory => ({
  type: 'robot.memory',
  userId,
  facts: facts.map((f) => ({
    kind: 'other',
    lang: 'en',
    saidAt: '2026-11-24T10:00:00.000Z',
    recalled: false,
    ...f,
  })),
});

/** A robot action with a small real-looking trajectory (two joints, three points). */
export function robotAction(
  actionId: string,
  turn: number,
  options: { lang?: Lang; text?: string; state?: DialogueStateName } = {},
): RobotAction {
  return {
    type: 'robot.action',
    actionId,
    lang: options.lang ?? 'en',
    text: options.text ?? `(${actionId})`,
    gesture: {
      name: 'nod',
      trajectory: {
        jointNames: ['head_pitch', 'head_yaw'],
        points: [0, 0.4, 0.8].map((s, k) => ({
          positions: [0.1 * k, 0.05 * k],
          velocities: [0, 0],
          timeFromStart: s,
        })),
      },
    },
    top: [
      { id: actionId, score: 0.8 },
      { id: 'acknowledge', score: 0.1 },
    ],
    state: options.state ?? 'engaged',
    turn,
    latencyMs: 3.5,
  };
}

/** The header info of a test session. */
export const sessionInfo = (
  sessionId: string,
  userId = 'u-rose',
  userSlots?: Record<string, string>,
): SessionInfo => ({
  sessionId,
  userId,
  modelId: 'lstm:test',
  profile: { name: 'carebot_humanoid', file: 'robot/profiles/carebot_humanoid.yaml' },
  ...(userSlots ? { userSlots } : {}),
});

/** A clock that advances a second per call, from a fixed start. */
export function steppingClock(start = '2026-11-24T10:00:00.000Z'): () => Date {
  let t = Date.parse(start);
  return () => {
    const now = new Date(t);
    t += 1000;
    return now;
  };
}
