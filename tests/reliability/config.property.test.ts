/**
 * Config files and CAREBOT_* variables, any content: a config whose every setting is valid, or a
 * CONFIG_INVALID error naming the setting and where it came from (the file, the variable, a flag);
 * the environment object is never changed.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/carebot-config.ts';
import { ENV_SETTINGS, loadConfig } from '../../src/config/load-config.ts';
import { CarebotError } from '../../src/core/carebot-error.ts';
import { hostileText } from './hostile-input.ts';

const KEYS = Object.keys(configSchema.shape);
const GOOD_VALUES: Record<string, unknown[]> = {
  logLevel: ['debug', 'silent'],
  backend: ['cpu', 'wasm'],
  silenceSeconds: [5, 0.5],
  latencyBudgetMs: [300],
  defaultUser: ['rose'],
  memoryDir: ['memory'],
};

/** A value for a setting: a good one, or anything. */
const settingValue = (key: string) =>
  fc.oneof(
    fc.constantFrom(...((Object.hasOwn(GOOD_VALUES, key) ? GOOD_VALUES[key] : undefined) ?? ['x'])),
    fc.anything(),
    hostileText(20),
  );

const configObject = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 12 })), fc.anything()), {
    maxLength: 6,
  })
  .chain((pairs) =>
    fc
      .tuple(...pairs.map(([key]) => settingValue(key)))
      .map((values) => Object.fromEntries(pairs.map(([key], i) => [key, values[i]]))),
  );

/** Asserts a loadConfig outcome: a valid config, or an error that says which setting and from where. */
function check(run: () => unknown, file: string): void {
  try {
    const config = run();
    expect(configSchema.safeParse(config).success).toBe(true);
  } catch (error) {
    if (!(error instanceof CarebotError)) throw error;
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(
      new RegExp(
        `^(setting '.*': .* \\(from (.*\\.json|the environment \\(.+\\)|a command-line flag)\\)|${file}: )`,
        's',
      ),
    );
  }
}

describe('configuration on arbitrary input (fast-check)', () => {
  it('a config file with any content: a valid config or an error naming the setting and the file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'carebot-config-prop-'));
    const file = path.join(dir, 'carebot.config.json');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          configObject.map((o) => JSON.stringify(o)),
          fc.anything().map((v) => JSON.stringify(v) ?? ''),
          hostileText(100),
        ),
        async (text) => {
          await writeFile(file, text);
          check(() => loadConfig({}, {}, dir), file);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('CAREBOT_* variables with any value: a valid config or an error naming the variable; env untouched', () => {
    const names = Object.keys(ENV_SETTINGS);
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...names), hostileText(30), { maxKeys: 5 }), (env) => {
        const before = { ...env };
        check(() => loadConfig({}, env, '/nowhere'), '/nowhere/carebot.config.json');
        expect(env).toEqual(before);
        const error = (() => {
          try {
            loadConfig({}, env, '/nowhere');
          } catch (e) {
            return e as Error;
          }
        })();
        if (error) expect(error.message).toMatch(/from the environment \((CAREBOT_|ROS_)/);
      }),
      { numRuns: 300 },
    );
  });

  it('says what is wrong with a file that is JSON but not an object, and with an unknown key', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'carebot-config-shape-'));
    const file = path.join(dir, 'carebot.config.json');
    for (const text of ['[]', '42', 'null', '"logLevel"']) {
      await writeFile(file, text);
      expect(() => loadConfig({}, {}, dir)).toThrow(`${file}: the config file must hold one JSON object`);
    }
    await writeFile(file, '{"logLevl": "debug"}');
    expect(() => loadConfig({}, {}, dir)).toThrow(
      `setting 'logLevl': Unrecognized key: "logLevl" (from ${file})`,
    );
    expect(() => loadConfig({}, { CAREBOT_SILENCE_SECONDS: 'soon' }, dir)).toThrow(
      /setting 'silenceSeconds': .* \(from the environment \(CAREBOT_SILENCE_SECONDS\)\)/,
    );
  });
});
