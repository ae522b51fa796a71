import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/carebot-config.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { CarebotError } from '../../src/core/carebot-error.ts';

describe('loadConfig', () => {
  it('defaults to the shipped data, resolved from the package root', () => {
    const config = loadConfig({}, {}, '/nowhere');
    expect(config.behavioursDir).toBe(path.join(PACKAGE_ROOT, 'behaviours'));
    expect(config.modelDir).toBe(path.join(PACKAGE_ROOT, 'models', 'default'));
    expect(config.recordingsDir).toBe('/nowhere/recordings');
    expect(config.logLevel).toBe('info');
    expect(config.backend).toBeUndefined();
  });

  it('layers file < environment < flags', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'carebot-config-'));
    await writeFile(
      path.join(dir, 'carebot.config.json'),
      JSON.stringify({ logLevel: 'warn', recordingsDir: 'rec', silenceSeconds: 10 }),
    );
    expect(loadConfig({}, {}, dir)).toMatchObject({
      logLevel: 'warn',
      recordingsDir: path.join(dir, 'rec'),
      silenceSeconds: 10,
    });
    const env = { CAREBOT_LOG_LEVEL: 'error', CAREBOT_SILENCE_SECONDS: '5' };
    expect(loadConfig({}, env, dir)).toMatchObject({ logLevel: 'error', silenceSeconds: 5 });
    expect(loadConfig({ logLevel: 'debug' }, env, dir).logLevel).toBe('debug');
  });

  it('names the setting that is wrong', () => {
    expect(() => loadConfig({ backend: 'gpu' }, {}, '/')).toThrow(CarebotError);
    expect(() => loadConfig({}, { CAREBOT_BACKEND: 'gpu' }, '/')).toThrow(/setting 'backend'/);
    expect(() => loadConfig({ config: '/no/such/file.json' }, {}, '/')).toThrow(
      /cannot read the config file/,
    );
  });
});
