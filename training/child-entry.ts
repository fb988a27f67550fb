/**
 * How to start a child process whose code is one of our TypeScript modules (the ML engine,
 * a cross-validation worker). In a checkout the module is run from source through tsx's
 * loader, as bin/ser.mjs runs everything. The packaged app ships no TypeScript and no tsx:
 * electron/app-bundle.ts bundles each child's entry to JavaScript beside where its source
 * would be (`engine-process.ts` → `engine-process.mjs`), so the same call finds it there.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ChildEntry {
  /** The file the child runs. */
  readonly path: string;
  /** Node options the child needs to run it (tsx's loader for TypeScript; none for a bundle). */
  readonly execArgv: readonly string[];
}

/** The compiled file that stands in for `source` (a `.ts` module) in the packaged app. */
export function bundledEntryPath(source: string): string {
  return source.replace(/\.ts$/, '.mjs');
}

/** How to run `source` (a `.ts` module URL) in a child: from source when it is there, else its bundle. */
export function childEntry(source: URL): ChildEntry {
  const file = fileURLToPath(source);
  if (existsSync(file)) return { path: file, execArgv: ['--import', import.meta.resolve('tsx')] };
  return { path: bundledEntryPath(file), execArgv: [] };
}
