/**
 * The messages between a host (Electron main process, browser-mode web host, CLI) and the
 * ML engine process (DESIGN.md section 1). Both sides validate what they receive with these
 * schemas: the engine because a host bug must become an error reply, not a crash; the host
 * because a reply from a different engine version must not reach the UI half-understood.
 *
 * Every message carries `kind`, so new kinds (a `cancel` for training jobs, audio chunks
 * for a live stream, `progress` events tied to a requestId) can be added beside the
 * current ones without changing them. Requests are a union on `method`; a method pairs a
 * params schema with a result schema, and the client derives its types from that pair.
 *
 * Messages are plain objects of strings, numbers, booleans and arrays, so they survive
 * both child_process IPC and Electron's structured-clone utilityProcess port unchanged.
 */
import { z } from 'zod';
import type { BackendName, BackendRequest } from '../../training/model/backend.ts';
import { evaluationSchema } from '../../training/model/metadata.ts';

export const BACKEND_REQUESTS = ['auto', 'gpu', 'node', 'wasm', 'cpu'] as const satisfies readonly BackendRequest[];
export const backendRequestSchema = z.enum(BACKEND_REQUESTS);

const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const satisfies readonly BackendName[];
const backendNameSchema = z.enum(BACKEND_NAMES);

const requestIdSchema = z.number().int().nonnegative();
const pathSchema = z.string().min(1);

// ---- methods: params and results -------------------------------------------------------

const statusResultSchema = z.object({
  /** The tfjs backend the engine chose once at startup. */
  backend: backendNameSchema,
  /** The backend and why the ones before it were skipped (backendSummary). */
  reason: z.string(),
  /** Model directories held in memory, most recently used first. */
  models: z.array(z.string()),
  pid: z.number().int(),
});

const windowSchema = z.object({
  startSec: z.number(),
  /** Where the window's audio ends (a last window padded past the clip ends at the clip's end). */
  endSec: z.number(),
  probs: z.array(z.number()),
  /** Fraction of the window that is speech; below the model's minimum it is silence and not pooled. */
  speechFraction: z.number(),
});

const predictClipResultSchema = z
  .object({
    modelName: z.string(),
    labels: z.array(z.string()),
    /** Clip-level probabilities, the same numbers `ser predict` prints for the file. */
    probs: z.array(z.number()),
    /** The most probable label. */
    label: z.string(),
    /** False when no window held enough speech: the prediction is then of little worth. */
    hasSpeech: z.boolean(),
    windows: z.array(windowSchema),
  })
  .refine((r) => r.probs.length === r.labels.length && r.windows.every((w) => w.probs.length === r.labels.length), {
    message: 'every probability vector must have one value per label',
  });

const modelInfoResultSchema = z.object({
  /** The directory, resolved to an absolute path. */
  dir: z.string(),
  name: z.string(),
  architecture: z.string(),
  labels: z.array(z.string()),
  created: z.string(),
  /** The backend the model was trained on. */
  trainedOn: z.string(),
  dataLicense: z.string(),
  windowSeconds: z.number(),
  hopSeconds: z.number(),
  training: z.object({
    datasets: z.array(z.string()),
    speakers: z.number().int(),
    clipCount: z.number().int(),
    epochs: z.number().int(),
  }),
  /** Speaker-independent cross-validation, or null for a model trained without it. */
  evaluation: z
    .object({
      protocol: z.string(),
      folds: z.number().int(),
      meanUar: z.number(),
      stdUar: z.number(),
      pooled: evaluationSchema,
    })
    .nullable(),
});

/**
 * Every method the engine answers: what it takes and what it returns. A new method also needs its request in engineRequestSchema and a case in handlers.ts.
 */
export const METHODS = {
  status: { params: z.object({}), result: statusResultSchema },
  predictClip: {
    params: z.object({
      modelDir: pathSchema,
      /** The audio file to score. */
      path: pathSchema,
      /** Feature cache folder (FrameCache); frames are computed afresh without it. */
      cacheDir: pathSchema.optional(),
    }),
    result: predictClipResultSchema,
  },
  modelInfo: { params: z.object({ modelDir: pathSchema }), result: modelInfoResultSchema },
} as const;

export type EngineMethod = keyof typeof METHODS;
export type EngineParams<M extends EngineMethod> = z.input<(typeof METHODS)[M]['params']>;
export type EngineResult<M extends EngineMethod> = z.output<(typeof METHODS)[M]['result']>;

// ---- host → engine -------------------------------------------------------------------------

const requestFields = { kind: z.literal('request'), requestId: requestIdSchema };

export const engineRequestSchema = z.discriminatedUnion('method', [
  z.object({ ...requestFields, method: z.literal('status'), params: METHODS.status.params }),
  z.object({ ...requestFields, method: z.literal('predictClip'), params: METHODS.predictClip.params }),
  z.object({ ...requestFields, method: z.literal('modelInfo'), params: METHODS.modelInfo.params }),
]);
export type EngineRequest = z.infer<typeof engineRequestSchema>;

/** Everything a host may send. Later: `cancel`, live-stream audio. */
export const hostMessageSchema = z.discriminatedUnion('kind', [engineRequestSchema]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

/** Enough of a message to answer it with an error when the rest does not validate. */
export const requestIdOnlySchema = z.object({ requestId: requestIdSchema });

// ---- engine → host -------------------------------------------------------------------------

export const ERROR_CODES = ['invalid-request', 'input-file', 'model', 'internal'] as const;
export const errorCodeSchema = z.enum(ERROR_CODES);
/**
 * invalid-request: the message did not match the protocol. input-file: the audio could not
 * be used (the message names the file). model: the model directory is missing, damaged or
 * incompatible. internal: anything else (a bug).
 */
export type EngineErrorCode = z.infer<typeof errorCodeSchema>;

const okReplySchema = z.object({
  kind: z.literal('reply'),
  requestId: requestIdSchema,
  ok: z.literal(true),
  /** Validated by the host against the result schema of the method it asked. */
  result: z.unknown(),
});

const errorReplySchema = z.object({
  kind: z.literal('reply'),
  requestId: requestIdSchema,
  ok: z.literal(false),
  error: z.object({ code: errorCodeSchema, message: z.string() }),
});

export const engineReplySchema = z.discriminatedUnion('ok', [okReplySchema, errorReplySchema]);
export type EngineReply = z.infer<typeof engineReplySchema>;

const readyEventSchema = z.object({
  kind: z.literal('event'),
  event: z.literal('ready'),
  backend: backendNameSchema,
  reason: z.string(),
});

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
const logEventSchema = z.object({
  kind: z.literal('event'),
  event: z.literal('log'),
  level: z.enum(LOG_LEVELS),
  message: z.string(),
});

/** Unsolicited messages. Later: training progress and stream predictions, tied to a requestId. */
export const engineEventSchema = z.discriminatedUnion('event', [readyEventSchema, logEventSchema]);
export type EngineEvent = z.infer<typeof engineEventSchema>;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Everything the engine may send. */
export const engineMessageSchema = z.discriminatedUnion('kind', [engineReplySchema, engineEventSchema]);
export type EngineMessage = z.infer<typeof engineMessageSchema>;

/** One line per zod issue ("params.path: Invalid input: expected string, received undefined"). */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
