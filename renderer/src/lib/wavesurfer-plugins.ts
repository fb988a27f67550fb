/**
 * wavesurfer.js 8 plugin setups shared by the Label view's waveform and the practice
 * report's recording: the same hover line, the same timeline ticks and labels, the same
 * peaks loading. Colours are theme variables, which these plugins draw as DOM, not canvas.
 */
import HoverPlugin from 'wavesurfer.js/plugins/hover';
import TimelinePlugin from 'wavesurfer.js/plugins/timeline';
import { decimalsForStep, formatClock } from './label-format.ts';
import { toWaveformPeaks } from './label-peaks.ts';
import type { WaveformPeaks } from './label-peaks.ts';
import { timelineIntervals } from './label-zoom.ts';

/** The back end's cached peaks for a recording, shaped for wavesurfer. */
export async function fetchWaveformPeaks(url: string, signal: AbortSignal): Promise<WaveformPeaks> {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`peaks request failed (${response.status})`);
  return toWaveformPeaks(await response.json());
}

/** The hover line with its time label, shown with `decimals` digits after the seconds. */
export function createHoverPlugin(decimals: number): ReturnType<typeof HoverPlugin.create> {
  return HoverPlugin.create({
    lineColor: 'var(--focus)',
    lineWidth: 1,
    labelBackground: 'var(--surface)',
    labelColor: 'var(--text)',
    labelSize: '11px',
    formatTimeCallback: (seconds: number) => formatClock(seconds, decimals),
  });
}

/** A timeline in `container` with ticks spaced for `pxPerSec` over `duration` seconds. */
export function createTimelinePlugin(
  container: HTMLElement,
  intervals: ReturnType<typeof timelineIntervals>,
): ReturnType<typeof TimelinePlugin.create> {
  return TimelinePlugin.create({
    container,
    height: 18,
    ...intervals,
    secondaryLabelInterval: intervals.primaryLabelInterval,
    formatTimeCallback: (seconds: number) =>
      formatClock(seconds, decimalsForStep(intervals.primaryLabelInterval)),
    style: { color: 'var(--muted)', fontSize: '11px' },
  });
}
