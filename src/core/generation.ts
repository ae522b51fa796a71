import type { ActionId } from './care-action.ts';
import type { Lang } from './language.ts';

/** How a robot makes its lines and gestures (robot profile `speech_mode` / `gesture_mode`). */
export type GenerationMode = 'select' | 'generate' | 'hybrid';

/** What the speech decoder is asked for. */
export interface LineRequest {
  sessionId: string;
  actionId: ActionId;
  lang: Lang;
  /** Slot values known now. */
  slots: Readonly<Record<string, string>>;
  /** The slots the line may use (only those with a value are ever generated). */
  allowedSlots: readonly string[];
}

/** A generated line, its `{slot}`s not filled yet. */
export interface GeneratedLine {
  template: string;
  /** Geometric mean of the chosen tokens' probabilities, 0-1. */
  confidence: number;
  /** Below this confidence `hybrid` speaks the library's template instead. */
  minConfidence: number;
  /** False when the line ran to the decoder's length limit without ending. */
  finished: boolean;
}

/** What the gesture decoder is asked for: the line being spoken (filled) and the action. */
export interface GestureRequest {
  text: string;
  /** Slot values, so the decoder reads `{user_name}` rather than a name it never saw. */
  slots: Readonly<Record<string, string>>;
  actionId: ActionId;
  lang: Lang;
}

/** A generated gesture: joint positions per frame at `frameRate` (before the safety filter). */
export interface GeneratedGesture {
  jointNames: string[];
  frameRate: number;
  /** `[frame][joint]`, radians. */
  positions: number[][];
}

/** How a robot action's line and gesture were made (the profile's modes, and what fell back). */
export interface GenerationReport {
  text: 'template' | 'generated';
  gesture: 'library' | 'generated';
  /** The speech decoder's confidence when it ran. */
  confidence?: number;
  /** Why a generated line or gesture was replaced by the library's. */
  fallback?: string;
  /** Frames of the gesture the safety filter had to change, of all frames. */
  clampedFrames: number;
  frames: number;
}
