/**
 * A stand-in for SoX's `rec` on a machine without a sound card: a folder to put first on
 * PATH holding a `rec` that MicrophoneSource runs exactly as it runs the real one. What it
 * does is read from a `mode` file on every start, so a test can switch it while the back
 * end (even a `ser serve` child) keeps running:
 *   tone       a 440 Hz sine at −10 dBFS, raw 16 kHz s16le on stdout at real-time pace
 *   silence    zeros at real-time pace
 *   no-device  what real SoX prints without a sound card, and exit code 2
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type FakeRecorderMode = 'tone' | 'silence' | 'no-device';

export interface FakeRecorder {
  /** Put this first on PATH. */
  binDir: string;
  setMode(mode: FakeRecorderMode): Promise<void>;
}

/** The recorder program: Node, started by a shell wrapper so no shebang names a long path. */
const RECORDER_SCRIPT = `
import { readFileSync } from 'node:fs';
const mode = readFileSync(new URL('./mode', import.meta.url), 'utf8').trim();
if (mode === 'no-device') {
  process.stderr.write('rec FAIL sox: Sorry, there is no default audio device configured\\n');
  process.exit(2);
}
const RATE = 16000;
const CHUNK = 800; // 50 ms, the buffer the app asks SoX for
const amplitude = mode === 'silence' ? 0 : Math.round(0.316 * 32767);
const started = Date.now();
let sent = 0;
process.on('SIGTERM', () => process.exit(0));
process.stdout.on('error', () => process.exit(0));
function tick() {
  const due = Math.floor((Date.now() - started) / 50) + 1;
  while (sent < due) {
    const bytes = Buffer.alloc(CHUNK * 2);
    for (let i = 0; i < CHUNK; i++) {
      const n = sent * CHUNK + i;
      bytes.writeInt16LE(Math.round(amplitude * Math.sin((2 * Math.PI * 440 * n) / RATE)), i * 2);
    }
    process.stdout.write(bytes);
    sent++;
  }
  setTimeout(tick, 50);
}
tick();
`;

export async function installFakeRecorder(dir: string, mode: FakeRecorderMode = 'tone'): Promise<FakeRecorder> {
  const binDir = path.join(dir, 'fake-recorder-bin');
  await mkdir(binDir, { recursive: true });
  await writeFile(path.join(binDir, 'fake-rec.mjs'), RECORDER_SCRIPT);
  const wrapper = path.join(binDir, 'rec');
  await writeFile(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${path.join(binDir, 'fake-rec.mjs')}" "$@"\n`);
  await chmod(wrapper, 0o755);
  const setMode = (next: FakeRecorderMode): Promise<void> => writeFile(path.join(binDir, 'mode'), `${next}\n`);
  await setMode(mode);
  return { binDir, setMode };
}
