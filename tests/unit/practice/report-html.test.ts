/** The HTML export: self-contained, printable, escaped, one SVG per chart. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LiveUpdate } from '../../../training/practice/live-update.ts';
import { buildSessionReport } from '../../../training/practice/report.ts';
import { sessionReportHtml } from '../../../training/practice/report-html.ts';

const LABELS = ['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised', '<b>odd</b>'];

/** 30 s: speech with a tone that changes every 6 s, a 2 s silence at 12–14 s, a hint now and then. */
function timeline(): LiveUpdate[] {
  const out: LiveUpdate[] = [];
  for (let k = 1; k <= 150; k++) {
    const t = k * 0.2;
    const speech = t <= 12 || t > 14;
    const label = LABELS[[1, 0, 8, 2, 4][Math.min(4, Math.floor(t / 6))]];
    out.push({
      t,
      speech,
      tone: speech && t > 2 ? { label, confidence: 0.6, probs: LABELS.map((l) => (l === label ? 0.6 : 0.05)), dominantForSec: t % 6 } : null,
      pitchHz: speech ? 110 + 20 * Math.sin(t) : null,
      pitchVariationSt: speech && t > 3 ? 2.5 : null,
      loudnessDbfs: speech ? -22 + 3 * Math.sin(t / 3) : null,
      syllablesPerSec: speech && t > 4 ? 3.8 : null,
      wordsPerMinute: speech && t > 4 ? 152 : null,
      pauses: { count: t > 14 ? 1 : 0, long: t > 14 ? 1 : 0, currentSec: speech ? 0 : t - 12 },
      hints: t > 20 && t < 24 ? [{ id: 'monotone', text: 'Pitch is flat — <vary> & "intonate"', severity: 'warn' }] : [],
    });
  }
  return out;
}

describe('session report HTML', () => {
  const updates = timeline();
  const report = buildSessionReport({ timeline: updates, labels: LABELS, goal: 'calm-confident', paceTargetWpm: [140, 160] });
  const title = `Q3 pitch <script>alert("x")</script> & 'friends'`;
  const html = sessionReportHtml({ title, startedAt: '2026-05-04T09:30:00.000Z', durationSec: 30, goal: 'calm-confident', labels: LABELS, report, timeline: updates });

  it('escapes the title and every text from the session', () => {
    assert.ok(html.includes('Q3 pitch &#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;friends&#39;'), 'escaped title');
    assert.ok(!html.includes('<b>odd</b>'), 'a label is escaped');
    assert.ok(html.includes('&#60;b&#62;odd&#60;/b&#62;'));
    assert.ok(html.includes('&#60;vary&#62; &#38; &#34;intonate&#34;'), 'hint text escaped');
  });

  it('has no script and loads nothing from outside', () => {
    assert.ok(!/<script/i.test(html), 'no <script>');
    assert.ok(!/\bon[a-z]+\s*=/i.test(html), 'no inline event handlers');
    assert.ok(!/(https?:|file:|data:|\/\/[a-z])/i.test(html), 'no URL');
    assert.ok(!/<(img|link|iframe|object|embed|audio|video)\b/i.test(html), 'no external elements');
    assert.ok(!/\b(src|href)\s*=/i.test(html), 'no src or href');
    assert.ok(!/url\(|@import/i.test(html), 'no CSS fetches');
  });

  it('draws one SVG per chart: tone share, tone timeline, pitch, loudness', () => {
    const svgs = html.match(/<svg\b[^>]*>/g) ?? [];
    assert.equal(svgs.length, 4);
    assert.equal((html.match(/<\/svg>/g) ?? []).length, 4);
    const titles = svgs.map((s) => /aria-label="([^"]*)"/.exec(s)?.[1] ?? '');
    assert.match(titles[0], /share/i);
    assert.match(titles[1], /over the session/i);
    assert.match(titles[2], /pitch/i);
    assert.match(titles[3], /loudness/i);
    // A bar per tone in the share chart, a rectangle per region in the timeline, a line in each series chart.
    const charts = html.split(/<svg\b/).slice(1);
    assert.equal((charts[0].match(/<rect /g) ?? []).length, report.toneShare.length);
    assert.equal((charts[1].match(/<rect [^>]*><title>/g) ?? []).length, report.regions.length);
    assert.ok(/<polyline /.test(charts[2]) && /<polyline /.test(charts[3]));
  });

  it('is a complete, printable A4 document with the report in it', () => {
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<meta charset="utf-8">/);
    assert.match(html, /@page\s*{\s*size:\s*A4/);
    assert.match(html, /@media print/);
    for (const g of report.goal) assert.ok(html.includes(g.target.replace(/&/g, '&#38;')), `goal target ${g.target}`);
    for (const m of report.moments) assert.ok(html.includes(m.reason), `moment ${m.reason}`);
    assert.ok(html.includes('Calm and confident'));
  });
});
