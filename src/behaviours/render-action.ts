import type { ActionId } from '../core/care-action.ts';
import type {
  GeneratedGesture,
  GeneratedLine,
  GenerationMode,
  GenerationReport,
} from '../core/generation.ts';
import type { JointLimit } from '../core/joint-limit.ts';
import type { JointTrajectory } from '../core/joint-trajectory.ts';
import { detectLanguage, type Lang } from '../core/language.ts';
import type { Policy } from '../core/policy.ts';
import type { BehaviourLibrary } from './behaviour-library.ts';
import { closestAction } from './closest-action.ts';
import { framesToTrajectory } from './fit-gesture.ts';
import { generatedLineSlots } from './generated-line-slots.ts';
import { filterGesture } from './gesture-safety-filter.ts';
import { fillTemplate } from './template.ts';

/** Everything rendering an action needs (the runtime's turn maker and `carebot eval` use it alike). */
export interface RenderActionRequest {
  /** The policy's decoders, if it has any (called only in `generate` and `hybrid`). */
  policy: Pick<Policy, 'generateLine' | 'generateGesture'>;
  library: BehaviourLibrary;
  /** The robot's joints and limits (the profile's): the trajectory is for these, safety-filtered. */
  limits: readonly JointLimit[];
  speechMode: GenerationMode;
  gestureMode: GenerationMode;
  sessionId: string;
  actionId: ActionId;
  lang: Lang;
  slots: Readonly<Record<string, string>>;
  /** Picks the template, [0, 1). */
  random: () => number;
  /** An emergency answered by the safety override: always the library's line and gesture. Default false. */
  override?: boolean;
}

/** A rendered action: the line, the gesture as a safe trajectory, and how they were made. */
export interface RenderedAction {
  text: string;
  gesture: { name: string; trajectory: JointTrajectory };
  generation: GenerationReport;
}

/** Longest line a robot says (characters). */
const MAX_LINE = 200;
/** `hybrid` plays the library gesture when the filter had to change more than this share of a generated one. */
const MAX_CLAMPED_SHARE = 0.2;

/**
 * Why a generated line must not be spoken (undefined when it may): empty, cut off or too long,
 * a slot left unfilled, or the wrong language; in `hybrid` also a confidence below the decoder's
 * threshold.
 */
export function lineProblem(
  line: GeneratedLine,
  text: string | undefined,
  lang: Lang,
  mode: GenerationMode,
): string | undefined {
  if (text === undefined || /\{[a-z_]+\}/.test(text)) return 'unfilled slot';
  if (!/[\p{L}\p{N}]/u.test(text)) return 'empty line';
  if (!line.finished || text.length > MAX_LINE) return 'overlong line';
  if (detectLanguage(text, lang) !== lang) return 'wrong language';
  if (mode === 'hybrid' && line.confidence < line.minConfidence) return 'low confidence';
  return undefined;
}

/**
 * True when the action's lines can say something known now (the time, the medication, the memory,
 * the user's name) and the generated line says none of it: "It's {time}." must not become "Let me
 * look.", and a greeting should use the name the templates would.
 */
export function dropsWhatItKnows(
  template: string,
  actionSlots: readonly string[],
  slots: Readonly<Record<string, string>>,
): boolean {
  const known = actionSlots.filter((s) => (slots[s] ?? '').trim() !== '');
  return known.length > 0 && !known.some((s) => template.includes(`{${s}}`));
}

/** The generated frames for the robot's joints (joints the decoder does not move stay at rest); undefined when none match. */
export function robotFrames(
  generated: GeneratedGesture,
  jointNames: readonly string[],
  rest: Readonly<Record<string, number>>,
): number[][] | undefined {
  const column = jointNames.map((name) => generated.jointNames.indexOf(name));
  if (column.every((c) => c < 0) || generated.positions.length === 0) return undefined;
  return generated.positions.map((row) =>
    column.map((c, j) => (c >= 0 ? (row[c] ?? Number.NaN) : (rest[jointNames[j] ?? ''] ?? 0))),
  );
}

/** A library gesture as a trajectory for the robot's joints, through the safety filter. */
export function libraryGesture(
  library: BehaviourLibrary,
  gesture: string,
  limits: readonly JointLimit[],
): ReturnType<typeof filterGesture> {
  const jointNames = limits.map((l) => l.name);
  return filterGesture(library.trajectory(gesture, jointNames), limits, library.rest);
}

/**
 * The line and gesture of an action by the robot's modes: `select` renders the library's template
 * and gesture; `generate` uses the decoders, falling back to the library only when a line fails a
 * hard check (see `lineProblem`); `hybrid` also falls back on low confidence, on a line that reads
 * more like another action's templates than this one's, on a line that leaves out what is known
 * (`dropsWhatItKnows`), and on a gesture the safety filter had to
 * change much. Every trajectory, generated or not, goes through the safety
 * filter.
 */
export function renderAction(r: RenderActionRequest): RenderedAction {
  const { library, actionId, lang, slots } = r;
  const action = library.action(actionId);
  const jointNames = r.limits.map((l) => l.name);
  const fallbacks: string[] = [];
  let text: string | undefined;
  let confidence: number | undefined;
  if (!r.override && r.speechMode !== 'select') {
    const line = r.policy.generateLine?.({
      sessionId: r.sessionId,
      actionId,
      lang,
      slots,
      allowedSlots: generatedLineSlots(action),
    });
    if (line) {
      confidence = line.confidence;
      const filled = fillTemplate(line.template, slots)?.replace(/\s+/g, ' ').trim();
      const problem =
        lineProblem(line, filled, lang, r.speechMode) ??
        (r.speechMode === 'hybrid' && closestAction(line.template, lang, library) !== actionId
          ? 'off-action line'
          : undefined) ??
        (r.speechMode === 'hybrid' && dropsWhatItKnows(line.template, action.slots, slots)
          ? 'left out a known slot'
          : undefined);
      if (problem) fallbacks.push(`line: ${problem}`);
      else text = filled;
    } else fallbacks.push('line: no speech decoder');
  }
  const textSource = text === undefined ? 'template' : 'generated';
  text ??= library.renderLine(actionId, lang, slots, r.random);
  let trajectory: JointTrajectory | undefined;
  let safe: ReturnType<typeof filterGesture> | undefined;
  if (!r.override && r.gestureMode !== 'select') {
    const generated = r.policy.generateGesture?.({ text, slots, actionId, lang });
    const frames = generated && robotFrames(generated, jointNames, library.rest);
    if (generated && frames) {
      safe = filterGesture(
        framesToTrajectory(jointNames, frames, generated.frameRate, library.frameRate),
        r.limits,
        library.rest,
      );
      if (r.gestureMode === 'hybrid' && safe.clampedFrames > MAX_CLAMPED_SHARE * safe.frames) {
        fallbacks.push('gesture: needed too much clamping');
        safe = undefined;
      } else trajectory = safe.trajectory;
    } else fallbacks.push(generated ? "gesture: not for this robot's joints" : 'gesture: no gesture decoder');
  }
  const gestureSource = trajectory ? 'generated' : 'library';
  if (!safe) safe = libraryGesture(library, action.gesture, r.limits);
  return {
    text,
    // Robots that play canned animations by name still get the library gesture's name.
    gesture: { name: action.gesture, trajectory: safe.trajectory },
    generation: {
      text: textSource,
      gesture: gestureSource,
      ...(confidence !== undefined ? { confidence } : {}),
      ...(fallbacks.length > 0 ? { fallback: fallbacks.join('; ') } : {}),
      clampedFrames: safe.clampedFrames,
      frames: safe.frames,
    },
  };
}
