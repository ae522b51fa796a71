import type { MemberTag } from '../model/training/train-members.ts';
import { runFraction, type TrainingProgress } from '../model/training/train-memory-model.ts';

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** `member 2/3 ` in an ensemble, nothing for a single model. */
export function memberLabel(tag?: MemberTag): string {
  return tag && tag.members > 1 ? `member ${tag.member + 1}/${tag.members} ` : '';
}

/**
 * A training progress bar on stderr: redrawn in place on a terminal, one line per epoch when
 * stderr is a file or a pipe (CI logs stay readable). In an ensemble the bar fills with the
 * whole ensemble's progress and names the member that reported last.
 */
export function trainingProgressBar(stream: NodeJS.WriteStream = process.stderr): {
  onProgress: (p: TrainingProgress, tag?: MemberTag) => void;
  line: (text: string) => void;
} {
  const tty = stream.isTTY === true;
  const logged = new Set<string>();
  return {
    onProgress: (p, tag) => {
      const fraction = p.ensembleDone ?? runFraction(p);
      const width = 24;
      const filled = Math.round(fraction * width);
      const line = `${memberLabel(tag)}epoch ${String(p.epoch).padStart(3)}/${p.epochs} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] batch ${p.batch}/${p.batches} loss ${p.loss.toFixed(4)} ETA ${clock(p.etaSeconds)} (max epochs)`;
      const key = `${tag?.member ?? 0}:${p.epoch}`;
      if (tty) stream.write(`\r${line}\x1b[K`);
      else if (p.batch === p.batches && !logged.has(key)) {
        logged.add(key);
        stream.write(`${line}\n`);
      }
    },
    line: (text) => stream.write(`${tty ? '\r\x1b[K' : ''}${text}\n`),
  };
}
