/**
 * Words and numbers of the first-run screen: download sizes, speed and time left, the
 * download's phase, the level meter's scale, and how a microphone problem is shown.
 */
import type { DatasetDownload } from '../../../electron/contract.ts';

const MB = 1e6;

/** "208 MB", "12.5 MB", "0.4 MB": one decimal below 100 MB, none above. */
export function formatMegabytes(bytes: number): string {
  const mb = Math.max(0, bytes) / MB;
  return `${mb >= 100 ? Math.round(mb) : (Math.round(mb * 10) / 10).toFixed(1)} MB`;
}

/** "3.2 MB/s", "850 kB/s". */
export function formatSpeed(bytesPerSec: number): string {
  if (bytesPerSec >= MB) return `${(bytesPerSec / MB).toFixed(1)} MB/s`;
  return `${Math.max(0, Math.round(bytesPerSec / 1000))} kB/s`;
}

/** "about 2 min 10 s left", "about 40 s left", "less than 5 s left". */
export function formatTimeLeft(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 5) return 'less than 5 s left';
  const whole = Math.round(seconds);
  if (whole < 60) return `about ${whole} s left`;
  const minutes = Math.floor(whole / 60);
  if (minutes >= 60) return `about ${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
  const rest = whole % 60;
  return rest === 0 ? `about ${minutes} min left` : `about ${minutes} min ${rest} s left`;
}

/** The download bar: 0..1, or null while the amount is unknown (looking up, extracting without a count). */
export function downloadFraction(download: DatasetDownload): number | null {
  if (download.phase === 'downloading') {
    return download.totalBytes !== null && download.totalBytes > 0 ? Math.min(1, download.receivedBytes / download.totalBytes) : null;
  }
  if (download.phase === 'extracting') {
    return download.entriesTotal !== null && download.entriesTotal > 0 && download.entriesDone !== null
      ? Math.min(1, download.entriesDone / download.entriesTotal)
      : null;
  }
  if (download.phase === 'verifying') return 1;
  return null;
}

/** "Downloading · 12.5 MB of 208 MB · 3.2 MB/s · about 1 min left" and the like. */
export function describeDownload(download: DatasetDownload): string {
  switch (download.phase) {
    case 'metadata':
      return 'Looking up the file on Zenodo…';
    case 'downloading': {
      const parts = [
        download.totalBytes === null
          ? `${formatMegabytes(download.receivedBytes)} received`
          : `${formatMegabytes(download.receivedBytes)} of ${formatMegabytes(download.totalBytes)}`,
      ];
      if (download.bytesPerSec !== null) parts.push(formatSpeed(download.bytesPerSec));
      if (download.etaSec !== null) parts.push(formatTimeLeft(download.etaSec));
      return `Downloading · ${parts.join(' · ')}`;
    }
    case 'verifying':
      return 'Checking the checksum Zenodo publishes…';
    case 'extracting':
      return download.entriesTotal !== null && download.entriesDone !== null
        ? `Extracting · ${download.entriesDone.toLocaleString('en-US')} of ${download.entriesTotal.toLocaleString('en-US')} files`
        : 'Extracting…';
    case 'importing':
      return 'Starting the import…';
    case null:
      return '';
  }
}

/** The download button's words: what a click will do, given what is on disk. */
export function downloadButtonLabel(download: DatasetDownload, approxBytes: number): string {
  if (download.state === 'done') return 'Import it again';
  if (download.partialBytes > 0) {
    const total = download.totalBytes ?? approxBytes;
    return `Resume download (${formatMegabytes(download.partialBytes)} of ${formatMegabytes(total)} kept)`;
  }
  if (download.state === 'failed') return 'Try again';
  return `Download (${formatMegabytes(approxBytes)})`;
}

/** The level meter spans −60 … 0 dBFS: quieter than −60 is silence to the ear. */
export const METER_FLOOR_DB = -60;

/** A dBFS level as the meter's fill, 0..1. */
export function meterFraction(db: number): number {
  if (!Number.isFinite(db)) return 0;
  return Math.min(1, Math.max(0, (db - METER_FLOOR_DB) / -METER_FLOOR_DB));
}

/** A level to show: "−18 dBFS", or "silence" at the floor. */
export function formatLevel(db: number): string {
  if (!Number.isFinite(db) || db <= -100) return 'silence';
  return `${Math.round(db)} dBFS`.replace('-', '−');
}

/**
 * A problem message as a headline (its first sentence) and the advice after it, so the
 * page can bold what went wrong without repeating it.
 */
export function splitProblem(message: string): { headline: string; advice: string } {
  const match = /^(.+?[.!?])\s+(\S[\s\S]*)$/.exec(message.trim());
  return match === null ? { headline: message.trim(), advice: '' } : { headline: match[1], advice: match[2] };
}

/** A dB value as the meter's scale writes it, with a real minus sign. */
export function formatTick(db: number): string {
  return String(db).replace('-', '−');
}
