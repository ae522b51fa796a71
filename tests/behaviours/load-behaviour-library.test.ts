import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BehaviourLibrary } from '../../src/behaviours/behaviour-library.ts';
import { BehaviourLibraryError } from '../../src/behaviours/behaviour-library-error.ts';
import { loadBehaviourLibrary } from '../../src/behaviours/load-behaviour-library.ts';
import { REQUIRED_ACTIONS } from '../../src/core/care-action.ts';
import { loadRobotProfile } from '../../src/robot/profile/load-robot-profile.ts';
import { BEHAVIOURS_DIR, brokenBehaviours, DEFAULT_PROFILE } from '../helpers.ts';

/** Gestures shared/spec/care-behaviours.md names as defaults. */
const SPEC_GESTURES: Record<string, string> = {
  greet: 'wave',
  introduce_self: 'open_arms',
  ask_wellbeing: 'head_tilt',
  share_joy: 'happy',
  comfort: 'hand_on_heart',
  ask_pain_details: 'concerned_tilt',
  suggest_rest: 'palms_down',
  emergency_help: 'alert',
  reassure: 'calm_hands',
  remind_medication: 'point_forward',
  confirm_medication: 'nod',
  remind_hydration: 'drink',
  suggest_exercise: 'arms_up',
  encourage: 'thumbs_up',
  tell_time: 'look_wrist',
  tell_date: 'open_palm',
  ask_about_family: 'head_tilt',
  call_family: 'phone',
  recall_memory: 'lean_forward',
  acknowledge: 'nod',
  clarify: 'shrug',
  respond_thanks: 'bow',
  say_goodnight: 'wave_small',
  farewell: 'wave',
};

describe('the shipped behaviour library', () => {
  let library: BehaviourLibrary;
  beforeAll(async () => {
    library = await loadBehaviourLibrary(BEHAVIOURS_DIR);
  });

  it('has all 24 required actions with the spec default gesture and >= 4 templates per language', () => {
    expect(REQUIRED_ACTIONS).toHaveLength(24);
    for (const id of REQUIRED_ACTIONS) {
      const action = library.action(id);
      expect(action.gesture, id).toBe(SPEC_GESTURES[id]);
      expect(action.templates.en.length, `${id} en`).toBeGreaterThanOrEqual(4);
      expect(action.templates.ko.length, `${id} ko`).toBeGreaterThanOrEqual(4);
      expect(
        action.templates.ko.every((t) => /[\uac00-\ud7af]/.test(t)),
        `${id} ko is Korean`,
      ).toBe(true);
      expect(
        action.templates.en.some((t) => /[\uac00-\ud7af]/.test(t)),
        `${id} en has no Hangul`,
      ).toBe(false);
    }
  });

  it('has at least 20 gestures and every referenced gesture exists', () => {
    expect(library.gestures.size).toBeGreaterThanOrEqual(20);
    for (const action of library.actions.values())
      expect(library.gestures.has(action.gesture), action.id).toBe(true);
  });

  it('keeps every keyframe of every gesture within the URDF position and velocity limits', async () => {
    const profile = await loadRobotProfile(DEFAULT_PROFILE);
    expect(library.checkAgainst(profile.joints)).toEqual([]);
    for (const gesture of library.gestures.values()) {
      for (const joint of Object.keys(gesture.positions)) {
        expect(
          profile.joints.map((j) => j.name),
          `${gesture.id} moves ${joint}`,
        ).toContain(joint);
      }
    }
  });

  it('flags a gesture that leaves the limits', () => {
    const narrow = [{ name: 'right_shoulder_pitch', lower: -0.1, upper: 0.1, velocity: 0.1 }];
    const violations = library.checkAgainst(narrow).filter((v) => v.gesture === 'wave');
    expect(violations.some((v) => v.problem.includes('outside'))).toBe(true);
    expect(violations.some((v) => v.problem.includes('speed'))).toBe(true);
  });

  it('renders lines with slots filled, and falls back to a slot-free template when a slot is unknown', () => {
    const withName = library.renderLine('greet', 'en', { user_name: 'Rose' }, () => 0);
    expect(withName).toContain('Rose');
    for (let i = 0; i < 10; i++) {
      const line = library.renderLine('remind_medication', 'ko', {}, () => i / 10);
      expect(line).not.toMatch(/[{}]/);
      expect(line.length).toBeGreaterThan(3);
    }
  });
});

describe('a broken behaviour file', () => {
  async function errorOf(dir: string): Promise<BehaviourLibraryError> {
    const error = await loadBehaviourLibrary(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BehaviourLibraryError);
    return error as BehaviourLibraryError;
  }

  it('names the file and the line of a YAML syntax error', async () => {
    const dir = await brokenBehaviours('actions.yaml', (t) =>
      t.replace('actions:', 'actions:\n  greet: [unclosed'),
    );
    const error = await errorOf(dir);
    expect(error.file).toBe(path.join(dir, 'actions.yaml'));
    expect(error.message).toMatch(/line \d+/);
  });

  it('names the action whose templates are too few', async () => {
    const dir = await brokenBehaviours('actions.yaml', (text) => {
      const lines = text.split('\n');
      const start = lines.findIndex((l) => /^ {2}farewell:/.test(l));
      const ko = lines.findIndex((l, i) => i > start && /^ {6}ko:/.test(l));
      // keep two Korean templates of farewell
      let kept = 0;
      return lines
        .filter((l, i) => {
          if (i <= ko || !/^ {8}- /.test(l)) return true;
          kept += 1;
          return kept <= 2;
        })
        .join('\n');
    });
    const error = await errorOf(dir);
    expect(error.entry).toBe('actions.farewell.templates.ko');
    expect(error.message).toContain('at least 4 Korean templates');
  });

  it('names an action whose gesture does not exist', async () => {
    const dir = await brokenBehaviours('actions.yaml', (t) =>
      t.replace('gesture: phone', 'gesture: telephone'),
    );
    const error = await errorOf(dir);
    expect(error.entry).toBe('actions.call_family');
    expect(error.problem).toContain("gesture 'telephone'");
  });

  it('names a template with an undeclared slot', async () => {
    const dir = await brokenBehaviours('actions.yaml', (t) =>
      t.replace(/(\n {6}en:\n {8}- ")/, '$1{weather} '),
    );
    const error = await errorOf(dir);
    expect(error.entry).toMatch(/^actions\.\w+\.templates\.en\.0$/);
    expect(error.problem).toContain('{weather}');
  });

  it('names a missing required action', async () => {
    const dir = await brokenBehaviours('actions.yaml', (t) =>
      t.replace(/\n {2}tell_date:/, '\n  tell_the_date:'),
    );
    const error = await errorOf(dir);
    expect(error.problem).toContain('tell_date');
  });

  it('names a gesture with an unknown joint, and one whose keyframes go back in time', async () => {
    const unknown = await brokenBehaviours('gestures.yaml', (t) =>
      t.replace(/(\{[^}]*)right_elbow:/, '$1right_knee:'),
    );
    expect((await errorOf(unknown)).problem).toContain("unknown joint 'right_knee'");
    const backwards = await brokenBehaviours('gestures.yaml', (t) =>
      t.replace(/(\n {6}- t: )0\.[1-9]\d*/, '$10.0'),
    );
    expect((await errorOf(backwards)).problem).toMatch(/is not after/);
  });

  it('names the entry and the problem of a schema error', async () => {
    const dir = await brokenBehaviours('gestures.yaml', (t) =>
      t.replace(/frame_rate: \d+/, 'frame_rate: fast'),
    );
    const error = await errorOf(dir);
    expect(error.entry).toBe('frame_rate');
    expect(error.message).toContain('gestures.yaml: frame_rate:');
  });
});
