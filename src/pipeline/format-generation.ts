import type { GenerationReport } from './evaluate-generation.ts';

/** The generation part of the `carebot eval` table: each mode beside the library's templates and gestures. */
export function formatGeneration(g: GenerationReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const row = (name: string, cells: string[]) =>
    `  ${name.padEnd(26)}${cells.map((c) => c.padStart(18)).join('')}`;
  return [
    `generation (expected actions; ${g.text.references} reference lines, ${g.gesture.references} reference gestures)`,
    row('', ['template', 'generate', 'hybrid']),
    row(
      'chrF',
      [g.text.chrf.template, g.text.chrf.generate, g.text.chrf.hybrid].map((x) => x.toFixed(1)),
    ),
    row('decoder line spoken', ['-', pct(g.text.generated.generate), pct(g.text.generated.hybrid)]),
    row('slot recall / precision', [
      `${pct(g.text.slot_recall.template)} / ${pct(g.text.slot_precision.template)}`,
      `${pct(g.text.slot_recall.generate)} / ${pct(g.text.slot_precision.generate)}`,
      '',
    ]),
    row('slot fill, language ok', ['', `${pct(g.text.slot_fill)}, ${pct(g.text.language_ok)}`, '']),
    row(
      'gesture joint error (rad)',
      [g.gesture.joint_error.library, g.gesture.joint_error.generate, g.gesture.joint_error.hybrid].map((x) =>
        x.toFixed(4),
      ),
    ),
    row(
      'jerk (rad/s³)',
      [g.gesture.jerk.library, g.gesture.jerk.generate, g.gesture.jerk.hybrid].map((x) => x.toFixed(1)),
    ),
    row(
      'frames clamped',
      [g.gesture.clamp_share.library, g.gesture.clamp_share.generate, g.gesture.clamp_share.hybrid].map(pct),
    ),
    row('decoder gesture played', ['-', pct(g.gesture.generated.generate), pct(g.gesture.generated.hybrid)]),
    `  render latency  select p50 ${g.latency_ms.select.p50.toFixed(2)} ms  p99 ${g.latency_ms.select.p99.toFixed(2)} ms   generate p50 ${g.latency_ms.generate.p50.toFixed(2)} ms  p99 ${g.latency_ms.generate.p99.toFixed(2)} ms`,
  ].join('\n');
}
