/**
 * The shapes of a speaker-independent evaluation as stored in a model's metadata.json.
 * Pure zod, apart from metadata.ts (which reads files), so the app's contract can use
 * them in code the browser type-checks too.
 */
import { z } from 'zod';

const classMetrics = z.object({ precision: z.number(), recall: z.number(), f1: z.number(), support: z.number() });

export const evaluationSchema = z.object({
  uar: z.number(),
  wa: z.number(),
  macroF1: z.number(),
  perClass: z.record(z.string(), classMetrics),
  confusion: z.object({ labels: z.array(z.string()), matrix: z.array(z.array(z.number())) }),
});

export const foldResultSchema = z.object({
  fold: z.number().int(),
  testSpeakers: z.array(z.string()),
  validationSpeakers: z.array(z.string()),
  trainSpeakers: z.array(z.string()),
  bestEpoch: z.number().int(),
  uar: z.number(),
  wa: z.number(),
  macroF1: z.number(),
});
