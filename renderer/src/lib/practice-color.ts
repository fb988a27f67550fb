/**
 * Colour arithmetic for practice mode's canvases and charts, which cannot use var(--x) or
 * color-mix(): the theme colours, resolved by components/practice/canvas-theme.ts, get
 * their transparency here. Pure, so it runs in Node's tests (no DOM types).
 */

/** `color` ("#rgb", "#rrggbb", "rgb(…)") at opacity `alpha`; other forms come back as they are. */
export function withAlpha(color: string, alpha: number): string {
  const a = Math.max(0, Math.min(1, alpha));
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const digits = hex[1].length === 3 ? [...hex[1]].map((d) => d + d).join('') : hex[1];
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${a})`;
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(color.trim());
  if (rgb) return `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, ${a})`;
  return color;
}
