/**
 * Runtime schemas (zod 4) for every input the workspace store accepts. The store is reached
 * over IPC and the browser-mode WebSocket, so TypeScript types alone prove nothing about
 * what arrives; each public method parses its input here first and rejects it with a
 * WorkspaceInputError naming the field.
 */
import path from 'node:path';
import { z } from 'zod';
import { CANONICAL_LABELS } from '../../../training/datasets/labels.ts';
import type { DatasetFormat, ScannedClip } from '../../../training/datasets/types.ts';
import { WorkspaceInputError } from './errors.ts';

/** Every DatasetFormat (the mapped type makes the compiler catch a missing one). */
const DATASET_FORMATS: { readonly [F in DatasetFormat]: F } = {
  ravdess: 'ravdess',
  cremad: 'cremad',
  tess: 'tess',
  savee: 'savee',
  emodb: 'emodb',
  folder: 'folder',
  csv: 'csv',
};

export function isDatasetFormat(value: string): value is DatasetFormat {
  return Object.hasOwn(DATASET_FORMATS, value);
}

/** How strongly an annotator hears the emotion (CREMA-D's levels, which cover RAVDESS's two). */
export const LABEL_INTENSITIES = ['low', 'medium', 'high'] as const;
export type LabelIntensity = (typeof LABEL_INTENSITIES)[number];

/** Orders listClips can sort by; ties always fall back to path, so pages are stable. */
export const CLIP_SORTS = [
  'path',
  'speaker',
  'dataset',
  'datasetLabel',
  'label',
  'durationSec',
  'importedAt',
  'labeledAt',
] as const;
export type ClipSort = (typeof CLIP_SORTS)[number];

const LABEL_LIST = CANONICAL_LABELS.join(', ');
const labelSchema = z.enum(CANONICAL_LABELS, { error: `must be one of ${LABEL_LIST}` });

const SHA256 = /^[0-9a-f]{64}$/;

/** Free text where "" and absent mean the same thing, stored as absent. */
function optionalText(maxLength: number) {
  return z
    .string()
    .max(maxLength, { error: `must be at most ${maxLength} characters` })
    .optional()
    .transform((text) => (text === '' ? undefined : text));
}

/** An id or name that must be non-empty text (clip ids, import ids, model names). */
export const idSchema = z.string({ error: 'must be text' }).min(1, { error: 'must not be empty' });

export const annotatorSchema = z
  .string({ error: 'must be a name (text)' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(100, { error: 'must be at most 100 characters' });

/** Flags are tags for filtering ("ambiguous", "noisy"), so keep them simple words. */
const flagSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, {
  error: 'must be a short lowercase word (letters, digits, - and _), e.g. "ambiguous"',
});

export type NewClip = ScannedClip & {
  /** sha256 of the audio file's bytes, lowercase hex: becomes the clip id. */
  sha256: string;
  durationSec: number;
  sampleRate: number;
  channels: number;
};

/**
 * A plain (not strict) object: fields ScannedClip may gain later are dropped rather than
 * failing an import; RAVDESS's vocalChannel is dropped today (song clips are opt-in and
 * rare, and the path keeps the code).
 */
const newClipSchema = z.object({
  path: z
    .string()
    .min(1, { error: 'must not be empty' })
    .refine((p) => path.isAbsolute(p), { error: 'must be an absolute path' }),
  dataset: z.enum(DATASET_FORMATS),
  speaker: z.string().min(1, { error: 'must not be empty' }),
  gender: z.enum(['male', 'female']).optional(),
  label: labelSchema,
  intensity: z.string().optional(),
  statement: z.string().optional(),
  sha256: z
    .string()
    .regex(SHA256, { error: 'must be 64 lowercase hex digits (sha256 of the audio)' }),
  durationSec: z.number().nonnegative({ error: 'must be a number of seconds ≥ 0' }),
  sampleRate: z.number().int().positive({ error: 'must be a positive whole number of Hz' }),
  channels: z.number().int().positive({ error: 'must be a positive whole number' }),
});
export const newClipsSchema = z.array(newClipSchema);

export const problemsSchema = z.array(
  z.object({
    path: z.string().min(1, { error: 'must not be empty' }),
    reason: z.string().min(1, { error: 'must not be empty' }),
  }),
);

export const importStartSchema = z.strictObject({
  sourceDir: z.string().min(1, { error: 'must not be empty' }),
  format: z.string().min(1, { error: 'must not be empty' }),
});

export const importCountsSchema = z.record(z.string(), z.number().int().nonnegative());

export const labelInputSchema = z.strictObject({
  clipId: idSchema,
  annotator: annotatorSchema,
  /** null clears the label (an explicit "no label", itself an event). */
  label: labelSchema.nullable(),
  intensity: z.enum(LABEL_INTENSITIES).optional(),
  note: optionalText(2000),
  flags: z
    .array(flagSchema)
    .max(16, { error: 'must hold at most 16 flags' })
    .optional()
    .transform((flags) => [...new Set(flags ?? [])]),
  reason: optionalText(500),
});
export type LabelInput = z.input<typeof labelInputSchema>;
export type ParsedLabelInput = z.output<typeof labelInputSchema>;

/**
 * The review queues (issue 5): clips whose label is in doubt, each in its own order.
 * model-disagrees: the model's top class is not the current label, most confident first.
 * uncertain: predictions with a top-2 margin under 0.3 or a top probability under 0.5, the
 *   most spread-out first (normalised entropy, then top-2 margin).
 * annotators-disagree: two or more annotators' current labels differ, least agreement first.
 * flagged: some annotator's current label carries a flag, most recently flagged first.
 */
export const REVIEW_QUEUES = ['model-disagrees', 'uncertain', 'annotators-disagree', 'flagged'] as const;
export type ReviewQueue = (typeof REVIEW_QUEUES)[number];

export const clipFilterSchema = z.strictObject({
  /** Whose current label the label/labeled/flagged filters and the rows use; anyone's when absent. */
  annotator: annotatorSchema.optional(),
  label: labelSchema.optional(),
  datasetLabel: labelSchema.optional(),
  speaker: z.string().optional(),
  dataset: z.enum(DATASET_FORMATS).optional(),
  labeled: z.boolean().optional(),
  flagged: z.boolean().optional(),
  /** Case-insensitive substring of path, speaker, statement or the current note. */
  search: z.string().max(200, { error: 'must be at most 200 characters' }).optional(),
  offset: z.number().int().nonnegative({ error: 'must be a whole number ≥ 0' }),
  limit: z.number().int().min(1).max(1000, { error: 'must be a whole number from 1 to 1000' }),
  sort: z.enum(CLIP_SORTS).optional(),
  descending: z.boolean().optional(),
  /** Only the clips of one review queue, in the queue's order unless `sort` is given. */
  review: z.enum(REVIEW_QUEUES).optional(),
  /**
   * The model key whose cached predictions the model queues read; the back end fills in
   * the active model's when absent.
   */
  model: z.string().min(1).max(4200).optional(),
  /** Only these clips (a confusion-matrix cell, say), in this order unless `sort` is given. */
  clipIds: z
    .array(z.string().regex(SHA256, { error: 'must be a clip id (sha256)' }))
    .max(5000, { error: 'must list at most 5000 clips' })
    .optional(),
});
export type ClipFilter = z.input<typeof clipFilterSchema>;
export type ParsedClipFilter = z.output<typeof clipFilterSchema>;

export const exportFormatSchema = z.enum(['csv', 'json']);
export type ExportFormat = z.output<typeof exportFormatSchema>;

export const modelInputSchema = z.strictObject({
  /** Also the folder name under models/, so no separators or dots up front. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, {
    error: 'must be 1–100 letters, digits, ".", "_" or "-", starting with a letter or digit',
  }),
  dir: z.string().min(1, { error: 'must not be empty' }),
  metadata: z.record(z.string(), z.json()),
});
export type ModelInput = z.input<typeof modelInputSchema>;

export const predictionInputSchema = z
  .strictObject({
    modelKey: z.string().min(1, { error: 'must not be empty' }).max(4200),
    clipId: z.string().regex(SHA256, { error: 'must be a clip id (sha256)' }),
    labels: z.array(z.string().min(1)).min(2, { error: 'must list at least two labels' }),
    probs: z.array(z.number().min(0).max(1)),
    hasSpeech: z.boolean(),
  })
  .refine((p) => p.probs.length === p.labels.length, { error: 'must give one probability per label', path: ['probs'] });

const isoTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });

export const sessionInputSchema = z.strictObject({
  /** Defaults to a random UUID. */
  id: idSchema.optional(),
  startedAt: isoTime,
  endedAt: isoTime.optional(),
  audioPath: z.string().min(1, { error: 'must not be empty' }).optional(),
  summary: z.json().optional(),
});
export type SessionInput = z.input<typeof sessionInputSchema>;

/**
 * Parse `value` with `schema`, or throw a WorkspaceInputError for the first problem, its
 * field written as a dotted path under `root` ('clips.3.sha256').
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  root?: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const segments = [...(root === undefined ? [] : [root]), ...issue.path.map(String)];
  if (issue.code === 'unrecognized_keys') {
    segments.push(issue.keys.join(', '));
    throw new WorkspaceInputError(segments.join('.'), 'is not a field this accepts');
  }
  throw new WorkspaceInputError(segments.join('.') || 'input', issue.message);
}
