/**
 * out-of-fold.json in a model folder: every training clip's prediction by the fold model
 * that never heard its speaker. It is what the cross-validation confusion matrix counts,
 * kept clip by clip so a cell of that matrix can list (and open) its clips.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InputFileError } from '../errors.ts';

export const OUT_OF_FOLD_FILE = 'out-of-fold.json';

const outOfFoldSchema = z.object({
  labels: z.array(z.string()),
  clips: z.array(
    z.object({
      path: z.string(),
      speaker: z.string(),
      fold: z.number().int(),
      truth: z.string(),
      predicted: z.string(),
      probs: z.array(z.number()),
    }),
  ),
});
export type OutOfFold = z.infer<typeof outOfFoldSchema>;

/** The model's out-of-fold predictions, or undefined for a model saved without them. */
export async function readOutOfFold(modelDir: string): Promise<OutOfFold | undefined> {
  const file = path.join(modelDir, OUT_OF_FOLD_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputFileError(file, `cannot be read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputFileError(file, 'is not valid JSON (the model folder may be damaged; retrain the model)');
  }
  const parsed = outOfFoldSchema.safeParse(json);
  if (!parsed.success) throw new InputFileError(file, `is not a SER Studio out-of-fold file: ${parsed.error.issues[0]?.message ?? 'bad shape'}`);
  return parsed.data;
}
