/**
 * Generated speech for the practice integration tests: espeak-ng's voice, converted by sox
 * to 16 kHz mono 16-bit. That is the format a practice session records, so the live path
 * (s16 chunks) and the offline path (reading the file) see exactly the same samples.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { hasProgram } from '../../helpers/programs.ts';

const run = promisify(execFile);

/** Why speech cannot be generated here, or false when it can. */
export function speechUnavailable(): string | false {
  const missing = ['espeak-ng', 'sox'].filter((p) => !hasProgram(p));
  return missing.length === 0 ? false : `${missing.join(' and ')} not installed (apt install espeak-ng sox)`;
}

export async function makeSpeechFile(dir: string, name: string, text: string): Promise<string> {
  const raw = path.join(dir, `${name}.raw.wav`);
  const out = path.join(dir, `${name}.wav`);
  await run('espeak-ng', ['-v', 'en+m3', '-s', '150', '-w', raw, text]);
  await run('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', out]);
  return out;
}
