/**
 * The look the app's uPlot charts share (practice trends, training curves), so they read as
 * one family: muted axis labels in the UI font, short ticks and no grid along x, a faint grid
 * and no ticks along y. A canvas cannot read var(--x): the chart passes the colour the theme
 * resolves to now (canvas-theme.ts) and rebuilds on theme changes. Pure, so it runs in
 * Node's tests.
 */
import type uPlot from 'uplot';
import { withAlpha } from './practice-color.ts';

export interface ChartTheme {
  /** Axis labels and ticks, and the charts' own muted marks (trend, chance line). */
  muted: string;
  /** Grid lines and x ticks: the muted colour, faint. */
  grid: string;
  font: string;
}

/** The shared theme from the muted colour as the page resolves it ("rgb(…)"). */
export function chartTheme(muted: string): ChartTheme {
  return { muted, grid: withAlpha(muted, 0.18), font: '11px system-ui, sans-serif' };
}

/**
 * What every chart's options start with: its size, no uPlot legend (each chart prints its
 * values in HTML, readable without hovering), no drag-to-zoom, and cursor points of
 * `cursorPoints` px.
 */
export function baseOptions(
  width: number,
  height: number,
  cursorPoints: number,
): Pick<uPlot.Options, 'width' | 'height' | 'legend' | 'cursor'> {
  return { width, height, legend: { show: false }, cursor: { drag: { x: false, y: false }, points: { size: cursorPoints } } };
}

/**
 * The x and y axes in the shared look; `x` and `y` add (or override) each chart's sizes,
 * tick spacing and labels.
 */
export function themedAxes(theme: ChartTheme, x: uPlot.Axis, y: uPlot.Axis): uPlot.Axis[] {
  return [
    { stroke: theme.muted, grid: { show: false }, ticks: { stroke: theme.grid, size: 4 }, font: theme.font, ...x },
    { stroke: theme.muted, grid: { stroke: theme.grid, width: 1 }, ticks: { show: false }, font: theme.font, ...y },
  ];
}
