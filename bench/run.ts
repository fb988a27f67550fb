/**
 * `npm run bench`: speed and memory numbers, separate from the tests (which never time
 * anything). Prints a table and writes bench/results.json.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeBackend, selectBackend } from '../training/model/backend.ts';
import { benchFeatures } from './features.ts';
import { benchModel } from './model.ts';
import type { BenchRow } from './row.ts';
import { benchPractice } from './practice.ts';
import { benchReview } from './review.ts';
import { benchUi } from './ui.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

// `npm run bench -- ui` runs only the named groups (features, model, ui, practice, review); all by default.
const asked = process.argv.slice(2);
const wanted = (group: 'features' | 'model' | 'ui' | 'practice' | 'review') => asked.length === 0 || asked.includes(group);

const backend = await selectBackend('auto');
console.error(describeBackend(backend));
const rows: BenchRow[] = [
  ...(wanted('features') ? await benchFeatures() : []),
  ...(wanted('model') ? await benchModel(backend) : []),
  ...(wanted('ui') ? await benchUi() : []),
  ...(wanted('practice') ? await benchPractice() : []),
  ...(wanted('review') ? await benchReview() : []),
];
rows.push({ name: 'peak resident memory of the benchmark process', value: process.memoryUsage().rss / 2 ** 20, unit: 'MiB' });

const format = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const width = Math.max(...rows.map((r) => r.name.length));
console.log(`${'benchmark'.padEnd(width)}  ${'value'.padStart(10)}  unit         target`);
for (const r of rows) {
  console.log(`${r.name.padEnd(width)}  ${format(r.value).padStart(10)}  ${r.unit.padEnd(11)}  ${r.target ?? ''}${r.detail ? `  (${r.detail})` : ''}`);
}
const results = {
  created: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  backend: backend.name,
  rows,
};
await writeFile(path.join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${path.join('bench', 'results.json')}`);
