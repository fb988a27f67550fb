/** Locate a program on PATH without running it (ffmpeg, sox's rec, arecord, chromium, nvidia-smi). */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** Resolved path per (name, PATH), so tests and users that change PATH see the change. */
const lookups = new Map<string, string | null>();

export function findExecutable(name: string): string | null {
  const searchPath = process.env.PATH ?? '';
  const key = `${name}\0${searchPath}`;
  const cached = lookups.get(key);
  if (cached !== undefined) return cached;
  const fileName = process.platform === 'win32' ? `${name}.exe` : name;
  let found: string | null = null;
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, fileName);
    try {
      if (statSync(candidate).isFile()) {
        accessSync(candidate, constants.X_OK);
        found = candidate;
        break;
      }
    } catch {
      // not here, or not executable: keep looking
    }
  }
  lookups.set(key, found);
  return found;
}
