/**
 * A spectrogram colour map built from the theme's own colours (the conventions allow only
 * the CSS variables), as the 256 RGBA entries of 0…1 the spectrogram plugin takes.
 */

export type Rgba = readonly [number, number, number, number];

/** Piecewise-linear interpolation through `stops` (0…255 channels, alpha 0…1). */
export function buildColorMap(stops: readonly Rgba[], size = 256): number[][] {
  if (stops.length === 0) throw new Error('a colour map needs at least one colour');
  const map: number[][] = [];
  for (let i = 0; i < size; i++) {
    const t = size === 1 ? 0 : (i / (size - 1)) * (stops.length - 1);
    const lo = Math.min(Math.floor(t), stops.length - 1);
    const hi = Math.min(lo + 1, stops.length - 1);
    const f = t - lo;
    const a = stops[lo];
    const b = stops[hi];
    map.push([
      (a[0] + (b[0] - a[0]) * f) / 255,
      (a[1] + (b[1] - a[1]) * f) / 255,
      (a[2] + (b[2] - a[2]) * f) / 255,
      a[3] + (b[3] - a[3]) * f,
    ]);
  }
  return map;
}

/** The colour `t` of the way from `a` to `b` (0 → a, 1 → b). */
export function mixRgba(a: Rgba, b: Rgba, t: number): Rgba {
  return [
    a[0] + (b[0] - a[0]) * t,
    a[1] + (b[1] - a[1]) * t,
    a[2] + (b[2] - a[2]) * t,
    a[3] + (b[3] - a[3]) * t,
  ];
}

/**
 * The spectrogram's map for a theme: quiet is the surface, then a pale accent, the accent,
 * and the text colour for the loudest bins (dark on light themes, light on dark ones).
 * The pale step keeps background noise calm instead of painting it in full accent.
 */
export function themeColorMap(surface: Rgba, accent: Rgba, text: Rgba): number[][] {
  return buildColorMap([surface, mixRgba(surface, accent, 0.35), accent, text]);
}
