import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import { fitGesture } from '../behaviours/fit-gesture.ts';
import { sampleGesture } from '../behaviours/sample-gesture.ts';
import type { ActionId } from '../core/care-action.ts';
import type { Lang } from '../core/language.ts';
import type { GestureExample } from '../model/generation/gesture-decoder.ts';
import { type GestureTimeline, gestureTimeline } from '../model/generation/gesture-timeline.ts';
import { delexicalize, lineTokens } from '../model/generation/line-tokens.ts';
import { SPECIAL_TOKENS, UNK } from '../model/generation/speech-decoder.ts';
import type { GenerationTurn } from './generation-turns.ts';

/** A line spoken with a library gesture: what the gesture decoder learns from. */
export interface GestureLine {
  /** The line with `{slot}`s for slot values. */
  line: string;
  actionId: ActionId;
  lang: Lang;
  gesture: string;
}

/** Settings shared by the gesture decoder's training and use; defaults are the shipped decoder's. */
export interface GestureTargetSettings {
  frameRate: number;
  charsPerSecond: number;
  maxSeconds: number;
  /** A gesture is played at most this many times slower to cover a long line. */
  maxStretch: number;
}

export const DEFAULT_GESTURE_TARGETS: GestureTargetSettings = {
  frameRate: 10,
  charsPerSecond: 14,
  maxSeconds: 10,
  maxStretch: 1.5,
};

/**
 * The gesture library aligned with lines: every template with its action's gesture (`templateCopies`
 * times), and every corpus reference with its reference gesture.
 */
export function gestureLines(
  turns: readonly GenerationTurn[],
  library: BehaviourLibrary,
  templateCopies = 2,
): GestureLine[] {
  const lines: GestureLine[] = [];
  for (let copy = 0; copy < templateCopies; copy++) {
    for (const action of library.actions.values()) {
      for (const lang of ['en', 'ko'] as const) {
        for (const line of action.templates[lang])
          lines.push({ line, actionId: action.id, lang, gesture: action.gesture });
      }
    }
  }
  for (const turn of turns) {
    if (!turn.reference || !turn.gesture || !library.gestures.has(turn.gesture)) continue;
    lines.push({
      line: delexicalize(turn.reference, turn.slots),
      actionId: turn.actionId,
      lang: turn.lang,
      gesture: turn.gesture,
    });
  }
  return lines;
}

/** The gesture decoder's input vocabulary: tokens seen at least `minCount` times. */
export function gestureVocabulary(lines: readonly GestureLine[], minCount = 2): string[] {
  const counts = new Map<string, number>();
  for (const l of lines) for (const t of lineTokens(l.line)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const kept = [...counts.entries()].filter(([, n]) => n >= minCount).map(([t]) => t);
  return [...SPECIAL_TOKENS, ...kept.sort()];
}

/** Seconds of a library gesture. */
export function gestureSeconds(library: BehaviourLibrary, id: string): number {
  return library.gestures.get(id)?.times.at(-1) ?? 1;
}

/** The target poses of a line: its gesture fitted to the line's timeline, sampled at the decoder's rate. */
export function gestureTarget(
  library: BehaviourLibrary,
  line: GestureLine,
  jointNames: readonly string[],
  settings: GestureTargetSettings = DEFAULT_GESTURE_TARGETS,
): { timeline: GestureTimeline; target: Float32Array[] } {
  const gesture = library.gestures.get(line.gesture);
  const timeline = gestureTimeline(line.line, gestureSeconds(library, line.gesture), settings);
  if (!gesture) return { timeline, target: [] };
  const fitted = fitGesture(gesture, timeline.seconds, settings.maxStretch);
  const sampled = sampleGesture(fitted, jointNames, library.rest, settings.frameRate).points;
  const rest = Float32Array.from(jointNames, (j) => library.rest[j] ?? 0);
  const target = Array.from({ length: timeline.frames }, (_, k) => {
    const point = sampled[k];
    return point ? Float32Array.from(point.positions) : rest;
  });
  return { timeline, target };
}

/** Training examples of the gesture decoder from aligned lines. */
export function gestureExamples(
  library: BehaviourLibrary,
  lines: readonly GestureLine[],
  vocabulary: readonly string[],
  actionIds: readonly string[],
  jointNames: readonly string[],
  settings: GestureTargetSettings = DEFAULT_GESTURE_TARGETS,
): GestureExample[] {
  const index = new Map(vocabulary.map((t, i) => [t, i]));
  return lines.map((l) => {
    const { timeline, target } = gestureTarget(library, l, jointNames, settings);
    const tokens = lineTokens(l.line).map((t) => index.get(t) ?? UNK);
    return {
      tokens: tokens.length > 0 ? tokens : [UNK],
      action: actionIds.indexOf(l.actionId),
      lang: l.lang,
      timeline,
      target,
    };
  });
}
