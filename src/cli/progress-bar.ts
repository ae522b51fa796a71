import type { TrainingProgress } from '../model/training/train-memory-model.ts';

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * A training progress bar on stderr: redrawn in place on a terminal, one line per epoch when
 * stderr is a file or a pipe (CI logs stay readable).
 */
export function trainingProgressBar(stream: NodeJS.WriteStream = process.stderr): {
  onProgress: (p: TrainingProgress) => void;
  line: (text: string) => void;
} {
  const tty = stream.isTTY === true;
  let lastEpochLogged = 0;
  let lastLine = '';
  return {
    onProgress: (p) => {
      const total = p.epochs * p.batches;
      const done = (p.epoch - 1) * p.batches + p.batch;
      const width = 24;
      const filled = Math.round((done / total) * width);
      lastLine = `epoch ${String(p.epoch).padStart(3)}/${p.epochs} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] batch ${p.batch}/${p.batches} loss ${p.loss.toFixed(4)} ETA ${clock(p.etaSeconds)} (max epochs)`;
      if (tty) stream.write(`\r${lastLine}\x1b[K`);
      else if (p.batch === p.batches && p.epoch !== lastEpochLogged) {
        lastEpochLogged = p.epoch;
        stream.write(`${lastLine}\n`);
      }
    },
    line: (text) => stream.write(`${tty ? '\r\x1b[K' : ''}${text}\n`),
  };
}
