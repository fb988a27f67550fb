/**
 * The real microphone PcmSource (node-record-lpcm16 running SoX's `rec`) capturing speech.
 *
 * Route 1, a virtual microphone (DESIGN.md §8): a private PulseAudio daemon (its own
 * runtime dir and socket in a temp dir, killed afterwards) with a 16 kHz mono null sink;
 * an espeak-ng file is played into the sink with paplay and captured from its monitor.
 * Skipped, with the reason printed, when pulseaudio, pactl, paplay or rec is missing or the
 * daemon cannot start here.
 *
 * Route 2, always run: `rec` replaced on PATH by a script that streams the same file at
 * real-time pace, so the capture path (spawn, chunks, end of input) is covered everywhere.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { listInputDevices } from '../../../electron/services/recorder/input-devices.ts';
import { MicrophoneSource } from '../../../electron/services/recorder/microphone-source.ts';
import { findRecorder } from '../../../electron/services/recorder/recorder-program.ts';
import { parseWav } from '../../../training/audio/wav.ts';
import { hasProgram } from '../../helpers/programs.ts';
import { makeSpeechFile, speechUnavailable } from './speech-file.ts';

const run = promisify(execFile);
const speechMissing = speechUnavailable();
const pulseMissing = ['pulseaudio', 'pactl', 'paplay', 'rec'].filter((p) => !hasProgram(p));

/** RMS per 20 ms frame. */
function envelope(samples: ArrayLike<number>): number[] {
  const frame = 320;
  const out: number[] = [];
  for (let start = 0; start + frame <= samples.length; start += frame) {
    let sum = 0;
    for (let i = start; i < start + frame; i++) sum += samples[i] * samples[i];
    out.push(Math.sqrt(sum / frame));
  }
  return out;
}

function pearson(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  const mean = (x: readonly number[]) => x.slice(0, n).reduce((s, v) => s + v, 0) / n;
  const ma = mean(a);
  const mb = mean(b);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    num += (a[i] - ma) * (b[i] - mb);
    da += (a[i] - ma) ** 2;
    db += (b[i] - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}

/** The best correlation of `reference`'s envelope with `captured`'s at any lag, and that lag (frames). */
function bestAlignment(captured: readonly number[], reference: readonly number[]): { r: number; lag: number } {
  let best = { r: -1, lag: 0 };
  for (let lag = 0; lag + reference.length <= captured.length; lag++) {
    const r = pearson(captured.slice(lag, lag + reference.length), reference);
    if (r > best.r) best = { r, lag };
  }
  return best;
}

/** Seconds from the first to the last frame above -40 dBFS. */
function activeSpanSec(env: readonly number[]): number {
  const threshold = 32768 * 10 ** (-40 / 20);
  const loud = env.map((v, i) => (v > threshold ? i : -1)).filter((i) => i >= 0);
  return loud.length === 0 ? 0 : ((loud[loud.length - 1] - loud[0] + 1) * 320) / 16000;
}

interface Capture {
  samples: number[];
  /** Arrival time of each chunk (ms, performance.now()). */
  arrivals: number[];
}

describe('microphone capture', { skip: speechMissing }, () => {
  let dir: string;
  let speech: string;
  let reference: Int16Array;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ser-virtual-mic-'));
    speech = await makeSpeechFile(dir, 'speech', 'Please speak clearly into the microphone, and keep a steady pace while you practise.');
    const wav = parseWav(new Uint8Array(await readFile(speech)), speech);
    reference = Int16Array.from(wav.channels[0], (v) => Math.round(v * 32768));
  });

  after(() => rm(dir, { recursive: true, force: true }));

  it('captures speech played into a PulseAudio virtual microphone', async (t) => {
    if (pulseMissing.length > 0) {
      const reason = `${pulseMissing.join(', ')} not installed (apt install pulseaudio pulseaudio-utils sox); the fake-rec route below covers capture`;
      console.log(`# virtual microphone route skipped: ${reason}`);
      t.skip(reason);
      return;
    }
    const pulse = await startPulseAudio(path.join(dir, 'pulse'));
    if (typeof pulse === 'string') {
      console.log(`# virtual microphone route skipped: ${pulse}; the fake-rec route below covers capture`);
      t.skip(pulse);
      return;
    }
    t.after(() => pulse.stop());
    console.log('# virtual microphone route: private PulseAudio null sink, paplay → vsink, rec ← vsink.monitor');

    const devices = await listInputDevices(pulse.env);
    assert.ok(devices.devices.some((d) => d.id === 'vsink.monitor'), JSON.stringify(devices));
    assert.equal(findRecorder().program?.kind, 'sox');

    const source = new MicrophoneSource({ device: 'vsink.monitor', env: pulse.env });
    const capture: Capture = { samples: [], arrivals: [] };
    const capturing = (async () => {
      for await (const chunk of source.start()) {
        capture.samples.push(...chunk);
        capture.arrivals.push(performance.now());
      }
    })();
    const deadline = Date.now() + 15_000;
    while (capture.arrivals.length === 0) {
      assert.ok(Date.now() < deadline, 'no audio from rec within 15 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const played = performance.now();
    await run('paplay', ['-d', 'vsink', speech], { env: pulse.env });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    source.stop();
    await capturing;

    const referenceSec = reference.length / 16000;
    const captured = envelope(capture.samples);
    const expected = envelope(reference);
    const { r, lag } = bestAlignment(captured, expected);
    console.log(
      `# captured ${(capture.samples.length / 16000).toFixed(2)} s; speech at +${((lag * 320) / 16000).toFixed(2)} s, ` +
        `envelope correlation ${r.toFixed(3)}; active span ${activeSpanSec(captured).toFixed(2)} s vs ${activeSpanSec(expected).toFixed(2)} s`,
    );
    assert.ok(r > 0.9, `the captured loudness envelope follows the played file (r = ${r})`);
    const span = activeSpanSec(captured);
    assert.ok(Math.abs(span - activeSpanSec(expected)) <= 0.1 * activeSpanSec(expected), `speech lasted ${span} s captured, ${activeSpanSec(expected)} s played`);
    // Real time, not 2-second bursts: PULSE_LATENCY_MSEC is in effect.
    const during = capture.arrivals.filter((a) => a >= played && a <= played + referenceSec * 1000);
    const gaps = during.slice(1).map((a, i) => a - during[i]);
    assert.ok(Math.max(...gaps) < 500, `chunks arrived at most ${Math.max(...gaps).toFixed(0)} ms apart`);
  });

  describe('with rec replaced by a script streaming the file at real-time pace', () => {
    const originalPath = process.env.PATH;
    let bin: string;

    before(async () => {
      bin = path.join(dir, 'fake-bin');
      await mkdir(bin);
      // 100 ms of raw s16le every 100 ms, scheduled from the start time (no drift).
      const script = [
        `#!${process.execPath}`,
        "const fs = require('node:fs');",
        'const pcm = fs.readFileSync(process.env.FAKE_REC_PCM);',
        'const start = Date.now();',
        'let sent = 0;',
        'function tick() {',
        '  const due = Math.min(pcm.length, Math.floor((Date.now() - start) / 100) * 3200);',
        '  if (due > sent) { process.stdout.write(pcm.subarray(sent, due)); sent = due; }',
        '  if (sent >= pcm.length) return;',
        '  setTimeout(tick, 100 - ((Date.now() - start) % 100));',
        '}',
        'tick();',
      ].join('\n');
      await writeFile(path.join(bin, 'rec'), script);
      await chmod(path.join(bin, 'rec'), 0o755);
      await writeFile(path.join(bin, 'pactl'), '#!/bin/sh\nexit 1\n');
      await chmod(path.join(bin, 'pactl'), 0o755);
      process.env.PATH = `${bin}:${originalPath ?? ''}`;
    });

    after(() => {
      process.env.PATH = originalPath;
    });

    it('delivers the file’s samples, whole and in small chunks, and ends with the input', async () => {
      console.log('# fake-rec route: rec replaced on PATH by a script streaming the file at real-time pace');
      const pcmFile = path.join(dir, 'speech.s16');
      await writeFile(pcmFile, Buffer.from(reference.buffer, reference.byteOffset, reference.byteLength));
      assert.equal(findRecorder().program?.path, path.join(bin, 'rec'));
      const source = new MicrophoneSource({ device: null, env: { ...process.env, FAKE_REC_PCM: pcmFile } });
      const capture: Capture = { samples: [], arrivals: [] };
      for await (const chunk of source.start()) {
        capture.samples.push(...chunk);
        capture.arrivals.push(performance.now());
      }
      const referenceSec = reference.length / 16000;
      assert.deepEqual(Int16Array.from(capture.samples), reference);
      // In small chunks, as a microphone delivers (the pace itself is measured by the bench).
      assert.ok(capture.arrivals.length >= referenceSec * 5, `${capture.arrivals.length} chunks`);
    });
  });
});

interface PulseDaemon {
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/**
 * A private PulseAudio daemon (not daemonized, so this test owns its pid) with a null sink
 * `vsink` (16 kHz mono) whose monitor is the default source; or why it could not start.
 */
async function startPulseAudio(dir: string): Promise<PulseDaemon | string> {
  const runtime = path.join(dir, 'run');
  await mkdir(runtime, { recursive: true, mode: 0o700 });
  const socket = path.join(runtime, 'native');
  const config = path.join(dir, 'pa.pa');
  await writeFile(
    config,
    [
      `load-module module-native-protocol-unix auth-anonymous=1 socket=${socket}`,
      'load-module module-null-sink sink_name=vsink rate=16000 channels=1',
      'set-default-sink vsink',
      'set-default-source vsink.monitor',
      '',
    ].join('\n'),
  );
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: runtime, PULSE_SERVER: `unix:${socket}`, HOME: dir };
  delete env.PULSE_COOKIE;
  const daemon: ChildProcess = spawn('pulseaudio', ['-n', '-F', config, '--daemonize=no', '--exit-idle-time=-1', '--use-pid-file=no'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  daemon.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    daemon.once('exit', () => {
      exited = true;
      resolve();
    });
    daemon.once('error', () => {
      exited = true;
      resolve();
    });
  });
  const stop = async () => {
    if (!exited) daemon.kill('SIGTERM');
    await exit;
  };
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (exited) return `pulseaudio exited at once (${stderr.trim().split('\n').at(-1) ?? 'no message'})`;
    try {
      await run('pactl', ['info'], { env, timeout: 2000 });
      return { env, stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await stop();
  return `pulseaudio did not answer within 10 s (${stderr.trim().split('\n').at(-1) ?? 'no message'})`;
}
