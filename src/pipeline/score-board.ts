import type { ActionId } from '../core/care-action.ts';
import { percentile } from '../core/percentile.ts';
import type { GenerationReport } from './evaluate-generation.ts';

/** What `carebot eval --json` prints (shared/spec/dialogue-corpus.md). */
export interface EvalReport {
  turns: number;
  dialogues: number;
  turn_accuracy: number;
  dialogue_accuracy: number;
  per_action: Record<string, { precision: number; recall: number; support: number }>;
  latency_ms: { p50: number; p99: number };
  /** Generated lines and gestures against the corpus' references (models with decoders, corpora with references). */
  generation?: GenerationReport;
}

/** One line of `--predictions`. */
export interface PredictionLine {
  dialogue: string;
  turn: number;
  expected: ActionId;
  predicted: ActionId;
  top: Array<[ActionId, number]>;
  text: string;
}

/** Accumulates turn results into the eval report. */
export class ScoreBoard {
  private turns = 0;
  private right = 0;
  private readonly dialogueOk = new Map<string, boolean>();
  private readonly expectedCount = new Map<ActionId, number>();
  private readonly predictedCount = new Map<ActionId, number>();
  private readonly hits = new Map<ActionId, number>();
  private readonly latencies: number[] = [];

  add(dialogue: string, expected: ActionId, predicted: ActionId, latencyMs: number): void {
    const ok = expected === predicted;
    this.turns += 1;
    this.right += Number(ok);
    this.dialogueOk.set(dialogue, (this.dialogueOk.get(dialogue) ?? true) && ok);
    this.expectedCount.set(expected, (this.expectedCount.get(expected) ?? 0) + 1);
    this.predictedCount.set(predicted, (this.predictedCount.get(predicted) ?? 0) + 1);
    if (ok) this.hits.set(expected, (this.hits.get(expected) ?? 0) + 1);
    this.latencies.push(latencyMs);
  }

  report(): EvalReport {
    const ids = [...new Set([...this.expectedCount.keys(), ...this.predictedCount.keys()])].sort();
    const round = (x: number) => Math.round(x * 10000) / 10000;
    const per_action = Object.fromEntries(
      ids.map((id) => {
        const hit = this.hits.get(id) ?? 0;
        const predicted = this.predictedCount.get(id) ?? 0;
        const support = this.expectedCount.get(id) ?? 0;
        return [
          id,
          {
            precision: round(predicted ? hit / predicted : 0),
            recall: round(support ? hit / support : 0),
            support,
          },
        ];
      }),
    );
    const dialogues = this.dialogueOk.size;
    return {
      turns: this.turns,
      dialogues,
      turn_accuracy: round(this.turns ? this.right / this.turns : 0),
      dialogue_accuracy: round(
        dialogues ? [...this.dialogueOk.values()].filter(Boolean).length / dialogues : 0,
      ),
      per_action,
      latency_ms: { p50: round(percentile(this.latencies, 50)), p99: round(percentile(this.latencies, 99)) },
    };
  }
}

/** The readable table `carebot eval` prints above the JSON line. */
export function formatReport(report: EvalReport, title: string): string {
  const lines = [
    title,
    `  turns ${report.turns}   dialogues ${report.dialogues}`,
    `  turn accuracy     ${(report.turn_accuracy * 100).toFixed(2)} %`,
    `  dialogue accuracy ${(report.dialogue_accuracy * 100).toFixed(2)} %`,
    `  latency per turn  p50 ${report.latency_ms.p50.toFixed(2)} ms   p99 ${report.latency_ms.p99.toFixed(2)} ms`,
    '',
    `  ${'action'.padEnd(34)} ${'precision'.padStart(9)} ${'recall'.padStart(7)} ${'support'.padStart(8)}`,
  ];
  for (const [id, s] of Object.entries(report.per_action)) {
    const name = id.length > 34 ? `${id.slice(0, 31)}...` : id;
    lines.push(
      `  ${name.padEnd(34)} ${s.precision.toFixed(3).padStart(9)} ${s.recall.toFixed(3).padStart(7)} ${String(s.support).padStart(8)}`,
    );
  }
  return lines.join('\n');
}
