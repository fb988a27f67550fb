/** Small text formats of the Label view: times, positions, file names, percentages. */

const COUNT = new Intl.NumberFormat('en-US');

/** "12 / 1,200" for the zero-based `index` of `total`. */
export function formatPosition(index: number, total: number): string {
  return `${COUNT.format(index + 1)} / ${COUNT.format(total)}`;
}

/**
 * A playback time: "0:03.4" under an hour (`decimals` digits after the seconds, 0–3),
 * "1:02:03" from an hour on (fractions stop mattering when a file is that long).
 */
export function formatClock(seconds: number, decimals = 1): string {
  const safe = Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
  if (safe >= 3600) {
    const whole = Math.floor(safe);
    const h = Math.floor(whole / 3600);
    const m = Math.floor((whole % 3600) / 60);
    const s = whole % 60;
    return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  }
  const scale = 10 ** decimals;
  // the epsilon keeps 0.7 computed as 0.6999999999 (timeline ticks add up steps) at 0.7
  const units = Math.floor(safe * scale + 1e-6);
  const totalSeconds = Math.floor(units / scale);
  const m = Math.floor(totalSeconds / 60);
  const s = totalSeconds % 60;
  const fraction = decimals > 0 ? `.${String(units % scale).padStart(decimals, '0')}` : '';
  return `${m}:${String(s).padStart(2, '0')}${fraction}`;
}

/** Digits a timeline label needs so labels `step` seconds apart all differ. */
export function decimalsForStep(step: number): number {
  if (step >= 1) return 0;
  if (step >= 0.1) return 1;
  if (step >= 0.01) return 2;
  return 3;
}

/** "3 min ago"-style age of an ISO time relative to `nowMs`. */
export function formatRelativeTime(iso: string, nowMs: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const seconds = Math.round((nowMs - then) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 30) return `${days} days ago`;
  return new Date(then).toISOString().slice(0, 10);
}

/** The last path segment, for POSIX and Windows paths alike. */
export function fileNameOf(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** 0.4567 → "46%", with "<1%" so a tiny probability never reads as zero. */
export function formatPercent(p: number): string {
  if (!Number.isFinite(p) || p <= 0) return '0%';
  if (p < 0.01) return '<1%';
  return `${Math.round(p * 100)}%`;
}
