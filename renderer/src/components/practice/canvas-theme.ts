/**
 * Theme colours for the canvases and charts (practice mode, training curves). A canvas
 * cannot read var(--x), so the colours are resolved from the document and re-read when the
 * theme changes (the setting's data-theme on <html>, or the system's light/dark
 * preference). Browser-only; the pure colour arithmetic is in lib/practice-color.ts, the
 * charts' shared look in lib/uplot-theme.ts.
 */

import type uPlot from 'uplot';
import type { FrameScheduler } from '../../lib/practice-frame.ts';

/**
 * The colour the custom property `name` ("--label-calm") resolves to now, as "rgb(…)", or
 * `fallback`. Read from an element's computed colour, not the variable's text: the theme
 * writes its colours as light-dark(), which only an element's color-scheme resolves. Each
 * call costs a style recalculation, so callers cache and re-read on theme changes.
 */
export function cssVar(name: string, fallback = '#808080'): string {
  const swatch = document.createElement('span');
  swatch.style.color = `var(${name}, ${fallback})`;
  swatch.style.display = 'none';
  document.body.append(swatch);
  const value = getComputedStyle(swatch).color;
  swatch.remove();
  return value || fallback;
}

/** A label's colour (--label-<name>), the muted colour for labels the theme lacks. */
export function labelColor(label: string): string {
  return cssVar(`--label-${label}`, 'var(--muted)');
}

/** Calls `listener` whenever the theme may have changed; returns the unsubscribe function. */
export function onThemeChange(listener: () => void): () => void {
  const observer = new MutationObserver(listener);
  observer.observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-theme', 'class', 'style'],
  });
  const dark = window.matchMedia('(prefers-color-scheme: dark)');
  dark.addEventListener('change', listener);
  return () => {
    observer.disconnect();
    dark.removeEventListener('change', listener);
  };
}

/**
 * A canvas sized to its CSS box (`width` × `height`, measured by a ResizeObserver so
 * drawing never forces a layout) at the device's pixel ratio, cleared, its context scaled
 * so drawing code works in CSS pixels. Null while the canvas has no size (hidden view).
 */
export function prepareCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
  ratio = window.devicePixelRatio || 1,
): CanvasRenderingContext2D | null {
  if (width <= 0 || height <= 0) return null;
  const w = Math.round(width * ratio);
  const h = Math.round(height * ratio);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

/**
 * Keeps a live canvas in the theme's colours: reads them now (`readColours`), and on every
 * theme change re-reads them and asks for a redraw. For onMount; returns the clean-up,
 * which also drops a pending frame.
 */
export function followTheme(frames: FrameScheduler, readColours: () => void): () => void {
  readColours();
  const offTheme = onThemeChange(() => {
    readColours();
    frames.request();
  });
  return () => {
    offTheme();
    frames.cancel();
  };
}

/** The one uPlot chart a component shows. uPlot bakes the theme's colours in when it builds. */
export interface ThemedChart {
  /** The chart on screen, or null. */
  readonly current: uPlot | null;
  /** Puts `next` on screen (null: none), destroying the chart it replaces. */
  show(next: uPlot | null): void;
  /** For onMount: `build` runs again on every theme change; the clean-up stops that and destroys the chart. */
  mount(): () => void;
}

export function themedChart(build: () => void): ThemedChart {
  let chart: uPlot | null = null;
  const show = (next: uPlot | null): void => {
    chart?.destroy();
    chart = next;
  };
  return {
    get current() {
      return chart;
    },
    show,
    mount: () => {
      const offTheme = onThemeChange(build);
      return () => {
        offTheme();
        show(null);
      };
    },
  };
}
