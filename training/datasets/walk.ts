import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Dirent } from 'node:fs';
import { describeError } from '../errors.ts';
import type { ImportProblem } from './types.ts';

/** Extensions the importers accept (matched case-insensitively); decoding happens later. */
export const AUDIO_EXTENSIONS = ['.wav', '.flac', '.mp3', '.ogg', '.m4a', '.aac', '.opus'] as const;

const AUDIO_SET: ReadonlySet<string> = new Set(AUDIO_EXTENSIONS);

export function isAudioFile(filePath: string): boolean {
  return AUDIO_SET.has(path.extname(filePath).toLowerCase());
}

/** A relative path's folders (outermost first) and the file name without its extension. */
export function splitRelativePath(relativePath: string): { folders: string[]; stem: string } {
  const parts = relativePath.split(/[\\/]/).filter((p) => p !== '');
  const fileName = parts.pop() ?? '';
  return {
    folders: parts,
    stem: fileName.slice(0, fileName.length - path.extname(fileName).length),
  };
}

/** Code-unit order: deterministic across locales, unlike localeCompare. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export interface FileListing {
  /** Every non-hidden file under the root, relative to it with '/' separators, sorted. */
  files: string[];
  /** Sub-folders that could not be read; the listing goes on without them. */
  problems: ImportProblem[];
}

/**
 * Recursive listing of a dataset folder. Hidden entries (".DS_Store", "._x.wav" resource
 * forks, ".git") are skipped because they are never clips. Symbolic links are followed so a
 * linked-in corpus is found, but a linked folder that lies inside one already being listed
 * is skipped, so nothing appears twice and a link loop cannot hang the scan. Folders are
 * walked one at a time in name order, so which route to a folder wins is deterministic.
 * Throws the root's own read error: a root that cannot be read is not a dataset.
 */
export async function listFiles(root: string): Promise<FileListing> {
  const files: string[] = [];
  const problems: ImportProblem[] = [];
  const listedTrees = [await realpath(root)];
  const isListed = (real: string): boolean =>
    listedTrees.some((tree) => real === tree || real.startsWith(tree + path.sep));

  const visit = async (relativeDir: string): Promise<void> => {
    const absoluteDir = path.join(root, relativeDir);
    let entries: Dirent[];
    try {
      entries = await readdir(absoluteDir, { withFileTypes: true });
    } catch (error) {
      if (relativeDir === '') throw error;
      problems.push({
        path: absoluteDir,
        reason: `could not read this folder: ${describeError(error)}`,
      });
      return;
    }
    entries.sort((a, b) => compareStrings(a.name, b.name));
    const subdirs: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const relative = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
      if (entry.isFile()) files.push(relative);
      else if (entry.isDirectory()) subdirs.push(relative);
      else if (entry.isSymbolicLink()) {
        const target = await resolveLink(path.join(root, relative));
        if (target.kind === 'file') files.push(relative);
        else if (target.kind === 'dir' && !isListed(target.real)) {
          listedTrees.push(target.real);
          subdirs.push(relative);
        }
      }
    }
    for (const subdir of subdirs) await visit(subdir);
  };

  await visit('');
  files.sort(compareStrings);
  return { files, problems };
}

type LinkTarget = { kind: 'file' } | { kind: 'dir'; real: string } | { kind: 'other' };

/** What a symbolic link points at; a dangling link is 'other'. */
async function resolveLink(linkPath: string): Promise<LinkTarget> {
  try {
    const target = await stat(linkPath);
    if (target.isFile()) return { kind: 'file' };
    return target.isDirectory()
      ? { kind: 'dir', real: await realpath(linkPath) }
      : { kind: 'other' };
  } catch {
    return { kind: 'other' };
  }
}
