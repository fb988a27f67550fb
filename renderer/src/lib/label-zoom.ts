/**
 * Waveform zoom as pixels per second of audio. 0 means "fit": wavesurfer then stretches the
 * clip over the container. The slider runs on a log scale, so each step zooms by the same
 * factor whether the clip is 2 s or an hour long.
 */

/** The closest zoom: at 16 kHz that is 8 samples per pixel. */
export const MAX_PX_PER_SEC = 2000;

/**
 * The spectrogram plugin draws the whole clip at the zoomed width (one column per pixel),
 * so very long clips get a lower zoom ceiling to keep that under this many pixels.
 */
export const MAX_TOTAL_PX = 100_000;

/** Zooming past this many pixels per peak pair only stretches the drawing. */
export const PX_PER_PEAK = 4;

/** Slider positions: 0 is fit, SLIDER_STEPS the closest zoom. */
export const SLIDER_STEPS = 100;

/** Pixels per second at which the whole clip just fits `widthPx`. */
export function fitPxPerSec(widthPx: number, durationSec: number): number {
  if (!(durationSec > 0) || !(widthPx > 0)) return 1;
  return widthPx / durationSec;
}

/**
 * The highest zoom for this clip: MAX_PX_PER_SEC, lowered for long clips (MAX_TOTAL_PX) and
 * to what the peaks resolve (PX_PER_PEAK per pair), never below fit.
 */
export function maxPxPerSec(fit: number, durationSec: number, peaksPerSecond = Infinity): number {
  const budget = durationSec > 0 ? MAX_TOTAL_PX / durationSec : MAX_PX_PER_SEC;
  const detail = peaksPerSecond > 0 ? peaksPerSecond * PX_PER_PEAK : MAX_PX_PER_SEC;
  return Math.max(fit, Math.min(MAX_PX_PER_SEC, budget, detail));
}

/** Slider position → pixels per second (0 → 0, i.e. fit). */
export function sliderToPxPerSec(position: number, fit: number, max: number): number {
  if (position <= 0 || max <= fit) return 0;
  const t = Math.min(1, position / SLIDER_STEPS);
  return fit * Math.pow(max / fit, t);
}

/** Pixels per second → nearest slider position (0 for fit or anything below it). */
export function pxPerSecToSlider(pxPerSec: number, fit: number, max: number): number {
  if (pxPerSec <= fit || max <= fit) return 0;
  const t = Math.log(pxPerSec / fit) / Math.log(max / fit);
  return Math.round(Math.min(1, t) * SLIDER_STEPS);
}

/**
 * The zoom after a Ctrl/Cmd+wheel step from `current` (0 = fit): a wheel notch (deltaY
 * ±100) zooms by about 1.5×; zooming out past fit returns 0.
 */
export function wheelZoom(current: number, deltaY: number, fit: number, max: number): number {
  const from = current > 0 ? current : fit;
  const next = Math.min(max, from * Math.exp(-deltaY * 0.004));
  return next <= fit * 1.001 ? 0 : next;
}

/** Tick steps the timeline may use, in seconds. */
const TIMELINE_STEPS = [
  0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600,
];

/**
 * The timeline plugin measures every tick it adds (a forced layout each), so a zoomed
 * hour-long clip with ticks every 12 px would freeze the page for seconds.
 */
export const MAX_TIMELINE_TICKS = 800;

/**
 * Timeline spacing for a zoom level: ticks at least `minTickPx` apart (and at most
 * MAX_TIMELINE_TICKS over the clip) and labelled ticks at least `minLabelPx` apart (room
 * for "0:00.0"), the label step a multiple of the tick step. wavesurfer's own defaults
 * start at 1 s ticks, which leaves a 2-second clip with a single label.
 */
export function timelineIntervals(
  pxPerSec: number,
  durationSec: number,
  minTickPx = 12,
  minLabelPx = 72,
): { timeInterval: number; primaryLabelInterval: number } {
  const px = pxPerSec > 0 ? pxPerSec : 1;
  const minStep = durationSec > 0 ? durationSec / MAX_TIMELINE_TICKS : 0;
  const fits = (step: number, min: number) => step * px >= min && step >= minStep;
  const last = TIMELINE_STEPS[TIMELINE_STEPS.length - 1];
  const tick = TIMELINE_STEPS.find((step) => fits(step, minTickPx)) ?? last;
  const label =
    TIMELINE_STEPS.find((step) => fits(step, minLabelPx) && isMultiple(step, tick)) ?? last;
  return { timeInterval: tick, primaryLabelInterval: label };
}

function isMultiple(step: number, of: number): boolean {
  const ratio = step / of;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}
