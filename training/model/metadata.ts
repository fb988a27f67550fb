/**
 * `metadata.json` of a model directory (DESIGN.md section 5), with its runtime schema so
 * a damaged or foreign file is rejected with a clear message instead of half-loading.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InputFileError } from '../errors.ts';

import { evaluationSchema, foldResultSchema } from './evaluation-schema.ts';

export { evaluationSchema, foldResultSchema };

export const modelMetadataSchema = z.object({
  format: z.literal('ser-studio-model/1'),
  name: z.string(),
  architecture: z.enum(['cnn', 'stats-mlp']),
  labels: z.array(z.string()).min(2),
  featureSpec: z.object({ hash: z.string(), spec: z.record(z.string(), z.unknown()) }),
  input: z.object({
    windowFrames: z.number().int().positive(),
    hopFrames: z.number().int().positive(),
    nMels: z.number().int().positive(),
    targetLevelDb: z.number(),
    maxGainDb: z.number(),
    floorDb: z.number(),
    activity: z.object({ absoluteFloorDb: z.number(), relativeRangeDb: z.number() }),
    minSpeechFraction: z.number(),
    windowSeconds: z.number(),
    hopSeconds: z.number(),
  }),
  normalisation: z.object({ mean: z.array(z.number()), std: z.array(z.number()) }),
  training: z.object({
    datasets: z.array(z.string()),
    speakers: z.array(z.string()),
    clipCount: z.number().int(),
    epochs: z.number().int(),
    seed: z.number().int(),
    augmentation: z.array(z.string()),
    /** Cross-validation plus the final model (feature preparation comes before and is cached). */
    durationSec: z.number(),
    /** Training the final (shipped) model alone; absent in models from before it was recorded. */
    finalModelSec: z.number().optional(),
  }),
  evaluation: z
    .object({
      protocol: z.string(),
      folds: z.array(foldResultSchema),
      pooled: evaluationSchema,
      meanUar: z.number(),
      stdUar: z.number(),
    })
    .nullable(),
  backend: z.string(),
  created: z.string(),
  dataLicense: z.string(),
});

export type ModelMetadata = z.infer<typeof modelMetadataSchema>;
export type FoldResult = z.infer<typeof foldResultSchema>;

/** Read and validate `metadata.json` of a model directory (no tfjs needed: the app lists models with it). */
export async function readModelMetadata(dir: string): Promise<ModelMetadata> {
  const file = path.join(dir, 'metadata.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InputFileError(dir, 'not a SER Studio model directory (metadata.json is missing)');
  }
  const parsed = modelMetadataSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new InputFileError(file, `invalid model metadata: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  }
  return parsed.data;
}
