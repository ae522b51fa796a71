import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CarebotError } from '../core/carebot-error.ts';
import { type CarebotConfig, configSchema } from './carebot-config.ts';

/** Environment variables carebot reads, and the setting each one sets. */
export const ENV_SETTINGS: Record<string, keyof CarebotConfig> = {
  CAREBOT_BEHAVIOURS: 'behavioursDir',
  CAREBOT_MODELS: 'modelsDir',
  CAREBOT_MODEL: 'modelDir',
  CAREBOT_PROFILE: 'profileFile',
  CAREBOT_RECORDINGS: 'recordingsDir',
  CAREBOT_BACKEND: 'backend',
  CAREBOT_LOG_LEVEL: 'logLevel',
  CAREBOT_SILENCE_SECONDS: 'silenceSeconds',
  CAREBOT_LATENCY_BUDGET_MS: 'latencyBudgetMs',
  CAREBOT_USERS: 'usersDir',
  CAREBOT_MEMORY: 'memoryDir',
  CAREBOT_USER: 'defaultUser',
  CAREBOT_GENERATION: 'generation',
  // ROS's own variables, as every ROS node reads them (ROS_HOSTNAME after ROS_IP: it wins, as in ROS).
  ROS_MASTER_URI: 'rosMasterUri',
  ROS_IP: 'rosHost',
  ROS_HOSTNAME: 'rosHost',
};

const NUMBER_KEYS = new Set<keyof CarebotConfig>(['silenceSeconds', 'latencyBudgetMs']);

const PATH_KEYS = [
  'behavioursDir',
  'modelsDir',
  'modelDir',
  'profileFile',
  'recordingsDir',
  'usersDir',
  'memoryDir',
] as const;

/**
 * The one place that reads process.env. Layers: defaults → config file (`--config`, else
 * ./carebot.config.json if present) → CAREBOT_* environment → command-line flags.
 */
export function loadConfig(
  flags: Partial<Record<keyof CarebotConfig, unknown>> & { config?: string } = {},
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): CarebotConfig {
  const { config: configPath, ...flagSettings } = flags;
  const file = configPath ? path.resolve(cwd, configPath) : path.join(cwd, 'carebot.config.json');
  let fromFile: Record<string, unknown> = {};
  if (configPath || existsSync(file)) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (cause) {
      throw new CarebotError('CONFIG_INVALID', `${file}: cannot read the config file as JSON`, { cause });
    }
    // `[]`, `42` or `null` parse as JSON but set nothing: a mistake to say, not a config to ignore.
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw new CarebotError('CONFIG_INVALID', `${file}: the config file must hold one JSON object`);
    fromFile = json as Record<string, unknown>;
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_SETTINGS)) {
    const value = env[name];
    if (value !== undefined && value !== '') fromEnv[key] = NUMBER_KEYS.has(key) ? Number(value) : value;
  }
  const defined = Object.fromEntries(Object.entries(flagSettings).filter(([, v]) => v !== undefined));
  const parsed = configSchema.safeParse({ ...fromFile, ...fromEnv, ...defined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // An unknown key has an empty path; its name is in `keys`.
    const keys = issue && 'keys' in issue ? (issue.keys as string[]) : [];
    const setting = issue?.path.length ? issue.path.join('.') : keys.join(', ').slice(0, 80);
    const key = String(issue?.path[0] ?? keys[0] ?? '');
    const variables = Object.keys(ENV_SETTINGS).filter((name) => ENV_SETTINGS[name] === key && env[name]);
    const source = Object.hasOwn(defined, key)
      ? 'a command-line flag'
      : Object.hasOwn(fromEnv, key)
        ? `the environment (${variables.join(', ')})`
        : file;
    throw new CarebotError('CONFIG_INVALID', `setting '${setting}': ${issue?.message} (from ${source})`);
  }
  const config = parsed.data;
  for (const key of PATH_KEYS) config[key] = path.resolve(cwd, config[key]);
  return config;
}
