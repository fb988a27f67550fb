/**
 * `ser predict`: clip-level emotion probabilities for audio files. A file that cannot
 * be read becomes `{path, error}` and the others go on.
 */
import { loadMono16k } from './audio/load.ts';
import { describeError } from './errors.ts';
import { computeClipFrames } from './features/clip-frames.ts';
import { argmax, predictClip, predictorOf } from './model/inference.ts';
import { loadModel } from './model/model-io.ts';

export type FilePrediction =
  | { path: string; label: string; probs: Record<string, number>; speech: boolean }
  | { path: string; error: string };

export interface PredictOutput {
  model: string;
  labels: string[];
  predictions: FilePrediction[];
}

export function probabilityRecord(labels: readonly string[], probs: ArrayLike<number>): Record<string, number> {
  return Object.fromEntries(labels.map((l, i) => [l, Number(probs[i].toFixed(6))]));
}

export async function predictFiles(modelDir: string, files: readonly string[]): Promise<PredictOutput> {
  const loaded = await loadModel(modelDir);
  const predictor = predictorOf(loaded);
  const { labels } = loaded.metadata;
  const predictions: FilePrediction[] = [];
  for (const file of files) {
    try {
      const { samples } = await loadMono16k(file);
      const result = predictClip(predictor, computeClipFrames(samples));
      predictions.push({
        path: file,
        label: labels[argmax(result.probs)],
        probs: probabilityRecord(labels, result.probs),
        speech: result.hasSpeech,
      });
    } catch (error) {
      predictions.push({ path: file, error: describeError(error) });
    }
  }
  loaded.model.dispose();
  return { model: loaded.metadata.name, labels, predictions };
}
