/**
 * The input devices the user can choose in Settings → Microphone: PulseAudio/PipeWire
 * sources when a sound server answers (`pactl`), else ALSA's PCM names (`arecord -L`).
 * An `id` is what the recorder is given (AUDIODEV for SoX, -D for arecord); `name` is
 * what the list shows.
 */
import { execFile } from 'node:child_process';
import { describeError } from '../../../training/errors.ts';
import { findExecutable } from '../../../training/find-executable.ts';

export interface InputDevice {
  id: string;
  name: string;
}

export interface InputDeviceList {
  devices: InputDevice[];
  /** Why the list is empty or may be incomplete, when it is. */
  problem: string | null;
}

function run(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { env, timeout: 3000, maxBuffer: 4 * 2 ** 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${String(stderr).trim() || error.message}`));
      else resolve(String(stdout));
    });
  });
}

/** `pactl --format=json list sources` (PulseAudio ≥ 16, PipeWire): names and descriptions. */
export function parsePactlJson(text: string): InputDevice[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { name, description } = entry as { name?: unknown; description?: unknown };
    if (typeof name !== 'string' || name.length === 0) return [];
    return [{ id: name, name: typeof description === 'string' && description.length > 0 ? description : name }];
  });
}

/** `pactl list short sources`: index, name, driver, format, state, tab-separated. */
export function parsePactlShort(text: string): InputDevice[] {
  return text
    .split('\n')
    .map((line) => line.split('\t')[1]?.trim())
    .filter((name): name is string => name !== undefined && name.length > 0)
    .map((name) => ({ id: name, name }));
}

/**
 * `arecord -L`: a PCM name at the start of a line, its description on the indented lines
 * after it. "null" (discards everything) is left out: it is never a microphone.
 */
export function parseArecordList(text: string): InputDevice[] {
  const devices: InputDevice[] = [];
  let current: { id: string; description: string[] } | undefined;
  const flush = (): void => {
    if (current !== undefined && current.id !== 'null') {
      devices.push({ id: current.id, name: current.description.length > 0 ? `${current.description.join(' — ')} (${current.id})` : current.id });
    }
  };
  for (const line of text.split('\n')) {
    if (line.trim().length === 0) continue;
    if (/^\s/.test(line)) current?.description.push(line.trim());
    else {
      flush();
      current = { id: line.trim(), description: [] };
    }
  }
  flush();
  return devices;
}

async function pulseSources(pactl: string, env: NodeJS.ProcessEnv): Promise<InputDevice[]> {
  try {
    return parsePactlJson(await run(pactl, ['--format=json', 'list', 'sources'], env));
  } catch (error) {
    // Older pactl has no --format; anything else (no server) fails the short form too.
    if (error instanceof SyntaxError || /format/i.test(describeError(error))) {
      return parsePactlShort(await run(pactl, ['list', 'short', 'sources'], env));
    }
    throw error;
  }
}

export async function listInputDevices(env: NodeJS.ProcessEnv = process.env): Promise<InputDeviceList> {
  const problems: string[] = [];
  const pactl = findExecutable('pactl');
  if (pactl !== null) {
    try {
      return { devices: await pulseSources(pactl, env), problem: null };
    } catch (error) {
      problems.push(`the sound server did not answer (pactl: ${describeError(error)})`);
    }
  }
  const arecord = findExecutable('arecord');
  if (arecord !== null) {
    try {
      return { devices: parseArecordList(await run(arecord, ['-L'], env)), problem: null };
    } catch (error) {
      problems.push(`arecord -L failed (${describeError(error)})`);
    }
  }
  if (pactl === null && arecord === null) {
    problems.push(
      process.platform === 'linux'
        ? 'input devices cannot be listed: install pulseaudio-utils (pactl) or alsa-utils (arecord)'
        : 'input devices cannot be listed on this system; the default input is used',
    );
  }
  const text = problems.join('; ');
  return { devices: [], problem: `${text.charAt(0).toUpperCase()}${text.slice(1)}.` };
}
