/**
 * A small generated emotional-speech corpus for integration tests: espeak-ng voices are
 * the speakers, and each "emotion" is a consistent prosody style (pitch, rate, word gaps)
 * — crude, but learnable in a way that must generalise to voices never seen in training.
 * Layout: <label>/<speaker>/<n>.wav (the folder importer's scheme).
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const ESPEAK_VOICES = ['en+m1', 'en+m3', 'en+m7', 'en+f1', 'en+f3', 'en-us+m2', 'en-us+f4', 'en+m5'];

/** Prosody per label: espeak-ng pitch (0–99), speed (wpm) and word gap (10 ms units). */
export const STYLES: Record<string, { pitch: number; speed: number; gap: number }> = {
  neutral: { pitch: 45, speed: 165, gap: 1 },
  happy: { pitch: 90, speed: 215, gap: 0 },
  sad: { pitch: 15, speed: 105, gap: 12 },
  angry: { pitch: 65, speed: 260, gap: 0 },
};

const SENTENCES = [
  'Kids are talking by the door.',
  'Dogs are sitting by the door.',
  'The meeting starts at nine tomorrow morning.',
  'I left the keys on the kitchen table.',
  'We should take the train to the city.',
  'There is a parcel waiting for you downstairs.',
];

export interface CorpusOptions {
  speakers: number;
  sentences: number;
  labels?: string[];
}

export async function makeEspeakCorpus(dir: string, options: CorpusOptions): Promise<string> {
  const labels = options.labels ?? Object.keys(STYLES);
  const jobs: Promise<unknown>[] = [];
  for (const voice of ESPEAK_VOICES.slice(0, options.speakers)) {
    const speaker = voice.replace(/[^a-z0-9]/gi, '');
    for (const label of labels) {
      const folder = path.join(dir, label, speaker);
      await mkdir(folder, { recursive: true });
      const { pitch, speed, gap } = STYLES[label];
      SENTENCES.slice(0, options.sentences).forEach((sentence, i) => {
        const out = path.join(folder, `${i + 1}.wav`);
        jobs.push(run('espeak-ng', ['-v', voice, '-p', String(pitch), '-s', String(speed), '-g', String(gap), '-w', out, sentence]));
      });
    }
  }
  await Promise.all(jobs);
  return dir;
}
