import { describe, expect, it } from 'vitest';
import { formatSocketLoad, runSocketLoad } from '../../src/bench/socket-load.ts';
import { loadConfig } from '../../src/config/load-config.ts';

describe('socket load benchmark (smoke run)', () => {
  it('answers every utterance of concurrent socket.io sessions without an error', async () => {
    // The run is 200 sessions for 60 s (npx tsx src/bench/socket-load.ts); this only checks it works.
    const report = await runSocketLoad(loadConfig({}, {}), { sessions: 20, seconds: 2 });
    expect(report.errorSamples).toEqual([]);
    expect(report.errors).toBe(0);
    expect(report.sent).toBeGreaterThanOrEqual(20);
    expect(report.answered).toBe(report.sent);
    expect(formatSocketLoad(report)).toMatch(/^socket load: 20 sessions/);
  }, 60_000);
});
