import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import { fitGesture } from '../behaviours/fit-gesture.ts';
import { filterGesture } from '../behaviours/gesture-safety-filter.ts';
import { type RenderedAction, renderAction } from '../behaviours/render-action.ts';
import { sampleGesture } from '../behaviours/sample-gesture.ts';
import type { ActionId } from '../core/care-action.ts';
import type { GenerationMode } from '../core/generation.ts';
import type { JointLimit } from '../core/joint-limit.ts';
import type { JointTrajectory } from '../core/joint-trajectory.ts';
import { detectLanguage, type Lang } from '../core/language.ts';
import { percentile } from '../core/percentile.ts';
import type { Policy } from '../core/policy.ts';
import { seededRandom } from '../core/random.ts';
import { gestureTimeline } from '../model/generation/gesture-timeline.ts';
import { ChrF } from './chrf.ts';

/** The `generation` object of `carebot eval --json`: the decoders against the references, beside the templates. */
export interface GenerationReport {
  text: {
    references: number;
    /** chrF (0-100) of the lines each mode speaks: the library template, the decoder (`generate`), `hybrid`. */
    chrf: { template: number; generate: number; hybrid: number };
    /** Share of turns where the decoder's line was spoken, per mode. */
    generated: { generate: number; hybrid: number };
    /** Share of decoder lines with every `{slot}` filled with its known value (none left over). */
    slot_fill: number;
    /** Of the known slot values a reference says, the share the line says too, per mode. */
    slot_recall: { template: number; generate: number };
    /** Of the known slot values a line says, the share its reference says too, per mode. */
    slot_precision: { template: number; generate: number };
    /** Share of decoder lines in the turn's language. */
    language_ok: number;
    mean_confidence: number;
  };
  gesture: {
    references: number;
    /** Mean absolute joint error (rad) against the reference gesture (both in normalised time), per mode. */
    joint_error: { library: number; generate: number; hybrid: number };
    /** Mean absolute jerk (rad/s³) of the trajectories sent, per mode. */
    jerk: { library: number; generate: number; hybrid: number };
    /** Share of frames the safety filter had to change, per mode. */
    clamp_share: { library: number; generate: number; hybrid: number };
    generated: { generate: number; hybrid: number };
  };
  /** Time to render a turn's line and gesture (ms): the library's, and the decoders' (`generate`). */
  latency_ms: { select: { p50: number; p99: number }; generate: { p50: number; p99: number } };
}

/** One turn to score: the expected action and the corpus' references. */
export interface GenerationTurnInput {
  sessionId: string;
  actionId: ActionId;
  lang: Lang;
  slots: Readonly<Record<string, string>>;
  reference?: string;
  gesture?: string;
}

const MODES = ['select', 'generate', 'hybrid'] as const;
type Mode = (typeof MODES)[number];
const POINTS = 60;

/** Positions of a trajectory at `POINTS` evenly spaced moments of its own duration (linear). */
function normalised(t: JointTrajectory): number[][] {
  const points = t.points;
  const end = points.at(-1)?.timeFromStart ?? 0;
  let k = 0;
  return Array.from({ length: POINTS }, (_, i) => {
    const at = (i / (POINTS - 1)) * end;
    while (k < points.length - 2 && (points[k + 1]?.timeFromStart ?? 0) < at) k++;
    const a = points[k];
    const b = points[Math.min(points.length - 1, k + 1)];
    if (!a || !b) return [];
    const span = b.timeFromStart - a.timeFromStart;
    const u = span > 0 ? Math.min(1, Math.max(0, (at - a.timeFromStart) / span)) : 0;
    return a.positions.map((p, j) => p + u * ((b.positions[j] ?? p) - p));
  });
}

function jointError(a: JointTrajectory, b: JointTrajectory): number {
  const x = normalised(a);
  const y = normalised(b);
  let sum = 0;
  let n = 0;
  x.forEach((row, i) => {
    row.forEach((v, j) => {
      sum += Math.abs(v - (y[i]?.[j] ?? v));
      n += 1;
    });
  });
  return n ? sum / n : 0;
}

/** Mean |third difference| / dt³ over joints and frames. */
function jerk(t: JointTrajectory): { sum: number; n: number } {
  const p = t.points;
  let sum = 0;
  let n = 0;
  for (let k = 0; k + 3 < p.length; k++) {
    const dt = ((p[k + 3]?.timeFromStart ?? 0) - (p[k]?.timeFromStart ?? 0)) / 3;
    if (dt <= 0) continue;
    p[k]?.positions.forEach((q0, j) => {
      const q = [
        q0,
        p[k + 1]?.positions[j] ?? q0,
        p[k + 2]?.positions[j] ?? q0,
        p[k + 3]?.positions[j] ?? q0,
      ];
      sum += Math.abs((q[3] ?? 0) - 3 * (q[2] ?? 0) + 3 * (q[1] ?? 0) - (q[0] ?? 0)) / dt ** 3;
      n += 1;
    });
  }
  return { sum, n };
}

/** The known slot values a line says. */
function slotValues(text: string, slots: Readonly<Record<string, string>>): Set<string> {
  return new Set(
    Object.entries(slots)
      .filter(([, v]) => v.trim().length >= 2 && text.includes(v.trim()))
      .map(([k]) => k),
  );
}

const round = (x: number) => Math.round(x * 10000) / 10000;
const share = (a: number, b: number) => round(b ? a / b : 0);

/**
 * Scores the decoders turn by turn (called from `carebot eval` right after the policy has read the
 * turn, with the expected action), beside the library's templates and gestures, as each mode
 * would render them for the robot with `limits`.
 */
export class GenerationScorer {
  private readonly random = seededRandom(3);
  private readonly chrf = { select: new ChrF(), generate: new ChrF(), hybrid: new ChrF() };
  private readonly counts = new Map<string, number>();
  private readonly latency: Record<'select' | 'generate', number[]> = { select: [], generate: [] };

  constructor(
    private readonly policy: Pick<Policy, 'generateLine' | 'generateGesture'>,
    private readonly library: BehaviourLibrary,
    private readonly limits: readonly JointLimit[],
  ) {}

  private bump(key: string, by = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + by);
  }

  private count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  add(turn: GenerationTurnInput): void {
    if (!turn.reference && !turn.gesture) return;
    const render = (mode: Mode): { out: RenderedAction; ms: number } => {
      const started = performance.now();
      const m: GenerationMode = mode;
      const out = renderAction({
        policy: this.policy,
        library: this.library,
        limits: this.limits,
        speechMode: m,
        gestureMode: m,
        sessionId: turn.sessionId,
        actionId: turn.actionId,
        lang: turn.lang,
        slots: turn.slots,
        random: this.random,
      });
      return { out, ms: performance.now() - started };
    };
    const runs = Object.fromEntries(MODES.map((mode) => [mode, render(mode)])) as Record<
      Mode,
      { out: RenderedAction; ms: number }
    >;
    this.latency.select.push(runs.select.ms);
    this.latency.generate.push(runs.generate.ms);
    if (turn.reference) {
      this.bump('text');
      for (const mode of MODES) this.chrf[mode].add(runs[mode].out.text, turn.reference);
      const gen = runs.generate.out;
      if (gen.generation.text === 'generated') this.bump('text.generated.generate');
      if (runs.hybrid.out.generation.text === 'generated') this.bump('text.generated.hybrid');
      if (gen.generation.confidence !== undefined) {
        this.bump('text.decoded');
        this.bump('text.confidence', gen.generation.confidence);
        if (!gen.generation.fallback?.includes('unfilled slot')) this.bump('text.filled');
        if (
          !gen.generation.fallback?.includes('wrong language') &&
          detectLanguage(gen.text, turn.lang) === turn.lang
        )
          this.bump('text.language');
      }
      const expected = slotValues(turn.reference, turn.slots);
      for (const mode of ['select', 'generate'] as const) {
        const said = slotValues(runs[mode].out.text, turn.slots);
        this.bump(`slots.${mode}.said`, said.size);
        this.bump(`slots.${mode}.expected`, expected.size);
        this.bump(`slots.${mode}.hit`, [...said].filter((s) => expected.has(s)).length);
      }
    }
    const referenceGesture = turn.gesture ? this.library.gestures.get(turn.gesture) : undefined;
    if (referenceGesture) {
      this.bump('gesture');
      const names = this.limits.map((l) => l.name);
      for (const mode of MODES) {
        const out = runs[mode].out;
        // The reference gesture played over the line this mode speaks, as the decoder learnt it.
        const seconds =
          mode === 'select'
            ? (referenceGesture.times.at(-1) ?? 0)
            : gestureTimeline(out.text, referenceGesture.times.at(-1) ?? 0).seconds;
        const reference = filterGesture(
          sampleGesture(
            fitGesture(referenceGesture, seconds),
            names,
            this.library.rest,
            this.library.frameRate,
          ),
          this.limits,
          this.library.rest,
        ).trajectory;
        this.bump(`gesture.error.${mode}`, jointError(out.gesture.trajectory, reference));
        const j = jerk(out.gesture.trajectory);
        this.bump(`gesture.jerk.${mode}`, j.sum);
        this.bump(`gesture.jerkn.${mode}`, j.n);
        this.bump(`gesture.clamped.${mode}`, out.generation.clampedFrames);
        this.bump(`gesture.frames.${mode}`, out.generation.frames);
        if (out.generation.gesture === 'generated') this.bump(`gesture.generated.${mode}`);
      }
    }
  }

  report(): GenerationReport {
    const t = this.count('text');
    const g = this.count('gesture');
    const per = (f: (mode: Mode) => number) => ({
      library: round(f('select')),
      generate: round(f('generate')),
      hybrid: round(f('hybrid')),
    });
    const stats = (xs: number[]) => ({ p50: round(percentile(xs, 50)), p99: round(percentile(xs, 99)) });
    return {
      text: {
        references: t,
        chrf: {
          template: round(this.chrf.select.score()),
          generate: round(this.chrf.generate.score()),
          hybrid: round(this.chrf.hybrid.score()),
        },
        generated: {
          generate: share(this.count('text.generated.generate'), t),
          hybrid: share(this.count('text.generated.hybrid'), t),
        },
        slot_fill: share(this.count('text.filled'), this.count('text.decoded')),
        slot_recall: {
          template: share(this.count('slots.select.hit'), this.count('slots.select.expected')),
          generate: share(this.count('slots.generate.hit'), this.count('slots.generate.expected')),
        },
        slot_precision: {
          template: share(this.count('slots.select.hit'), this.count('slots.select.said')),
          generate: share(this.count('slots.generate.hit'), this.count('slots.generate.said')),
        },
        language_ok: share(this.count('text.language'), this.count('text.decoded')),
        mean_confidence: share(this.count('text.confidence'), this.count('text.decoded')),
      },
      gesture: {
        references: g,
        joint_error: per((m) => (g ? this.count(`gesture.error.${m}`) / g : 0)),
        jerk: per((m) => this.count(`gesture.jerk.${m}`) / Math.max(1, this.count(`gesture.jerkn.${m}`))),
        clamp_share: per(
          (m) => this.count(`gesture.clamped.${m}`) / Math.max(1, this.count(`gesture.frames.${m}`)),
        ),
        generated: {
          generate: share(this.count('gesture.generated.generate'), g),
          hybrid: share(this.count('gesture.generated.hybrid'), g),
        },
      },
      latency_ms: { select: stats(this.latency.select), generate: stats(this.latency.generate) },
    };
  }
}
