import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DatasetDownload } from '../../../electron/contract.ts';
import {
  describeDownload,
  downloadButtonLabel,
  downloadFraction,
  formatLevel,
  formatMegabytes,
  formatSpeed,
  formatTick,
  formatTimeLeft,
  meterFraction,
  splitProblem,
} from '../../../renderer/src/lib/first-run-format.ts';
import { downloadRunning, importActionFor } from '../../../renderer/src/lib/first-run-data.ts';

const IDLE: DatasetDownload = {
  id: 'ravdess-speech',
  state: 'idle',
  phase: null,
  receivedBytes: 0,
  totalBytes: null,
  bytesPerSec: null,
  etaSec: null,
  entriesDone: null,
  entriesTotal: null,
  partialBytes: 0,
  corpusDir: null,
  importId: null,
  message: null,
  errorCode: null,
};

test('sizes, speeds and time left read as a person would say them', () => {
  assert.equal(formatMegabytes(208_468_073), '208 MB');
  assert.equal(formatMegabytes(12_540_000), '12.5 MB');
  assert.equal(formatMegabytes(0), '0.0 MB');
  assert.equal(formatSpeed(3_240_000), '3.2 MB/s');
  assert.equal(formatSpeed(850_400), '850 kB/s');
  assert.equal(formatTimeLeft(2), 'less than 5 s left');
  assert.equal(formatTimeLeft(42.4), 'about 42 s left');
  assert.equal(formatTimeLeft(130), 'about 2 min 10 s left');
  assert.equal(formatTimeLeft(180), 'about 3 min left');
  assert.equal(formatTimeLeft(3 * 3600 + 7 * 60), 'about 3 h 7 min left');
  assert.equal(formatTimeLeft(Number.NaN), '');
});

test('the progress line and bar follow the phases', () => {
  const downloading: DatasetDownload = {
    ...IDLE,
    state: 'running',
    phase: 'downloading',
    receivedBytes: 52_000_000,
    totalBytes: 208_000_000,
    bytesPerSec: 2_000_000,
    etaSec: 78,
  };
  assert.equal(describeDownload(downloading), 'Downloading · 52.0 MB of 208 MB · 2.0 MB/s · about 1 min 18 s left');
  assert.equal(downloadFraction(downloading), 0.25);
  assert.equal(describeDownload({ ...downloading, bytesPerSec: null, etaSec: null, totalBytes: null }), 'Downloading · 52.0 MB received');
  assert.equal(downloadFraction({ ...downloading, totalBytes: null }), null, 'indeterminate without a total');
  const extracting: DatasetDownload = { ...downloading, phase: 'extracting', entriesDone: 360, entriesTotal: 1440 };
  assert.equal(describeDownload(extracting), 'Extracting · 360 of 1,440 files');
  assert.equal(downloadFraction(extracting), 0.25);
  assert.match(describeDownload({ ...downloading, phase: 'verifying' }), /checksum/);
  assert.match(describeDownload({ ...downloading, phase: 'metadata' }), /Zenodo/);
  assert.equal(downloadFraction({ ...downloading, phase: 'metadata' }), null);
  assert.equal(describeDownload(IDLE), '');
});

test('the button says what a click does: download, resume with what is kept, retry, import again', () => {
  assert.equal(downloadButtonLabel(IDLE, 208_468_073), 'Download (208 MB)');
  assert.equal(
    downloadButtonLabel({ ...IDLE, state: 'cancelled', partialBytes: 61_300_000 }, 208_468_073),
    'Resume download (61.3 MB of 208 MB kept)',
  );
  assert.equal(downloadButtonLabel({ ...IDLE, state: 'idle', partialBytes: 5_000_000 }, 208_468_073), 'Resume download (5.0 MB of 208 MB kept)', 'a restart finds the partial file too');
  assert.equal(
    downloadButtonLabel({ ...IDLE, state: 'cancelled', partialBytes: 61_300_000, totalBytes: 210_000_000 }, 208_468_073),
    'Resume download (61.3 MB of 210 MB kept)',
    'the size Zenodo published, once known',
  );
  assert.equal(downloadButtonLabel({ ...IDLE, state: 'failed', errorCode: 'checksum' }, 208_468_073), 'Try again');
  assert.equal(downloadButtonLabel({ ...IDLE, state: 'done' }, 208_468_073), 'Import it again');
});

test('the level meter maps −60…0 dBFS onto its width and names silence', () => {
  assert.equal(meterFraction(0), 1);
  assert.equal(meterFraction(-30), 0.5);
  assert.equal(meterFraction(-100), 0);
  assert.equal(meterFraction(6), 1, 'never past full');
  assert.equal(meterFraction(Number.NaN), 0);
  assert.equal(formatLevel(-18.4), '−18 dBFS');
  assert.equal(formatLevel(-100), 'silence');
});

test('a download leads the import reducer into the import it starts', () => {
  assert.equal(importActionFor({ ...IDLE, state: 'running', phase: 'downloading' }), null);
  assert.deepEqual(importActionFor({ ...IDLE, state: 'running', phase: 'importing', corpusDir: '/ws/datasets/ravdess-speech' }), {
    type: 'start',
    dir: '/ws/datasets/ravdess-speech',
    format: 'ravdess',
  });
  assert.deepEqual(importActionFor({ ...IDLE, state: 'done', importId: 'imp-1', corpusDir: '/x' }), { type: 'started', importId: 'imp-1' });
  assert.equal(importActionFor({ ...IDLE, state: 'done' }), null, 'done without an import (another workspace opened)');
  assert.deepEqual(importActionFor({ ...IDLE, state: 'failed', errorCode: 'import', message: 'An import is already running.' }), {
    type: 'start-failed',
    message: 'An import is already running.',
  });
  assert.equal(importActionFor({ ...IDLE, state: 'failed', errorCode: 'network', message: 'offline' }), null);
  assert.equal(downloadRunning({ ...IDLE, state: 'running' }), true);
  assert.equal(downloadRunning(null), false);
});

test('a problem message splits into its headline and the advice after it', () => {
  assert.deepEqual(
    splitProblem('No microphone was found. Check that a microphone is connected. (rec, exit code 2: FAIL)'),
    { headline: 'No microphone was found.', advice: 'Check that a microphone is connected. (rec, exit code 2: FAIL)' },
  );
  assert.deepEqual(splitProblem('Only silence was recorded (peak −100 dBFS). Check the input level.'), {
    headline: 'Only silence was recorded (peak −100 dBFS).',
    advice: 'Check the input level.',
  });
  assert.deepEqual(splitProblem('A single sentence without advice'), { headline: 'A single sentence without advice', advice: '' });
  assert.equal(formatTick(-60), '−60');
  assert.equal(formatTick(0), '0');
});
