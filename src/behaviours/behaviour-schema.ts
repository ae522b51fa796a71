import { z } from 'zod';
import { CARE_EVENTS } from '../core/care-event.ts';
import { DIALOGUE_STATES } from '../core/dialogue-state.ts';

/** Ids of actions and gestures: lower snake case. */
export const ID_PATTERN = /^[a-z][a-z0-9_]*$/;
const id = z.string().regex(ID_PATTERN, 'must be lower_snake_case');

/** Slots the runtime always fills (so templates may rely on them). */
export const ALWAYS_KNOWN_SLOTS = new Set(['time', 'date']);

const templateList = z.array(z.string().trim().min(1, 'a template must not be empty'));

export const actionSchema = z
  .object({
    description: z.string().min(1),
    gesture: id,
    states: z.array(z.enum(DIALOGUE_STATES)).min(1, 'must name at least one dialogue state'),
    events: z.array(z.enum(CARE_EVENTS)).default([]),
    slots: z.array(id).default([]),
    templates: z
      .object({
        en: templateList.min(4, 'needs at least 4 English templates'),
        ko: templateList.min(4, 'needs at least 4 Korean templates'),
      })
      .strict(),
  })
  .strict();

export const actionsFileSchema = z.object({ actions: z.record(id, actionSchema) }).strict();

/**
 * Longest gesture, in seconds. Trajectories are sampled at the frame rate when an action is
 * performed: a keyframe at t: 10000000 loaded fine and then ran the process out of memory on the
 * gesture's first use. The shipped gestures last under 5 s.
 */
export const MAX_GESTURE_SECONDS = 60;

const keyframeSchema = z
  .object({
    t: z
      .number()
      .min(0, 'time must be >= 0')
      .max(MAX_GESTURE_SECONDS, `a gesture lasts at most ${MAX_GESTURE_SECONDS} seconds`),
    joints: z.record(z.string().min(1), z.number().finite()),
  })
  .strict();

export const gestureSchema = z
  .object({
    description: z.string().min(1),
    keyframes: z.array(keyframeSchema).min(2, 'needs at least 2 keyframes'),
  })
  .strict();

export const gesturesFileSchema = z
  .object({
    robot: z.string().min(1),
    frame_rate: z.number().positive().max(240),
    rest: z.record(z.string().min(1), z.number().finite()),
    gestures: z.record(id, gestureSchema),
  })
  .strict();

/** backchannel.yaml: the nod and fillers used when the policy is slower than the latency budget. */
export const backchannelFileSchema = z
  .object({
    gesture: id,
    lines: z.object({ en: templateList.min(1), ko: templateList.min(1) }).strict(),
  })
  .strict();

export type ActionSpec = z.infer<typeof actionSchema>;
export type GestureSpec = z.infer<typeof gestureSchema>;
export type ActionsFile = z.infer<typeof actionsFileSchema>;
export type GesturesFile = z.infer<typeof gesturesFileSchema>;
export type BackchannelSpec = z.infer<typeof backchannelFileSchema>;
