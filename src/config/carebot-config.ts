import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { USER_ID_PATTERN } from '../core/user-profile.ts';
import { LOG_LEVELS } from '../log/logger.ts';

/** The folder carebot is installed in: default data (behaviours/, models/, robot/) lives there. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every setting, with its default. Paths are absolute once loaded. */
export const configSchema = z
  .object({
    /** behaviours/ folder (actions.yaml, gestures.yaml). Default: the package's own. */
    behavioursDir: z.string().default(path.join(PACKAGE_ROOT, 'behaviours')),
    /** Where models are listed from. Default: the package's models/. */
    modelsDir: z.string().default(path.join(PACKAGE_ROOT, 'models')),
    /** The model every command uses unless told otherwise. Default: models/default. */
    modelDir: z.string().default(path.join(PACKAGE_ROOT, 'models', 'default')),
    /** The robot profile (YAML). Default: robot/profiles/carebot_humanoid.yaml. */
    profileFile: z.string().default(path.join(PACKAGE_ROOT, 'robot', 'profiles', 'carebot_humanoid.yaml')),
    /** User profiles (`<user>.yaml`: name, medication, contact, lang, schedule). Default: the package's users/. */
    usersDir: z.string().default(path.join(PACKAGE_ROOT, 'users')),
    /** Long-term memory per user (`<user>.json`, owner-only). Default: ./memory. */
    memoryDir: z.string().default('memory'),
    /** The user of sessions whose adapter names none (the terminal, a ROS robot). Default: default. */
    defaultUser: z.string().regex(USER_ID_PATTERN, 'letters, digits, _ - . (at most 64)').default('default'),
    /** Session recordings. Default: ./recordings. */
    recordingsDir: z.string().default('recordings'),
    /** Force a TensorFlow.js backend; default: the fastest that loads. */
    backend: z.enum(['tensorflow', 'wasm', 'cpu']).optional(),
    /** Default: info. */
    logLevel: z.enum(LOG_LEVELS).default('info'),
    /** Seconds without input before the robot takes the initiative. Default: 30. */
    silenceSeconds: z.number().positive().default(30),
    /**
     * How the robot's lines and gestures are made, overriding the profile's speech_mode and
     * gesture_mode: select (templates and the gesture library), generate (the model's decoders),
     * hybrid (the decoders, the templates when a check fails). Default: the profile's.
     */
    generation: z.enum(['select', 'generate', 'hybrid']).optional(),
    /** Milliseconds the policy has before the robot backchannels (a nod and a filler). Default: 300. */
    latencyBudgetMs: z.number().positive().default(300),
    /** The ROS master `carebot ros` registers with (ROS_MASTER_URI, --master); checked there only, so a stray ROS_MASTER_URI never breaks other commands. Default: http://localhost:11311. */
    rosMasterUri: z.string().default('http://localhost:11311'),
    /** The address `carebot ros` advertises to other ROS nodes (ROS_IP, or ROS_HOSTNAME which wins, as in ROS). Default: 127.0.0.1 for a master on loopback, else the host name. */
    rosHost: z.string().optional(),
  })
  .strict();

export type CarebotConfig = z.infer<typeof configSchema>;
