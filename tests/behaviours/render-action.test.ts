import { beforeAll, describe, expect, it } from 'vitest';
import type { BehaviourLibrary } from '../../src/behaviours/behaviour-library.ts';
import { type RenderActionRequest, renderAction } from '../../src/behaviours/render-action.ts';
import type { GeneratedGesture, GeneratedLine, GenerationMode } from '../../src/core/generation.ts';
import type { RobotProfile } from '../../src/robot/profile/robot-profile.ts';
import { checkTrajectory } from '../../src/robot/ros/check-trajectory.ts';
import { shippedLibraryAndProfile } from '../helpers.ts';

let library: BehaviourLibrary;
let profile: RobotProfile;
beforeAll(async () => {
  [library, profile] = await shippedLibraryAndProfile();
});

const line = (template: string, more: Partial<GeneratedLine> = {}): GeneratedLine => ({
  template,
  confidence: 0.9,
  minConfidence: 0.5,
  finished: true,
  ...more,
});

/** A wild gesture for two of the robot's joints and one it lacks: far out of range, fast. */
const wild: GeneratedGesture = {
  jointNames: ['right_elbow', 'head_pan', 'tail'],
  frameRate: 10,
  positions: Array.from({ length: 30 }, (_, k) => [k % 2 ? 9 : -9, Math.sin(k), 1]),
};

function render(
  mode: GenerationMode,
  generated: { line?: GeneratedLine; gesture?: GeneratedGesture },
  more: Partial<RenderActionRequest> = {},
) {
  return renderAction({
    policy: { generateLine: () => generated.line, generateGesture: () => generated.gesture },
    library,
    limits: profile.joints,
    speechMode: mode,
    gestureMode: mode,
    sessionId: 's',
    actionId: 'greet',
    lang: 'en',
    slots: { user_name: 'Rose', time: '3:05 PM', date: 'Tuesday, November 24' },
    random: () => 0,
    ...more,
  });
}

describe('renderAction (speech and gesture modes)', () => {
  it('select renders the template and the library gesture, safety-filtered', () => {
    const out = render('select', { line: line('Hi {user_name}!'), gesture: wild });
    expect(out.text).toBe(library.renderLine('greet', 'en', { user_name: 'Rose' }, () => 0));
    expect(out.generation).toMatchObject({ text: 'template', gesture: 'library' });
    expect(out.gesture.name).toBe('wave');
    expect(checkTrajectory(out.gesture.trajectory, profile.joints)).toEqual([]);
  });

  it('generate speaks the decoder line with its slots filled and plays the generated gesture after the filter', () => {
    const out = render('generate', { line: line('Hi {user_name}!', { confidence: 0.2 }), gesture: wild });
    expect(out.text).toBe('Hi Rose!');
    expect(out.generation).toMatchObject({ text: 'generated', gesture: 'generated', confidence: 0.2 });
    expect(out.gesture.trajectory.jointNames).toEqual(profile.joints.map((j) => j.name));
    expect(checkTrajectory(out.gesture.trajectory, profile.joints)).toEqual([]);
    expect(out.generation.clampedFrames).toBeGreaterThan(0);
  });

  it('falls back to the template on a hard check in generate, and also on low confidence in hybrid', () => {
    const cases: Array<[GeneratedLine, GenerationMode, string]> = [
      [line('Hi {contact}!'), 'generate', 'unfilled slot'],
      [line('  ...'), 'generate', 'empty line'],
      [line('Hi', { finished: false }), 'generate', 'overlong line'],
      [line('안녕하세요!'), 'generate', 'wrong language'],
      [line('Hi {user_name}!', { confidence: 0.3 }), 'hybrid', 'low confidence'],
      [line("You're very welcome, it's my pleasure."), 'hybrid', 'off-action line'],
      [line('Hello there! So nice to see you.'), 'hybrid', 'left out a known slot'],
    ];
    for (const [generated, mode, why] of cases) {
      const out = render(mode, { line: generated });
      expect(out.generation.text, why).toBe('template');
      expect(out.generation.fallback, why).toContain(why);
      expect(library.action('greet').templates.en.map((t) => t.replace('{user_name}', 'Rose'))).toContain(
        out.text,
      );
    }
    expect(
      render('hybrid', { line: line('Hello, {user_name}! So nice to see you.', { confidence: 0.7 }) }).text,
    ).toBe('Hello, Rose! So nice to see you.');
    expect(render('generate', { line: line("You're very welcome, it's my pleasure.") }).generation.text).toBe(
      'generated',
    );
  });

  it('hybrid plays the library gesture when the filter had to change much of a generated one', () => {
    const out = render('hybrid', { line: line('Hi {user_name}!'), gesture: wild });
    expect(out.generation.gesture).toBe('library');
    expect(out.generation.fallback).toContain('clamping');
    expect(
      render('generate', { gesture: { ...wild, jointNames: ['x', 'y', 'z'] } }).generation.fallback,
    ).toContain("robot's joints");
  });

  it('answers a safety override with the library line and gesture, whatever the mode', () => {
    const out = render(
      'generate',
      { line: line('Hi {user_name}!'), gesture: wild },
      { override: true, actionId: 'emergency_help' },
    );
    expect(out.generation).toMatchObject({ text: 'template', gesture: 'library' });
    expect(out.gesture.name).toBe(library.action('emergency_help').gesture);
  });

  it('without decoders, generate modes say why and use the library', () => {
    const out = render('hybrid', {});
    expect(out.generation).toMatchObject({ text: 'template', gesture: 'library' });
    expect(out.generation.fallback).toContain('no speech decoder');
  });
});
