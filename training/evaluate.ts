/**
 * `ser eval`: a saved model on labelled data it may never have seen (e.g. other speakers
 * or another corpus). Clips whose label the model does not know are reported, not scored.
 */
import { scanDataset } from './datasets/scan.ts';
import type { ImportProblem, ScannedClip } from './datasets/types.ts';
import type { FrameCache } from './features/clip-frames.ts';
import type { EvaluationMetrics } from './metrics.ts';
import { predictorOf } from './model/inference.ts';
import { loadModel } from './model/model-io.ts';
import { prepareCorpus } from './model/prepare-corpus.ts';
import { evaluateClips } from './train.ts';

export interface EvaluationOutput extends EvaluationMetrics {
  model: string;
  clips: number;
  problems: ImportProblem[];
}

export async function scanAll(dirs: readonly string[]): Promise<{ clips: ScannedClip[]; problems: ImportProblem[] }> {
  const scans = await Promise.all(dirs.map((d) => scanDataset(d)));
  return { clips: scans.flatMap((s) => s.clips), problems: scans.flatMap((s) => s.problems) };
}

export async function evaluateModel(
  modelDir: string,
  dataDirs: readonly string[],
  options: { cache?: FrameCache; onProgress?: (done: number, total: number) => void } = {},
): Promise<EvaluationOutput> {
  const loaded = await loadModel(modelDir);
  const { labels } = loaded.metadata;
  const scanned = await scanAll(dataDirs);
  const known = scanned.clips.filter((c) => labels.includes(c.label));
  const unknownLabel = scanned.clips
    .filter((c) => !labels.includes(c.label))
    .map((c) => ({ path: c.path, reason: `label '${c.label}' is not one the model knows (${labels.join(', ')}); not scored` }));
  const { prepared, problems } = await prepareCorpus(known, { augmentations: 0, seed: 0, ...options });
  if (prepared.length === 0) throw new Error(`no scorable clips in ${dataDirs.join(', ')}`);
  const metrics = evaluateClips(predictorOf(loaded), prepared, labels);
  loaded.model.dispose();
  return {
    model: loaded.metadata.name,
    clips: prepared.length,
    ...metrics,
    problems: [...scanned.problems, ...unknownLabel, ...problems],
  };
}
