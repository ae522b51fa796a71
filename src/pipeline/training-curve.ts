import type { EpochRecord } from '../model/training/train-memory-model.ts';

/** An SVG chart of the training curve (loss and accuracies per epoch), to open in any browser. */
export function trainingCurveSvg(history: readonly EpochRecord[], title: string, bestEpoch: number): string {
  const width = 720;
  const height = 360;
  const pad = { left: 56, right: 56, top: 40, bottom: 44 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const epochs = Math.max(1, history.length);
  const maxLoss = Math.max(1e-9, ...history.map((r) => r.loss));
  const x = (epoch: number) => pad.left + (epochs === 1 ? w / 2 : ((epoch - 1) / (epochs - 1)) * w);
  const yAcc = (a: number) => pad.top + (1 - a) * h;
  const yLoss = (l: number) => pad.top + (1 - l / maxLoss) * h;
  const line = (points: Array<[number, number]>, color: string, dash = '') =>
    points.length === 0
      ? ''
      : `<polyline fill="none" stroke="${color}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''} points="${points
          .map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`)
          .join(' ')}"/>`;
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (a) =>
        `<line x1="${pad.left}" x2="${pad.left + w}" y1="${yAcc(a)}" y2="${yAcc(a)}" stroke="#ddd"/><text x="${pad.left - 8}" y="${yAcc(a) + 4}" text-anchor="end" font-size="11">${(a * 100).toFixed(0)}%</text><text x="${pad.left + w + 8}" y="${yAcc(a) + 4}" font-size="11">${(maxLoss * a).toFixed(2)}</text>`,
    )
    .join('');
  const dev = history
    .filter((r) => r.devAccuracy !== null)
    .map((r) => [x(r.epoch), yAcc(r.devAccuracy ?? 0)] as [number, number]);
  const lx = pad.left + w - 180;
  const ly = pad.top + h * 0.55;
  const best =
    bestEpoch > 0
      ? `<line x1="${x(bestEpoch)}" x2="${x(bestEpoch)}" y1="${pad.top}" y2="${pad.top + h}" stroke="#888" stroke-dasharray="4 4"/><text x="${x(bestEpoch) + 4}" y="${pad.top + 12}" font-size="11" fill="#555">best epoch ${bestEpoch}</text>`
      : '';
  const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${width / 2}" y="22" text-anchor="middle" font-size="14">${escapeXml(title)}</text>
${grid}
<line x1="${pad.left}" x2="${pad.left}" y1="${pad.top}" y2="${pad.top + h}" stroke="#333"/>
<line x1="${pad.left}" x2="${pad.left + w}" y1="${pad.top + h}" y2="${pad.top + h}" stroke="#333"/>
<text x="${pad.left + w / 2}" y="${height - 10}" text-anchor="middle" font-size="12">epoch (1–${epochs})</text>
${best}
${line(
  history.map((r) => [x(r.epoch), yLoss(r.loss)]),
  '#d62728',
  '6 3',
)}
${line(
  history.map((r) => [x(r.epoch), yAcc(r.trainAccuracy)]),
  '#1f77b4',
)}
${line(dev, '#2ca02c')}
<g font-size="12"><rect x="${lx}" y="${ly - 14}" width="170" height="56" fill="white" stroke="#ccc"/>
<line x1="${lx + 8}" x2="${lx + 30}" y1="${ly}" y2="${ly}" stroke="#1f77b4" stroke-width="2"/><text x="${lx + 36}" y="${ly + 4}">train accuracy</text>
<line x1="${lx + 8}" x2="${lx + 30}" y1="${ly + 16}" y2="${ly + 16}" stroke="#2ca02c" stroke-width="2"/><text x="${lx + 36}" y="${ly + 20}">dev accuracy</text>
<line x1="${lx + 8}" x2="${lx + 30}" y1="${ly + 32}" y2="${ly + 32}" stroke="#d62728" stroke-width="2" stroke-dasharray="6 3"/><text x="${lx + 36}" y="${ly + 36}">loss (right axis)</text></g>
</svg>
`;
}
