/**
 * Human-readable evaluation output: a confusion-matrix SVG and a short Markdown/HTML
 * report. The SVG is written by hand because it is a grid of rectangles and numbers;
 * a charting library would add weight without adding anything here.
 */
import type { EvaluationMetrics } from './metrics.ts';

const CELL = 56;
const LABEL_WIDTH = 90;
const HEADER = 90;

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Row-normalised confusion matrix as SVG: colour = share of the true class, text = count. */
export function confusionMatrixSvg(metrics: EvaluationMetrics, title: string): string {
  const { labels, matrix } = metrics.confusion;
  const n = labels.length;
  const width = LABEL_WIDTH + n * CELL + 20;
  const height = HEADER + n * CELL + 40;
  const cells: string[] = [];
  matrix.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    row.forEach((count, j) => {
      const share = count / total;
      const x = LABEL_WIDTH + j * CELL;
      const y = HEADER + i * CELL;
      const fill = `rgba(37, 99, 235, ${(0.08 + 0.92 * share).toFixed(3)})`;
      const text = share > 0.5 ? '#ffffff' : '#111827';
      cells.push(
        `<rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="${fill}" stroke="#e5e7eb"/>`,
        `<text x="${x + CELL / 2}" y="${y + CELL / 2 + 5}" text-anchor="middle" font-size="14" fill="${text}">${count}</text>`,
      );
    });
  });
  const rowLabels = labels.map(
    (l, i) => `<text x="${LABEL_WIDTH - 8}" y="${HEADER + i * CELL + CELL / 2 + 5}" text-anchor="end" font-size="13">${escapeXml(l)}</text>`,
  );
  const colLabels = labels.map(
    (l, j) =>
      `<text transform="translate(${LABEL_WIDTH + j * CELL + CELL / 2 + 4}, ${HEADER - 8}) rotate(-45)" font-size="13">${escapeXml(l)}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="10" y="${height - 12}" font-size="12" fill="#4b5563">rows: true label · columns: predicted · UAR ${(100 * metrics.uar).toFixed(1)}% · macro-F1 ${(100 * metrics.macroF1).toFixed(1)}%</text>`,
    ...rowLabels,
    ...colLabels,
    ...cells,
    '</svg>',
  ].join('\n');
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/** Markdown summary: headline metrics, per-class table and the confusion counts. */
export function evaluationMarkdown(metrics: EvaluationMetrics, title: string, notes: string[] = []): string {
  const { labels, matrix } = metrics.confusion;
  const lines = [
    `# ${title}`,
    '',
    ...notes.map((n) => `${n}  `),
    '',
    `| UAR | WA | macro-F1 |`,
    `| --- | --- | --- |`,
    `| ${pct(metrics.uar)} | ${pct(metrics.wa)} | ${pct(metrics.macroF1)} |`,
    '',
    '| class | precision | recall | F1 | support |',
    '| --- | --- | --- | --- | --- |',
    ...labels.map((l) => {
      const c = metrics.perClass[l];
      return `| ${l} | ${pct(c.precision)} | ${pct(c.recall)} | ${pct(c.f1)} | ${c.support} |`;
    }),
    '',
    `| true \\ predicted | ${labels.join(' | ')} |`,
    `| --- | ${labels.map(() => '---').join(' | ')} |`,
    ...matrix.map((row, i) => `| **${labels[i]}** | ${row.join(' | ')} |`),
    '',
  ];
  return lines.join('\n');
}

/** Standalone HTML report with the SVG inline. */
export function evaluationHtml(metrics: EvaluationMetrics, title: string, notes: string[] = []): string {
  const rows = metrics.confusion.labels
    .map((l) => {
      const c = metrics.perClass[l];
      return `<tr><td>${escapeXml(l)}</td><td>${pct(c.precision)}</td><td>${pct(c.recall)}</td><td>${pct(c.f1)}</td><td>${c.support}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem;color:#111827}table{border-collapse:collapse}td,th{border:1px solid #d1d5db;padding:.3rem .7rem;text-align:right}td:first-child{text-align:left}.headline{font-size:1.4rem}</style>
</head><body>
<h1>${escapeXml(title)}</h1>
${notes.map((n) => `<p>${escapeXml(n)}</p>`).join('\n')}
<p class="headline">UAR <b>${pct(metrics.uar)}</b> · WA ${pct(metrics.wa)} · macro-F1 ${pct(metrics.macroF1)}</p>
<table><thead><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr></thead><tbody>
${rows}
</tbody></table>
${confusionMatrixSvg(metrics, 'Confusion matrix')}
</body></html>
`;
}
