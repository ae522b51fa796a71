import { z } from 'zod';
import type { JointLimit } from '../../core/joint-limit.ts';

const topic = z
  .string()
  .regex(/^\/?[A-Za-z][A-Za-z0-9_/]*$/, 'must be a ROS topic name')
  .nullable();

/** The ROS side of a profile: node name and topic map (null disables a topic). */
export const rosSectionSchema = z
  .object({
    node_name: z
      .string()
      .regex(/^\/?[A-Za-z][A-Za-z0-9_]*$/)
      .default('/carebot'),
    topics: z
      .object({
        utterance: topic.default('/carebot/user_utterance'),
        event: topic.default('/carebot/event'),
        say: topic.default('/carebot/say'),
        gesture: topic.default('/carebot/gesture'),
        gesture_name: topic.default('/carebot/gesture_name'),
        alert: topic.default('/carebot/alert'),
        state: topic.default('/carebot/state'),
      })
      .strict()
      .prefault({}),
    /** Gesture id → the robot's own animation name, for `gesture_name` (e.g. QTrobot's `QT/hi`). */
    gesture_names: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export const robotProfileFileSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    /** Path to the URDF, relative to the profile file. */
    urdf: z.string().min(1),
    /** Tighter limits than the URDF's, per joint (never wider), and acceleration limits (URDF has none). */
    joint_limits: z
      .record(
        z.string(),
        z
          .object({
            lower: z.number(),
            upper: z.number(),
            velocity: z.number().positive(),
            acceleration: z.number().positive(),
          })
          .partial()
          .strict(),
      )
      .default({}),
    /** How speech is produced: a library template, the decoder, or the decoder with template fallback. */
    speech_mode: z.enum(['select', 'generate', 'hybrid']).default('select'),
    gesture_mode: z.enum(['select', 'generate', 'hybrid']).default('select'),
    ros: rosSectionSchema.prefault({}),
  })
  .strict();

export type RobotProfileFile = z.infer<typeof robotProfileFileSchema>;
export type RosTopicMap = RobotProfileFile['ros']['topics'];

/** A loaded robot profile: the file's settings plus the joints and limits read from its URDF. */
export interface RobotProfile {
  name: string;
  description: string;
  /** Absolute paths. */
  file: string;
  urdfFile: string;
  urdf: string;
  /** Movable joints in URDF order, limits already tightened by `joint_limits`. */
  joints: JointLimit[];
  speechMode: RobotProfileFile['speech_mode'];
  gestureMode: RobotProfileFile['gesture_mode'];
  ros: RobotProfileFile['ros'];
}
