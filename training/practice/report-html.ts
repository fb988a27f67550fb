/**
 * The practice report as one self-contained HTML file (the `sessions.export` command):
 * inline CSS and inline SVG charts, no scripts, no fonts, images or links to load — so it
 * opens anywhere offline, can be mailed as is, and prints to an A4 PDF from any browser
 * (print CSS keeps charts and tables from splitting across pages). All text from the
 * session (title, labels, hint texts) is escaped.
 *
 * Charts, one SVG each: share of speech per tone, the tone timeline strip, pitch over time,
 * loudness over time (pitch and loudness apart: different units, and each gets its goal band).
 */
import { GOALS } from './goals.ts';
import { escapeHtml } from './html-escape.ts';
import type { GoalProfile, HintId, LiveUpdate } from './live-update.ts';
import { clock, lineChart, toneShareChart, toneTimelineChart } from './report-charts.ts';
import type { SessionReport } from './report-schema.ts';

export interface SessionReportHtmlInput {
  title: string;
  /** ISO 8601 start time of the session. */
  startedAt: string;
  durationSec: number;
  goal: GoalProfile;
  labels: readonly string[];
  report: SessionReport;
  timeline: readonly LiveUpdate[];
}

const STYLE = `
  :root { color-scheme: light; }
  * { box-sizing: border-box; }
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1f23; margin: 0 auto; max-width: 780px; padding: 24px; }
  h1 { font-size: 22px; margin: 0 0 4px; }
  h2 { font-size: 16px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
  .meta { color: #555; margin: 0; }
  .cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; margin-top: 16px; }
  .card { border: 1px solid #ddd; border-radius: 6px; padding: 8px 10px; }
  .card b { display: block; font-size: 18px; }
  .card span { color: #555; font-size: 12px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
  th { font-weight: 600; color: #444; }
  .verdict { font-weight: 600; white-space: nowrap; }
  .on-target { color: #1b7f4b; }
  .below, .above { color: #b26a00; }
  .unknown { color: #777; }
  svg.chart { display: block; margin: 6px 0 12px; }
  ol.moments li { margin-bottom: 4px; }
  .note { color: #666; font-size: 12px; margin-top: 28px; }
  @page { size: A4; margin: 15mm; }
  @media print {
    body { max-width: none; padding: 0; font-size: 11pt; }
    h2 { break-after: avoid; }
    svg.chart, table, .cards, li { break-inside: avoid; }
  }
`;

const VERDICT_TEXT: Record<SessionReport['goal'][number]['verdict'], string> = {
  'on-target': 'On target',
  below: 'Below',
  above: 'Above',
  unknown: 'Unknown',
};

const MEASURE_TEXT: Record<SessionReport['goal'][number]['measure'], string> = {
  tone: 'Tone of voice',
  pitchVariation: 'Pitch variation',
  loudness: 'Loudness',
  pace: 'Pace',
  pauses: 'Pauses',
};

function formatStart(startedAt: string): string {
  const date = new Date(startedAt);
  if (Number.isNaN(date.getTime())) return startedAt;
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short' }).format(date);
}

function card(value: string, caption: string): string {
  return `<div class="card"><b>${escapeHtml(value)}</b><span>${escapeHtml(caption)}</span></div>`;
}

/** How often each hint came up (a hint appearing after being absent counts once). */
function hintCounts(timeline: readonly LiveUpdate[]): { id: HintId; text: string; times: number }[] {
  const counts = new Map<HintId, { id: HintId; text: string; times: number }>();
  let previous = new Set<HintId>();
  for (const update of timeline) {
    const now = new Set(update.hints.map((h) => h.id));
    for (const hint of update.hints) {
      if (previous.has(hint.id)) continue;
      const entry = counts.get(hint.id) ?? { id: hint.id, text: hint.text, times: 0 };
      entry.times++;
      counts.set(hint.id, entry);
    }
    previous = now;
  }
  return [...counts.values()].sort((a, b) => b.times - a.times);
}

export function sessionReportHtml(input: SessionReportHtmlInput): string {
  const { report, labels, timeline, durationSec } = input;
  const goal = GOALS[input.goal];
  const main = report.toneShare[0];
  const cards = [
    card(clock(report.speechSec), `speaking time of ${clock(durationSec)}`),
    card(main ? `${main.label} ${Math.round(main.share * 100)}%` : '—', 'main tone of voice'),
    card(report.pace.wordsPerMinute === null ? '—' : `${Math.round(report.pace.wordsPerMinute)} wpm`, 'pace (≈ syllables ÷ 1.5)'),
    card(report.pitch.variationSt === null ? '—' : `${report.pitch.variationSt.toFixed(1)} st`, `pitch variation${report.pitch.medianHz === null ? '' : `, around ${Math.round(report.pitch.medianHz)} Hz`}`),
    card(report.loudness.meanDbfs === null ? '—' : `${report.loudness.meanDbfs.toFixed(0)} dBFS`, 'loudness of speech'),
    card(`${report.pauses.count} (${report.pauses.long} long)`, `pauses${report.pauses.meanSec === null ? '' : `, ${report.pauses.meanSec.toFixed(1)} s on average`}`),
  ].join('');

  const goalRows = report.goal
    .map(
      (row) =>
        `<tr><td>${escapeHtml(MEASURE_TEXT[row.measure])}</td><td>${escapeHtml(row.value)}</td><td>${escapeHtml(row.target)}</td><td class="verdict ${row.verdict}">${VERDICT_TEXT[row.verdict]}</td></tr>`,
    )
    .join('');

  const moments = report.moments.length
    ? `<ol class="moments">${report.moments.map((m) => `<li><b>${clock(m.t)}</b> — ${escapeHtml(m.reason)}</li>`).join('')}</ol>`
    : '<p>Nothing stood out — a steady session.</p>';

  const hints = hintCounts(timeline);
  const hintList = hints.length
    ? `<ul>${hints.map((h) => `<li>${escapeHtml(h.text)} — ${h.times}×</li>`).join('')}</ul>`
    : '<p>No hints were needed.</p>';

  const pitchChart = lineChart(timeline, (u) => (u.speech ? u.pitchHz : null), durationSec, {
    title: 'Pitch over time (median F0 of the voiced speech)',
    unit: 'Hz',
    colour: '#4a6fb5',
  });
  const loudnessChart = lineChart(timeline, (u) => u.loudnessDbfs, durationSec, {
    title: 'Loudness over time (speech level; shaded: the goal range)',
    unit: 'dBFS',
    band: goal.loudnessDbfs,
    colour: '#d0433a',
  });

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(input.title)}</h1>
<p class="meta">${escapeHtml(formatStart(input.startedAt))} · ${clock(durationSec)} · Goal: ${escapeHtml(goal.title)}</p>
</header>
<section class="cards">${cards}</section>
<section>
<h2>Against your goal: ${escapeHtml(goal.title)}</h2>
<p class="meta">${escapeHtml(goal.description)}</p>
<table><thead><tr><th>Measure</th><th>You</th><th>Target</th><th>Verdict</th></tr></thead><tbody>${goalRows}</tbody></table>
</section>
<section>
<h2>Tone of voice</h2>
${toneShareChart(report, labels)}
${toneTimelineChart(report, labels, durationSec)}
</section>
<section>
<h2>Pitch and loudness</h2>
${pitchChart}
${loudnessChart}
</section>
<section>
<h2>Moments worth replaying</h2>
${moments}
</section>
<section>
<h2>Hints during the session</h2>
${hintList}
</section>
<p class="note">Tone of voice is estimated by a speech-emotion model from 2-second windows and smoothed; treat it as a guide, not a verdict. Pace counts syllable nuclei and assumes about 1.5 syllables per word (English).</p>
</body>
</html>
`;
}
