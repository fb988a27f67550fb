/**
 * Inline SVG charts for the session report's HTML export: plain markup with no scripts,
 * fonts or external references, so the file renders the same offline, in any browser and
 * when printed to PDF. Sizes are in a fixed viewBox and scale to the page width. Every text
 * that comes from data is escaped.
 */
import { escapeHtml } from './html-escape.ts';
import type { LiveUpdate } from './live-update.ts';
import type { SessionReport } from './report-schema.ts';

/** Colours of the canonical labels (DESIGN.md §5), chosen to stay apart in print too. */
const LABEL_COLOURS: Record<string, string> = {
  neutral: '#8a8f98',
  calm: '#3f9c8f',
  happy: '#e0a800',
  sad: '#4a6fb5',
  angry: '#d0433a',
  fearful: '#8e5bb5',
  disgust: '#6f8f3a',
  surprised: '#e8772a',
  boredom: '#a0826d',
};
const FALLBACK_COLOURS = ['#2f7ed8', '#c2185b', '#00897b', '#795548', '#5c6bc0', '#9e9d24'];

/** A stable colour per label: the canonical one, else one by its place in the model's labels. */
export function labelColour(label: string, labels: readonly string[]): string {
  return LABEL_COLOURS[label] ?? FALLBACK_COLOURS[Math.max(0, labels.indexOf(label)) % FALLBACK_COLOURS.length];
}

const WIDTH = 720;
const FONT = 'font-family="system-ui, sans-serif" font-size="12"';

function n(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 10) / 10) : '0';
}

/** m:ss */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function svg(height: number, title: string, body: string): string {
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}" ${FONT}><title>${escapeHtml(title)}</title>${body}</svg>`;
}

/** Horizontal bars: share of speech time per tone, largest first. */
export function toneShareChart(report: SessionReport, labels: readonly string[]): string {
  const rows = report.toneShare;
  const rowHeight = 24;
  const left = 100;
  const barWidth = WIDTH - left - 70;
  const body = rows
    .map((row, i) => {
      const y = i * rowHeight + 4;
      const width = Math.max(1, row.share * barWidth);
      return (
        `<text x="${left - 8}" y="${y + 14}" text-anchor="end">${escapeHtml(row.label)}</text>` +
        `<rect x="${left}" y="${y}" width="${n(width)}" height="${rowHeight - 8}" rx="3" fill="${labelColour(row.label, labels)}"/>` +
        `<text x="${n(left + width + 6)}" y="${y + 14}">${Math.round(row.share * 100)}% · ${clock(row.seconds)}</text>`
      );
    })
    .join('');
  const empty = rows.length ? '' : `<text x="${WIDTH / 2}" y="20" text-anchor="middle">No speech was scored</text>`;
  return svg(Math.max(32, rows.length * rowHeight + 8), 'Share of speech time per tone', body + empty);
}

/** Time axis ticks under a chart of `durationSec` drawn from x0 to x1 at baseline y. */
function timeAxis(durationSec: number, x0: number, x1: number, y: number): string {
  const steps = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800];
  const step = steps.find((s) => durationSec / s <= 8) ?? 3600;
  let out = `<line x1="${x0}" y1="${y}" x2="${x1}" y2="${y}" stroke="#999"/>`;
  for (let t = 0; t <= durationSec + 1e-9; t += step) {
    const x = x0 + (t / Math.max(durationSec, 1e-9)) * (x1 - x0);
    // Labels at the very ends are anchored inwards so they are not cut off.
    const anchor = x - x0 < 20 ? 'start' : x1 - x < 20 ? 'end' : 'middle';
    out += `<line x1="${n(x)}" y1="${y}" x2="${n(x)}" y2="${y + 4}" stroke="#999"/><text x="${n(x)}" y="${y + 16}" text-anchor="${anchor}" fill="#555">${clock(t)}</text>`;
  }
  return out;
}

/** A strip of tone-coloured regions over the session, with a legend. */
export function toneTimelineChart(report: SessionReport, labels: readonly string[], durationSec: number): string {
  const x0 = 10;
  const x1 = WIDTH - 10;
  const scale = (t: number) => x0 + (t / Math.max(durationSec, 1e-9)) * (x1 - x0);
  const strip = report.regions
    .map(
      (r) =>
        `<rect x="${n(scale(r.startSec))}" y="6" width="${n(Math.max(0.5, scale(r.endSec) - scale(r.startSec)))}" height="28" fill="${labelColour(r.label, labels)}"><title>${escapeHtml(r.label)} ${clock(r.startSec)}–${clock(r.endSec)}</title></rect>`,
    )
    .join('');
  const present = [...new Set(report.regions.map((r) => r.label))];
  const legend = present
    .map((label, i) => {
      const x = x0 + i * 110;
      return `<rect x="${x}" y="62" width="12" height="12" fill="${labelColour(label, labels)}"/><text x="${x + 16}" y="72">${escapeHtml(label)}</text>`;
    })
    .join('');
  const background = `<rect x="${x0}" y="6" width="${x1 - x0}" height="28" fill="#f1f1f1"/>`;
  return svg(82, 'Tone of voice over the session (grey: silence or not yet scored)', background + strip + timeAxis(durationSec, x0, x1, 36) + legend);
}

/** One value per bucket of time (the mean of the non-null values in it), so a long session stays a light chart. */
function bucketed(timeline: readonly LiveUpdate[], pick: (u: LiveUpdate) => number | null, durationSec: number, buckets: number): (number | null)[] {
  const sums = new Float64Array(buckets);
  const counts = new Uint32Array(buckets);
  for (const u of timeline) {
    const value = pick(u);
    if (value === null || !Number.isFinite(value)) continue;
    const b = Math.min(buckets - 1, Math.floor((u.t / Math.max(durationSec, 1e-9)) * buckets));
    sums[b] += value;
    counts[b]++;
  }
  return Array.from(sums, (s, b) => (counts[b] ? s / counts[b] : null));
}

export interface LineChartOptions {
  title: string;
  unit: string;
  /** Shaded target band, when the goal has one. */
  band?: readonly [number, number];
  colour: string;
}

/** A line over time with gaps where there is no value (silence), y range fitted to the data and band. */
export function lineChart(
  timeline: readonly LiveUpdate[],
  pick: (u: LiveUpdate) => number | null,
  durationSec: number,
  options: LineChartOptions,
): string {
  const height = 150;
  const x0 = 72;
  const x1 = WIDTH - 10;
  const top = 8;
  const bottom = height - 28;
  const buckets = Math.max(1, Math.min(600, timeline.length));
  const points = bucketed(timeline, pick, durationSec, buckets);
  const present = points.filter((p): p is number => p !== null);
  const range = [...present, ...(options.band ?? [])];
  if (present.length === 0) {
    return svg(height, options.title, `<text x="${WIDTH / 2}" y="${height / 2}" text-anchor="middle">No ${escapeHtml(options.unit)} values (no voiced speech)</text>`);
  }
  let low = Math.min(...range);
  let high = Math.max(...range);
  if (high - low < 1e-6) {
    low -= 1;
    high += 1;
  }
  const pad = (high - low) * 0.08;
  low -= pad;
  high += pad;
  const x = (b: number) => x0 + ((b + 0.5) / buckets) * (x1 - x0);
  const y = (v: number) => bottom - ((v - low) / (high - low)) * (bottom - top);

  const segments: string[] = [];
  let current: string[] = [];
  points.forEach((p, b) => {
    if (p === null) {
      if (current.length) segments.push(current.join(' '));
      current = [];
    } else current.push(`${n(x(b))},${n(y(p))}`);
  });
  if (current.length) segments.push(current.join(' '));
  const lines = segments
    .map((pts) =>
      pts.includes(' ')
        ? `<polyline points="${pts}" fill="none" stroke="${options.colour}" stroke-width="1.5" stroke-linejoin="round"/>`
        : `<circle cx="${pts.split(',')[0]}" cy="${pts.split(',')[1]}" r="1.5" fill="${options.colour}"/>`,
    )
    .join('');
  const band = options.band
    ? `<rect x="${x0}" y="${n(y(options.band[1]))}" width="${x1 - x0}" height="${n(y(options.band[0]) - y(options.band[1]))}" fill="#3f9c8f" opacity="0.12"><title>target ${options.band[0]} to ${options.band[1]} ${escapeHtml(options.unit)}</title></rect>`
    : '';
  const unit = escapeHtml(options.unit);
  const yLabels =
    `<text x="${x0 - 6}" y="${n(y(high - pad) + 4)}" text-anchor="end" fill="#555">${Math.round(high - pad)} ${unit}</text>` +
    `<text x="${x0 - 6}" y="${n(y(low + pad) + 4)}" text-anchor="end" fill="#555">${Math.round(low + pad)} ${unit}</text>`;
  return svg(height, options.title, band + timeAxis(durationSec, x0, x1, bottom) + yLabels + lines);
}
