import type { BenchReport } from './bench-report.ts';
import { formatGenerationBench, type GenerationBench } from './measure-generation.ts';

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(3));

/** One latency row: name, p50, p99, and what else there is to say. */
function row(name: string, p50: number, p99: number, rest: string): string {
  return `  ${name.padEnd(44)} ${ms(p50).padStart(9)} ${ms(p99).padStart(9)}  ${rest}`;
}

/** The readable table of a report (the JSON holds every figure). */
export function formatBench(report: BenchReport): string {
  const { machine, turnLatencyMs: turn, socketLoad: load, memory } = report;
  const skipped = Object.entries(report.backend.skipped).map(([name, why]) => `${name}: ${why}`);
  const lines = [
    `carebot bench ${report.date}: ${report.seconds} s on ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGiB} GiB, node ${machine.node}, ${machine.platform}`,
    `  load average ${machine.loadAverage.start.join(' ')} at the start, ${machine.loadAverage.end.join(' ')} at the end${
      machine.otherTraining.length ? `; another training run was going: ${machine.otherTraining.length}` : ''
    }`,
    `  TensorFlow.js backend: ${report.backend.name}${skipped.length ? ` (${skipped.join('; ')})` : ''}`,
    '',
    `  ${'latency (ms)'.padEnd(44)} ${'p50'.padStart(9)} ${'p99'.padStart(9)}`,
    row(
      'turn, default model',
      turn.model.p50,
      turn.model.p99,
      `mean ${ms(turn.model.mean)}, ${turn.model.turns} turns`,
    ),
    row(
      'turn, rule baseline (same run)',
      turn.rules.p50,
      turn.rules.p99,
      `mean ${ms(turn.rules.mean)}, ${turn.rules.turns} turns; model/rules at p50 ${turn.modelOverRulesP50}x`,
    ),
  ];
  if (report.generation.status === 'not measured')
    lines.push(`  ${'generation'.padEnd(44)} not measured (${report.generation.reason})`);
  else lines.push(formatGenerationBench(report.generation as unknown as GenerationBench));
  lines.push(
    row(
      'cold start: spawn -> simulator address',
      report.coldStartMs.median,
      report.coldStartMs.p99,
      `${report.coldStartMs.runs.length} runs: ${report.coldStartMs.runs.join(', ')}`,
    ),
    row(
      `socket.io: ${load.sessions} clients x 1/s, ${load.seconds} s`,
      load.turn.p50,
      load.turn.p99,
      `max ${ms(load.turn.max)}; ${load.answered}/${load.sent} answered, ${load.errors} errors`,
    ),
    row(
      '  the same without first turns',
      load.steadyTurn.p50,
      load.steadyTurn.p99,
      `max ${ms(load.steadyTurn.max)}`,
    ),
    row(
      '  first turns (a session opens)',
      load.firstTurn.p50,
      load.firstTurn.p99,
      `max ${ms(load.firstTurn.max)}`,
    ),
    row('  the runtime alone (latencyMs)', load.runtime.p50, load.runtime.p99, `max ${ms(load.runtime.max)}`),
  );
  const ros = report.rosRoundTrip;
  if (ros.status === 'ok')
    lines.push(
      row(
        'ROS: utterance -> say + gesture (roscore)',
        ros.roundTrip.p50,
        ros.roundTrip.p99,
        `max ${ms(ros.roundTrip.max)}; ${ros.answered} turns, ${ros.unanswered} unanswered`,
      ),
    );
  else lines.push(`  ${'ROS round trip'.padEnd(44)} ${ros.status}: ${ros.reason}`);
  lines.push(
    '',
    `  turns per second (default model, one core): ${report.turnsPerSecond}`,
    `  tensors before / after ${report.tensors.turns} turns: ${report.tensors.before} / ${report.tensors.after}`,
    `  memory (RSS of carebot sim and its children): idle ${memory.idleMiB} MiB, ${memory.sessions} sessions ${memory.loadedMiB} MiB, after they closed ${memory.afterCloseMiB} MiB`,
  );
  if (report.training) {
    const accuracy = Object.entries(report.training.devTurnAccuracy)
      .map(([file, a]) => `${file} ${(a * 100).toFixed(1)}%`)
      .join(', ');
    lines.push(
      `  training the default model: ${report.training.seconds} s, ${report.training.samplesPerSecond} samples/s (best epoch ${report.training.bestEpoch}); dev turn accuracy ${accuracy}`,
    );
  } else lines.push('  training: skipped (--skip-training)');
  return lines.join('\n');
}
