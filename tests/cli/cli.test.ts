import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REQUIRED_ACTIONS } from '../../src/core/care-action.ts';
import { brokenBehaviours, runCarebot } from '../helpers.ts';

/** Memory and recordings of the commands these tests run (never the repository's). */
const STATE = mkdtempSync(path.join(tmpdir(), 'carebot-cli-'));

/** Runs the real `carebot` command as a user would, with a fresh memory and recordings folder per test run. */
function carebot(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  return runCarebot(args, {
    ...(input !== undefined ? { input } : {}),
    env: {
      ...process.env,
      CAREBOT_LOG_LEVEL: 'info',
      CAREBOT_MEMORY: path.join(STATE, 'memory'),
      CAREBOT_RECORDINGS: path.join(STATE, 'recordings'),
    },
  });
}

describe('carebot CLI', () => {
  it('info --json lists the 24 actions with >= 4 en and ko templates, the gestures, the backend and the models', () => {
    const { status, stdout } = carebot(['info', '--json']);
    expect(status).toBe(0);
    const info = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(['tensorflow', 'wasm', 'cpu']).toContain(info.backend.name);
    const ids = info.behaviours.actions.map((a: { id: string }) => a.id);
    expect(ids).toEqual(expect.arrayContaining([...REQUIRED_ACTIONS]));
    for (const action of info.behaviours.actions) {
      expect(action.templates.en).toBeGreaterThanOrEqual(4);
      expect(action.templates.ko).toBeGreaterThanOrEqual(4);
    }
    const gestureIds = info.behaviours.gestures.map((g: { id: string }) => g.id);
    for (const action of info.behaviours.actions) expect(gestureIds).toContain(action.gesture);
    expect(info.behaviours.languages.en.actions).toHaveLength(info.behaviours.actions.length);
    expect(info.behaviours.languages.ko.actions).toHaveLength(info.behaviours.actions.length);
    expect(info.robot.gestureLimitViolations).toBe(0);
    const model = info.models.find((m: { name: string }) => m.name === 'default');
    expect(model).toMatchObject({ domain: 'care', actions: 24, members: 3 });
    expect(model.command).toMatch(/^carebot train --corpus /);
    expect(model.vocabulary).toBeUndefined();
  });

  it('info prints a readable summary naming the backend', () => {
    const { status, stdout } = carebot(['info']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^backend: (tensorflow|wasm|cpu)/m);
    expect(stdout).toContain('24 actions');
    expect(stdout).toMatch(/^ {2}default +care, 24 actions, dev en-dev\.jsonl \d+\.\d%/m);
  });

  it('--help lists every command', () => {
    const { status, stdout } = carebot(['--help']);
    expect(status).toBe(0);
    for (const command of ['sim', 'ros', 'chat', 'train', 'eval', 'check', 'export', 'bench', 'info']) {
      expect(stdout).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
    }
  });

  it('an unknown command or flag is a usage error (exit 2)', () => {
    expect(carebot(['fly']).status).toBe(2);
    const badFlag = carebot(['info', '--colour']);
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toContain('--colour');
  });

  it('refuses bad training numbers (exit 2), a missing model (exit 5) and a malformed corpus (exit 4)', async () => {
    const members = carebot(['train', '--corpus', 'x.jsonl', '--out', '/tmp/x', '--members', '0']);
    expect(members.status).toBe(2);
    expect(members.stderr).toContain('--members must be a whole number of at least 1');
    const missing = carebot(['eval', '--model', '/no/such/model', '--corpus', 'corpora/care/en-dev.jsonl']);
    expect(missing.status).toBe(5);
    expect(missing.stderr).toMatch(/cannot read the model metadata.*carebot train/);
    const dir = await brokenBehaviours('actions.yaml', (t) => t);
    const bad = path.join(dir, 'bad.jsonl');
    await writeFile(bad, '{"id": "x", "lang": "en", "turns": [{"user": "hi"}]}\n');
    const corpus = carebot(['eval', '--corpus', bad]);
    expect(corpus.status).toBe(4);
    expect(corpus.stderr).toContain(`${bad}:1: turns.0.robot:`);
  });

  it('a broken behaviour library stops with exit 4 and names the file and entry', async () => {
    const dir = await brokenBehaviours('actions.yaml', (t) =>
      t.replace('gesture: phone', 'gesture: telephone'),
    );
    const { status, stderr } = carebot(['info', '--behaviours', dir]);
    expect(status).toBe(4);
    expect(stderr).toContain(`${path.join(dir, 'actions.yaml')}: actions.call_family: gesture 'telephone'`);
  });

  it('chat holds a conversation through the console adapter, with a carer alert on an emergency', () => {
    const script = [
      '/arrive',
      "what's the time?",
      'I fell and I cannot get up',
      'please stay',
      '/fall',
      '약 먹었어요',
      'bye',
    ];
    const { status, stdout, stderr } = carebot(['chat', '--name', 'Rose'], `${script.join('\n')}\n`);
    expect(status).toBe(0);
    expect(stderr).toMatch(/TensorFlow\.js backend: (tensorflow|wasm|cpu)/);
    const turns = stdout.split('\n').filter((l) => l.startsWith('robot ['));
    expect(turns.map((l) => /^robot \[(\w+)/.exec(l)?.[1])).toEqual([
      'greet',
      'tell_time',
      'emergency_help',
      'reassure',
      'emergency_help',
      'reassure',
      'reassure',
    ]);
    expect(turns[0]).toMatch(/Rose|!/);
    expect(stdout.match(/ALERT to carer/g)).toHaveLength(2);
    expect(turns[5]).toMatch(/[\uac00-\ud7af]/);
  });
});
