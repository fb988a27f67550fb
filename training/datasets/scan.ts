import { readFile, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { InputFileError, describeError } from '../errors.ts';
import { CREMAD_DEMOGRAPHICS_FILE, parseCremadDemographics } from './cremad.ts';
import { hasManifestHeader, scanManifest } from './csv-manifest.ts';
import { NAME_PARSERS, detectFormat } from './detect.ts';
import { CANONICAL_LABELS } from './labels.ts';
import { isNameProblem } from './types.ts';
import type { DatasetFormat, ImportProblem, ScanResult, ScannedClip } from './types.ts';
import { AUDIO_EXTENSIONS, compareStrings, isAudioFile, listFiles } from './walk.ts';
import type { FileListing } from './walk.ts';

export { detectFormat } from './detect.ts';

export interface ScanOptions {
  /** Naming scheme to apply; 'auto' (the default) detects it from the files. */
  format?: DatasetFormat | 'auto';
  /** Keep RAVDESS song clips (vocal channel 02); by default only speech is kept. */
  includeSong?: boolean;
}

const FORMAT_LIST = 'ravdess, cremad, tess, savee, emodb, folder or csv';

/**
 * List a dataset's clips with their labels and speakers from names alone (no audio is
 * decoded, so this is fast enough to run on every import). DIR is a corpus folder or a CSV
 * manifest. In a folder, the lone top-level .csv is the manifest with format 'csv'; with
 * 'auto' only if its header names path and label columns, so CREMA-D's demographics table
 * is not taken for one. Files that do not fit the scheme become problems and the scan goes
 * on. Throws InputFileError when DIR does not exist, holds no audio, or its format is unclear.
 */
export async function scanDataset(dir: string, options: ScanOptions = {}): Promise<ScanResult> {
  const format = options.format ?? 'auto';
  const root = path.resolve(dir);
  const info = await statInput(root, dir);

  if (info.isFile()) {
    if (path.extname(root).toLowerCase() === '.csv' && (format === 'csv' || format === 'auto')) {
      return finish('csv', await scanManifest(root));
    }
    throw new InputFileError(
      dir,
      'is a file; pass a dataset folder, or a .csv manifest with format csv or auto',
    );
  }
  if (!info.isDirectory()) throw new InputFileError(dir, 'is neither a folder nor a CSV manifest');

  let listing: FileListing;
  try {
    listing = await listFiles(root);
  } catch (error) {
    throw new InputFileError(dir, `could not be read: ${describeError(error)}`);
  }

  const topLevelCsv = listing.files.filter(
    (f) => !f.includes('/') && path.extname(f).toLowerCase() === '.csv',
  );
  if (format === 'csv') {
    if (topLevelCsv.length !== 1) {
      const found = topLevelCsv.length === 0 ? 'none' : topLevelCsv.join(', ');
      throw new InputFileError(
        dir,
        `needs exactly one .csv manifest at its top level (found ${found}); or pass the manifest itself`,
      );
    }
    return scanFolderManifest(path.join(root, topLevelCsv[0]), listing.problems);
  }
  if (format === 'auto' && topLevelCsv.length === 1) {
    const candidate = path.join(root, topLevelCsv[0]);
    if (await isManifest(candidate)) return scanFolderManifest(candidate, listing.problems);
  }

  const audio = listing.files.filter(isAudioFile);
  if (audio.length === 0)
    throw new InputFileError(dir, `contains no audio files (${AUDIO_EXTENSIONS.join(' ')})`);
  const nameFormat = format === 'auto' ? detectFormat(audio) : format;
  if (nameFormat === undefined) {
    throw new InputFileError(
      dir,
      `could not detect the corpus format; pass --format (${FORMAT_LIST})`,
    );
  }

  const problems = [...listing.problems];
  const genders =
    nameFormat === 'cremad' ? await loadCremadGenders(root, listing.files, problems) : undefined;
  const parser = NAME_PARSERS[nameFormat];
  const clips: ScannedClip[] = [];
  for (const relative of audio) {
    const clipPath = path.join(root, relative);
    const parsed = parser(relative);
    if (isNameProblem(parsed)) problems.push({ path: clipPath, reason: parsed.problem });
    else if (parsed.vocalChannel === 'song' && options.includeSong !== true) continue;
    else {
      const gender = genders?.get(parsed.speaker);
      clips.push(
        gender === undefined
          ? { path: clipPath, ...parsed }
          : { path: clipPath, ...parsed, gender },
      );
    }
  }
  return finish(nameFormat, { clips, problems });
}

async function statInput(absolute: string, asNamed: string): Promise<Stats> {
  try {
    return await stat(absolute);
  } catch (error) {
    const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT';
    throw new InputFileError(
      asNamed,
      missing ? 'does not exist' : `could not be read: ${describeError(error)}`,
    );
  }
}

/** Whether a CSV file starts with a manifest header; an unreadable file is not one. */
async function isManifest(csvPath: string): Promise<boolean> {
  try {
    return hasManifestHeader(await readFile(csvPath, 'utf8'));
  } catch {
    return false;
  }
}

/** A manifest found inside the scanned folder; unreadable sub-folders still count as problems. */
async function scanFolderManifest(
  manifest: string,
  listingProblems: ImportProblem[],
): Promise<ScanResult> {
  const scanned = await scanManifest(manifest);
  return finish('csv', {
    clips: scanned.clips,
    problems: [...listingProblems, ...scanned.problems],
  });
}

/**
 * Genders from CREMA-D's demographics table when the scanned tree holds one (the shallowest
 * wins); an unreadable table becomes a problem and genders stay unknown.
 */
async function loadCremadGenders(
  root: string,
  files: string[],
  problems: ImportProblem[],
): Promise<Map<string, 'male' | 'female'> | undefined> {
  const wanted = CREMAD_DEMOGRAPHICS_FILE.toLowerCase();
  const tables = files.filter((f) => path.basename(f).toLowerCase() === wanted);
  if (tables.length === 0) return undefined;
  const depth = (f: string): number => f.split('/').length;
  const table = path.join(
    root,
    tables.reduce((a, b) => (depth(b) < depth(a) ? b : a)),
  );
  try {
    return parseCremadDemographics(await readFile(table, 'utf8'), table);
  } catch (error) {
    problems.push({ path: table, reason: describeError(error) });
    return undefined;
  }
}

/** Sort clips and problems by path and count clips per label (canonical order) and speaker. */
function finish(
  dataset: DatasetFormat,
  found: { clips: ScannedClip[]; problems: ImportProblem[] },
): ScanResult {
  const clips = [...found.clips].sort((a, b) => compareStrings(a.path, b.path));
  const problems = [...found.problems].sort((a, b) => compareStrings(a.path, b.path));
  const labelTally = tally(clips.map((c) => c.label));
  const byLabel: Record<string, number> = {};
  for (const label of CANONICAL_LABELS) {
    const n = labelTally.get(label);
    if (n !== undefined) byLabel[label] = n;
  }
  const speakerTally = tally(clips.map((c) => c.speaker));
  const bySpeaker: Record<string, number> = {};
  for (const speaker of [...speakerTally.keys()].sort(compareStrings))
    bySpeaker[speaker] = speakerTally.get(speaker) ?? 0;
  return { dataset, clips, counts: { byLabel, bySpeaker }, problems };
}

function tally(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}
