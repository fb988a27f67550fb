/**
 * The corpora the app can download for the user, and what the user must see before it
 * does: the licence and the citation. Only what never changes lives here; the download
 * URL, exact size and checksum are read from Zenodo at run time (zenodo-record.ts), so a
 * re-uploaded file is verified against what Zenodo publishes now, not a stale constant.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { RESOURCES_DIR } from '../../../training/paths.ts';

export type CorpusId = 'ravdess-speech';

export interface CorpusLicense {
  /** Short name, e.g. "CC BY-NC-SA 4.0". */
  readonly name: string;
  readonly url: string;
  /** One sentence the UI can show beside the download button. */
  readonly summary: string;
  /** The full notice shipped with the app (markdown); read it with readLicenseNotice(). */
  readonly noticePath: string;
}

export interface CorpusCatalogEntry {
  readonly id: CorpusId;
  readonly title: string;
  readonly zenodoRecordId: string;
  /** The file's `key` in the Zenodo record. */
  readonly fileKey: string;
  /** For "≈208 MB" before the record is fetched; the real size comes from Zenodo. */
  readonly approxBytes: number;
  /** Name of the folder the corpus is extracted into, inside the chosen destination. */
  readonly folderName: string;
  readonly license: CorpusLicense;
  readonly citation: string;
  readonly doi: string;
  readonly homepage: string;
}

export const CORPUS_CATALOG: Readonly<Record<CorpusId, CorpusCatalogEntry>> = {
  'ravdess-speech': {
    id: 'ravdess-speech',
    title: 'RAVDESS — emotional speech (24 actors, 1,440 clips)',
    zenodoRecordId: '1188976',
    fileKey: 'Audio_Speech_Actors_01-24.zip',
    approxBytes: 208_468_073,
    folderName: 'ravdess-speech',
    license: {
      name: 'CC BY-NC-SA 4.0',
      url: 'https://creativecommons.org/licenses/by-nc-sa/4.0/',
      summary:
        'Non-commercial use only, with attribution; anything you share that is derived from it ' +
        '(such as a trained model) must carry the same licence.',
      noticePath: path.join(RESOURCES_DIR, 'licenses', 'RAVDESS-CC-BY-NC-SA-4.0.md'),
    },
    citation:
      'Livingstone SR, Russo FA (2018). The Ryerson Audio-Visual Database of Emotional Speech and ' +
      'Song (RAVDESS): A dynamic, multimodal set of facial and vocal expressions in North American ' +
      'English. PLoS ONE 13(5): e0196391. https://doi.org/10.1371/journal.pone.0196391',
    doi: '10.5281/zenodo.1188976',
    homepage: 'https://zenodo.org/records/1188976',
  },
};

export function corpusEntry(id: CorpusId): CorpusCatalogEntry {
  const entry = CORPUS_CATALOG[id];
  if (entry === undefined) throw new RangeError(`unknown corpus "${String(id)}"`);
  return entry;
}

/** The full licence notice, for the UI to show before the user agrees to download. */
export function readLicenseNotice(id: CorpusId): Promise<string> {
  return readFile(corpusEntry(id).license.noticePath, 'utf8');
}
