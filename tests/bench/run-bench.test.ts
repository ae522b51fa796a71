/**
 * `carebot bench` in miniature: every section runs (a few turns, one cold start, ten clients for
 * two seconds, twenty ROS round trips when Debian's roscore is there) and lands in the JSON and
 * the table. Asserts what is reported, never how fast: the full bench is `npm run bench`.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchReport } from '../../src/bench/bench-report.ts';
import { formatBench, runBench } from '../../src/bench/run-bench.ts';
import { parseLoadSeconds } from '../../src/cli/commands/bench.ts';
import { CarebotError } from '../../src/core/carebot-error.ts';
import { readCareCorpus } from '../../src/corpus/read-care-corpus.ts';
import { createLogger } from '../../src/log/logger.ts';
import { ROOT } from '../helpers.ts';
import { libraryAndProfile } from '../runtime/runtime-harness.ts';

const ROSCORE = existsSync('/usr/bin/roscore');

describe('carebot bench (a small run)', () => {
  it('measures every section in one report, written as <date>.json and latest.json, and prints a table', async () => {
    const { behaviours: library, profile } = await libraryAndProfile();
    const dialogues = (
      await readCareCorpus(path.join(ROOT, 'corpora', 'care', 'en-dev.jsonl'), {
        actionIds: new Set(library.actionIds()),
      })
    ).slice(0, 5);
    const outDir = await mkdtemp(path.join(tmpdir(), 'carebot-bench-'));
    const { report, file } = await runBench({
      library,
      profile,
      modelDir: path.join(ROOT, 'models', 'default'),
      dialogues,
      settings: {
        latencyRounds: 1,
        warmup: 0,
        leakTurns: 200,
        coldStarts: 1,
        sessions: 10,
        loadSeconds: 2,
        rosTurns: ROSCORE ? 20 : 0,
        generationRounds: 1,
      },
      outDir,
      log: createLogger('bench-test', () => {}),
    });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(report);
    expect(JSON.parse(await readFile(path.join(outDir, 'latest.json'), 'utf8'))).toEqual(report);

    expect(['tensorflow', 'wasm', 'cpu']).toContain(report.backend.name);
    expect(report.machine.loadAverage.start).toHaveLength(3);
    expect(report.machine.loadAverage.end).toHaveLength(3);
    // The model and the baseline over the same turns of the same run.
    expect(report.turnLatencyMs.model.turns).toBeGreaterThan(0);
    expect(report.turnLatencyMs.rules.turns).toBe(report.turnLatencyMs.model.turns);
    expect(report.turnLatencyMs.model.p99).toBeGreaterThanOrEqual(report.turnLatencyMs.model.p50);
    expect(report.tensors.after).toBe(report.tensors.before);
    expect(report.turnsPerSecond).toBeGreaterThan(0);
    // The shipped model has both decoders: each mode timed over the same turns.
    expect(report.generation).toMatchObject({ status: 'ok' });
    const generation = report.generation as unknown as { turnLatencyMs: Record<string, { turns: number }> };
    expect(generation.turnLatencyMs.generate?.turns).toBe(generation.turnLatencyMs.select?.turns);
    expect(report.coldStartMs.runs).toHaveLength(1);
    expect(report.coldStartMs.median).toBe(report.coldStartMs.runs[0]);
    expect(report.memory.sessions).toBe(10);
    expect(report.memory.idleMiB).toBeGreaterThan(0);
    expect(report.memory.loadedMiB).toBeGreaterThan(0);
    expect(report.socketLoad).toMatchObject({ sessions: 10, seconds: 2, errors: 0 });
    expect(report.socketLoad.answered).toBe(report.socketLoad.sent);
    if (ROSCORE) expect(report.rosRoundTrip).toMatchObject({ status: 'ok', turns: 20, unanswered: 0 });
    else expect(report.rosRoundTrip.status).toBe('skipped');
    expect(report.training).toBeUndefined();

    const table = formatBench(report);
    for (const heading of [
      'turn, default model',
      'turn, rule baseline (same run)',
      'cold start',
      'socket.io: 10 clients',
      'ROS',
      'turns per second',
      'memory (RSS',
      'TensorFlow.js backend',
      'load average',
      'generation',
      'training: skipped',
    ])
      expect(table).toContain(heading);
  }, 120_000);

  it('prints a missing ROS master and a training run', () => {
    const report = {
      date: '2026-11-24T12:00:00.000Z',
      seconds: 400,
      machine: {
        cpus: 2,
        cpuModel: 'cpu',
        memoryGiB: 24,
        node: 'v20',
        platform: 'linux x64',
        loadAverage: { start: [1, 1, 1], end: [2, 2, 2] },
        otherTraining: [],
      },
      backend: { name: 'wasm', skipped: { tensorflow: 'not installed' } },
      model: 'models/default',
      turnLatencyMs: {
        model: { turns: 10, p50: 0.3, p99: 3, mean: 0.4 },
        rules: { turns: 10, p50: 0.1, p99: 2, mean: 0.2 },
        modelOverRulesP50: 3,
      },
      turnsPerSecond: 2000,
      tensors: { before: 11, after: 11, turns: 10_000 },
      generation: { status: 'not measured', reason: 'not wired' },
      coldStartMs: { runs: [900, 950, 1000], median: 950, p99: 1000 },
      memory: { idleMiB: 250, loadedMiB: 300, sessions: 200, afterCloseMiB: 260 },
      socketLoad: {
        sessions: 200,
        seconds: 60,
        sent: 12_000,
        answered: 12_000,
        turn: { p50: 5, p99: 40, max: 80 },
        steadyTurn: { p50: 5, p99: 30, max: 60 },
        firstTurn: { p50: 10, p99: 50, max: 80 },
        runtime: { p50: 1, p99: 5, max: 9 },
        errors: 0,
        errorSamples: [],
        targetP99Ms: 100,
        meetsTarget: true,
      },
      rosRoundTrip: { status: 'no master', reason: '/usr/bin/roscore is absent' },
      training: {
        seconds: 280,
        samplesPerSecond: 616,
        bestEpoch: 11,
        devTurnAccuracy: { 'en-dev.jsonl': 0.9 },
      },
    } satisfies BenchReport;
    const table = formatBench(report);
    expect(table).toContain('ROS round trip');
    expect(table).toContain('no master: /usr/bin/roscore is absent');
    expect(table).toMatch(/training the default model: 280 s, 616 samples\/s .* en-dev\.jsonl 90\.0%/);
    expect(table).toMatch(/tensorflow: not installed/);
  });

  it('takes --load-seconds as a whole number of seconds', () => {
    expect(parseLoadSeconds(undefined)).toBe(60);
    expect(parseLoadSeconds('5')).toBe(5);
    for (const bad of ['0', '-1', '1.5', 'ten', '99999'])
      expect(() => parseLoadSeconds(bad)).toThrow(CarebotError);
  });
});
