// MicrophoneSource with fake recorder programs on PATH (shell scripts named `rec`): each
// way a recorder fails becomes a PcmSourceError with advice on what to check, a missing
// program says what to install, and a working one streams whole samples until stopped.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MicrophoneSource } from '../../../electron/services/recorder/microphone-source.ts';
import { PcmSourceError } from '../../../electron/services/recorder/pcm-source.ts';
import type { PcmSourceProblem } from '../../../electron/services/recorder/pcm-source.ts';
import { describeRecorderFailure } from '../../../electron/services/recorder/recorder-errors.ts';
import { findRecorder, recordingCommand } from '../../../electron/services/recorder/recorder-program.ts';

const ORIGINAL_PATH = process.env.PATH;

/** Everything the source delivers, or the error it failed with. */
async function drain(source: MicrophoneSource): Promise<{ samples: number[]; error?: unknown }> {
  const samples: number[] = [];
  try {
    for await (const chunk of source.start()) samples.push(...chunk);
    return { samples };
  } catch (error) {
    return { samples, error };
  }
}

describe('MicrophoneSource with fake recorder programs', () => {
  let dir: string;
  let bin: string;

  /** Installs `rec` as this shell script; `pactl` fails, so no sound server is assumed. */
  async function fakeRec(script: string): Promise<void> {
    await writeFile(path.join(bin, 'rec'), `#!/bin/sh\n${script}\n`);
    await chmod(path.join(bin, 'rec'), 0o755);
  }

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ser-recorder-'));
    bin = path.join(dir, 'bin');
    await mkdir(bin);
    await writeFile(path.join(bin, 'pactl'), '#!/bin/sh\nexit 1\n');
    await chmod(path.join(bin, 'pactl'), 0o755);
    // The fake programs come first; the shell utilities they use (printf, cat, sleep) after.
    process.env.PATH = `${bin}:/usr/bin:/bin`;
  });

  after(async () => {
    process.env.PATH = ORIGINAL_PATH;
    await rm(dir, { recursive: true, force: true });
  });

  const failures: { stderr: string; code: number; problem: PcmSourceProblem; advice: RegExp }[] = [
    { stderr: "rec FAIL formats: can't open input  `default': can not open audio device: No such entity", code: 2, problem: 'no-device', advice: /No microphone was found.*Settings → Microphone/ },
    { stderr: "rec FAIL formats: can't open input  `hw:1': snd_pcm_open error: Device or resource busy", code: 2, problem: 'busy', advice: /in use by another program/ },
    { stderr: "rec FAIL formats: can't open input  `default': snd_pcm_open error: Permission denied", code: 2, problem: 'permission', advice: /Permission to use the microphone was denied.*Privacy/ },
    { stderr: "rec FAIL formats: can't open input  `default': can not open audio device: Connection refused", code: 2, problem: 'audio-server', advice: /pactl info/ },
    { stderr: 'ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default\nrec FAIL sox: Sorry, there is no default audio device configured', code: 1, problem: 'no-device', advice: /No microphone was found/ },
    { stderr: 'rec WARN something odd happened', code: 3, problem: 'recorder-failed', advice: /stopped unexpectedly/ },
  ];

  for (const failure of failures) {
    it(`reports "${failure.problem}" for: ${failure.stderr.split('\n').at(-1)}`, async () => {
      const said = path.join(dir, 'stderr.txt');
      await writeFile(said, `${failure.stderr}\n`);
      await fakeRec(`cat "${said}" >&2\nexit ${failure.code}`);
      const { samples, error } = await drain(new MicrophoneSource({ device: null }));
      assert.equal(samples.length, 0);
      assert.ok(error instanceof PcmSourceError, String(error));
      assert.equal(error.problem, failure.problem);
      assert.match(error.message, failure.advice);
      // The program's own words are kept as the detail, ALSA's chatter is not.
      assert.ok(error.message.includes(failure.stderr.split('\n').at(-1) ?? ''), error.message);
      assert.ok(error.message.includes(`exit code ${failure.code}`), error.message);
    });
  }

  it('says what to install when no recorder program exists', async () => {
    process.env.PATH = path.join(dir, 'empty-bin');
    try {
      assert.deepEqual(findRecorder().program, null);
      const { error } = await drain(new MicrophoneSource({ device: null }));
      assert.ok(error instanceof PcmSourceError);
      assert.equal(error.problem, 'recorder-missing');
      assert.match(error.message, /Install SoX \(apt install sox \/ brew install sox\) or alsa-utils \(arecord\)/);
    } finally {
      process.env.PATH = `${bin}:/usr/bin:/bin`;
    }
  });

  it('fails (never crashes) when the program found cannot be started', async () => {
    await writeFile(path.join(bin, 'rec'), '#!/nonexistent/interpreter\n');
    await chmod(path.join(bin, 'rec'), 0o755);
    const { error } = await drain(new MicrophoneSource({ device: null }));
    assert.ok(error instanceof PcmSourceError, String(error));
    assert.equal(error.problem, 'recorder-missing');
    assert.match(error.message, /Install SoX/);
  });

  it('streams whole samples with the arguments and device it was given, until the recorder ends', async () => {
    const argsFile = path.join(dir, 'args.txt');
    // 5 bytes, then 3 more: samples split across writes. 0x0201 = 513, 0xfffe = -2 (LE bytes 01 02 fe ff), then 0x0003, 0x7fff.
    await fakeRec(`echo "$@" > "${argsFile}"\necho "AUDIODEV=$AUDIODEV" >> "${argsFile}"\nprintf '\\001\\002\\376\\377\\003'\nsleep 0.1\nprintf '\\000\\377\\177'`);
    const { samples, error } = await drain(new MicrophoneSource({ device: 'usb-mic-2' }));
    assert.equal(error, undefined);
    assert.deepEqual(samples, [513, -2, 3, 32767]);
    const recorded = await readFile(argsFile, 'utf8');
    assert.match(recorded, /-r 16000 -c 1 -e signed-integer -b 16 -t raw -/);
    assert.match(recorded, /AUDIODEV=usb-mic-2/);
  });

  it('ends without an error when stopped, however long the recorder would have run', async () => {
    await fakeRec('while true; do printf "\\000\\001\\000\\001"; sleep 0.05; done');
    const source = new MicrophoneSource({ device: null });
    const chunks: Int16Array[] = [];
    const started = Date.now();
    const run = (async () => {
      for await (const chunk of source.start()) {
        chunks.push(chunk);
        if (chunks.length === 3) source.stop();
      }
    })();
    await run;
    assert.ok(chunks.length >= 3);
    assert.ok(Date.now() - started < 5000);
  });

  it('stops delivering while paused (the recorder is suspended) and goes on after resume', async () => {
    await fakeRec('while true; do printf "\\000\\001"; sleep 0.02; done');
    const source = new MicrophoneSource({ device: null });
    let count = 0;
    const run = (async () => {
      for await (const chunk of source.start()) count += chunk.length;
    })();
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    while (count === 0) await wait(20);
    source.pause();
    await wait(150); // what was already in the pipe arrives after resume
    const atPause = count;
    await wait(300);
    assert.equal(count, atPause, 'no samples while paused');
    source.resume();
    await wait(300);
    assert.ok(count > atPause, 'samples again after resume');
    source.stop();
    await run;
  });
});

describe('describeRecorderFailure', () => {
  it('names the program to install when it could not be spawned', () => {
    const spawnError = Object.assign(new Error('spawn rec ENOENT'), { code: 'ENOENT' });
    const error = describeRecorderFailure({ program: 'rec', spawnError, exitCode: null, signal: null, stderr: '' });
    assert.equal(error.problem, 'recorder-missing');
    assert.match(error.message, /"rec" was not found\. Install SoX/);
  });

  it('says how the program ended when it was killed', () => {
    const error = describeRecorderFailure({ program: 'arecord', exitCode: null, signal: 'SIGKILL', stderr: '' });
    assert.equal(error.problem, 'recorder-failed');
    assert.match(error.message, /\(arecord, killed by SIGKILL\)$/);
  });
});

describe('recordingCommand', () => {
  const env = { PATH: '/usr/bin', HOME: '/home/u' };

  it('runs SoX through PulseAudio with a short latency, keeping a driver the user chose', () => {
    const pulse = recordingCommand({ kind: 'sox', path: '/usr/bin/rec' }, { device: 'alsa_input.usb', pulse: true, env });
    assert.equal(pulse.cmd, '/usr/bin/rec');
    assert.deepEqual(pulse.spawnOptions.env, { ...env, AUDIODRIVER: 'pulseaudio', PULSE_LATENCY_MSEC: '20', AUDIODEV: 'alsa_input.usb' });
    const chosen = recordingCommand({ kind: 'sox', path: '/usr/bin/rec' }, { device: null, pulse: true, env: { ...env, AUDIODRIVER: 'alsa' } });
    assert.equal(chosen.spawnOptions.env.AUDIODRIVER, 'alsa');
    assert.equal(chosen.spawnOptions.env.AUDIODEV, undefined);
    const plain = recordingCommand({ kind: 'sox', path: '/usr/bin/rec' }, { device: null, pulse: false, env });
    assert.deepEqual(plain.spawnOptions.env, env);
    assert.ok(plain.args.includes('--buffer'));
  });

  it('gives arecord the device with -D and raw s16le at 16 kHz mono', () => {
    const command = recordingCommand({ kind: 'arecord', path: '/usr/bin/arecord' }, { device: 'hw:1,0', pulse: false, env });
    assert.deepEqual(command.args, ['-D', 'hw:1,0', '-q', '-r', '16000', '-c', '1', '-f', 'S16_LE', '-t', 'raw', '-']);
  });
});
