/** How a gesture's frames line up with the words being spoken. */
export interface GestureTimeline {
  /** Seconds the line takes to say. */
  speechSeconds: number;
  /** Seconds the gesture lasts (it covers the line). */
  seconds: number;
  /** Frames at the decoder's frame rate, from 0 to `seconds`. */
  frames: number;
}

/** Sizes that shape a timeline; the defaults are the shipped gesture decoder's. */
export interface TimelineSettings {
  /** Speaking rate, as the dialogue machine estimates it (DEFAULT_TIMING.charsPerSecond). Default 14. */
  charsPerSecond?: number;
  /** Longest gesture, seconds. Default 10. */
  maxSeconds?: number;
  /** Frames per second of the decoder. Default 10. */
  frameRate?: number;
}

/** Seconds a line takes to say, at `charsPerSecond` (the dialogue machine's estimate). */
export function speechSeconds(text: string, charsPerSecond = 14): number {
  return text.trim().length / charsPerSecond;
}

/**
 * The timeline of a gesture for a line: as long as the line or the gesture's own length
 * (`gestureSeconds`), whichever is longer, at most `maxSeconds`.
 */
export function gestureTimeline(
  text: string,
  gestureSeconds: number,
  settings: TimelineSettings = {},
): GestureTimeline {
  const rate = settings.frameRate ?? 10;
  const spoken = speechSeconds(text, settings.charsPerSecond ?? 14);
  const seconds = Math.min(settings.maxSeconds ?? 10, Math.max(spoken, gestureSeconds, 0.5));
  return { speechSeconds: spoken, seconds, frames: Math.round(seconds * rate) + 1 };
}

/**
 * Which word is being spoken at each frame, as attention weights: word i (of `words`, said at an
 * even pace over the line) is heard around ((i + 0.5) / words) × speechSeconds, and each frame
 * attends to the words near its time (a Gaussian window one word wide, at least 0.25 s). Rows
 * sum to 1; `[frames][words]`.
 */
export function wordAlignment(timeline: GestureTimeline, words: number, frameRate = 10): Float32Array[] {
  const n = Math.max(1, words);
  const sigma = Math.max(0.25, timeline.speechSeconds / n);
  return Array.from({ length: timeline.frames }, (_, k) => {
    const t = k / frameRate;
    const row = Float32Array.from({ length: n }, (_, i) => {
      const said = ((i + 0.5) / n) * timeline.speechSeconds;
      return -((t - said) ** 2) / (2 * sigma * sigma);
    });
    const max = Math.max(...row);
    let sum = 0;
    row.forEach((v, i) => {
      row[i] = Math.exp(v - max);
      sum += row[i] ?? 0;
    });
    return row.map((v) => v / sum);
  });
}

/** Number of frame features `frameFeatures` gives. */
export const FRAME_FEATURES = 10;

/** Where a frame is in the gesture: phase (with a few harmonics), time, and whether the line is still being said. */
export function frameFeatures(timeline: GestureTimeline, frame: number, frameRate = 10): number[] {
  const t = frame / frameRate;
  const u = timeline.seconds > 0 ? Math.min(1, t / timeline.seconds) : 0;
  const tau = 2 * Math.PI;
  return [
    u,
    Math.sin(Math.PI * u),
    Math.sin(tau * u),
    Math.cos(tau * u),
    Math.sin(2 * tau * u),
    Math.cos(2 * tau * u),
    Math.sin(4 * tau * u),
    Math.cos(4 * tau * u),
    t / 5,
    t < timeline.speechSeconds ? 1 : 0,
  ];
}
