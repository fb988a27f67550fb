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
import path from 'node:path';
import { z } from 'zod';
import { CANONICAL_LABELS } from '../../training/datasets/labels.ts';
import type { BackendName, BackendRequest } from '../../training/model/backend.ts';
import { evaluationSchema, foldResultSchema } from '../../training/model/metadata.ts';
import { GOAL_PROFILES, liveUpdateSchema } from '../../training/practice/live-update.ts';

export const BACKEND_REQUESTS = ['auto', 'gpu', 'node', 'wasm', 'cpu'] as const satisfies readonly BackendRequest[];
export const backendRequestSchema = z.enum(BACKEND_REQUESTS);

const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const satisfies readonly BackendName[];
const backendNameSchema = z.enum(BACKEND_NAMES);

const requestIdSchema = z.number().int().nonnegative();
const pathSchema = z.string().min(1);
/** Names one live stream (practice uses the session id); several may run at once. */
const streamIdSchema = z.string().min(1).max(200);

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

const wordsPerMinuteSchema = z.number().positive();

const startStreamParamsSchema = z.object({
  streamId: streamIdSchema,
  modelDir: pathSchema,
  goal: z.enum(GOAL_PROFILES),
  /** The speaking-pace target, words per minute [min, max]. */
  paceTargetWpm: z.tuple([wordsPerMinuteSchema, wordsPerMinuteSchema]),
});

const stopStreamResultSchema = z.object({
  /** Seconds of audio the stream analysed. */
  seconds: z.number(),
  /** Every model window the stream scored, as predictClip reports a file's. */
  windows: z.array(windowSchema),
});

/** Names one training job (the host chooses it); one job runs at a time. */
const jobIdSchema = z.string().min(1).max(100);

/** A labelled clip to train on, as the host's workspace or a scan lists it. */
const trainingClipSchema = z.object({
  path: pathSchema,
  label: z.enum(CANONICAL_LABELS),
  speaker: z.string(),
  gender: z.enum(['male', 'female']).optional(),
  dataset: z.string(),
});

const startTrainingParamsSchema = z.object({
  jobId: jobIdSchema,
  clips: z.array(trainingClipSchema).min(2),
  /** The model folder the job creates; it must not exist yet (an existing model is never replaced). */
  outDir: pathSchema.refine((p) => path.isAbsolute(p), { message: 'must be an absolute path' }),
  /** The model's name, stored in its metadata. */
  name: z.string(),
  /** Feature cache folder (FrameCache), shared with predictClip and `ser train`. */
  cacheDir: pathSchema,
  /** Licence of the training data, stored in the model. */
  dataLicense: z.string(),
  /** What `ser train` takes as options (--arch, --epochs, --folds, --seed, --augment, --jobs). */
  config: z.object({
    architecture: z.enum(['cnn', 'stats-mlp']),
    maxEpochs: z.number().int().min(1),
    folds: z.number().int().min(2),
    seed: z.number().int().min(0),
    /** Waveform-augmented variants per clip. */
    augment: z.number().int().min(0),
    /** Fold worker processes; 1 trains the folds in the engine process itself. */
    jobs: z.number().int().min(1),
  }),
});

/**
 * How a training job is going, sent as 'training' events. Exactly one of finished, failed
 * and cancelled ends every job; after it the job is gone and another may start.
 */
export const trainingProgressSchema = z.discriminatedUnion('type', [
  /** Features of `done` of `total` clips are ready (computed, or read from the cache). */
  z.object({ type: z.literal('phase'), phase: z.literal('features'), done: z.number().int(), total: z.number().int() }),
  /** One epoch of one run ('fold 2/5', 'final model'); folds trained in parallel interleave. */
  z.object({
    type: z.literal('epoch'),
    run: z.string(),
    epoch: z.number().int(),
    maxEpochs: z.number().int(),
    loss: z.number(),
    acc: z.number(),
    /** Validation UAR (folds only: the final model has no validation speakers). */
    valUar: z.number().optional(),
    etaSec: z.number(),
  }),
  /** A cross-validation fold is done: its test speakers' scores. */
  z.object({ type: z.literal('fold'), result: foldResultSchema }),
  /**
   * The model is complete in modelDir (with metadata.json, the report files and
   * out-of-fold.json). Problems: clips left out because their audio could not be read.
   */
  z.object({
    type: z.literal('finished'),
    modelDir: z.string(),
    meanUar: z.number(),
    stdUar: z.number(),
    pooled: evaluationSchema,
    problems: z.array(z.object({ path: z.string(), reason: z.string() })),
  }),
  /** The job stopped on an error; nothing was written to its outDir. */
  z.object({ type: z.literal('failed'), message: z.string() }),
  /** cancelTraining stopped it; nothing was written to its outDir. */
  z.object({ type: z.literal('cancelled') }),
]);
export type TrainingProgress = z.infer<typeof trainingProgressSchema>;

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
  /**
   * Opens a live stream: audio messages for `streamId` are analysed as they come and each
   * analysis update is sent back as a 'live' event.
   */
  startStream: { params: startStreamParamsSchema, result: z.object({ labels: z.array(z.string()) }) },
  /**
   * Closes a stream once every audio message sent before it is analysed, so the 'live'
   * events of all that audio reach the host before this reply does.
   */
  stopStream: { params: z.object({ streamId: streamIdSchema }), result: stopStreamResultSchema },
  /**
   * Starts a training job and replies once it has started; it goes on in the background,
   * reporting through 'training' events. Error reply 'invalid-request' when a job is
   * already running, outDir exists, or the clips cannot make a cross-validation.
   */
  startTraining: { params: startTrainingParamsSchema, result: z.object({ jobId: jobIdSchema }) },
  /**
   * Asks the running job to stop; its 'cancelled' event follows once its files are
   * removed. False when no such job is running (or it is already saving its model).
   */
  cancelTraining: { params: z.object({ jobId: jobIdSchema }), result: z.object({ cancelled: z.boolean() }) },
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
  z.object({ ...requestFields, method: z.literal('startStream'), params: METHODS.startStream.params }),
  z.object({ ...requestFields, method: z.literal('stopStream'), params: METHODS.stopStream.params }),
  z.object({ ...requestFields, method: z.literal('startTraining'), params: METHODS.startTraining.params }),
  z.object({ ...requestFields, method: z.literal('cancelTraining'), params: METHODS.cancelTraining.params }),
]);
export type EngineRequest = z.infer<typeof engineRequestSchema>;

/**
 * A chunk of a live stream's audio: 16 kHz mono signed 16-bit little-endian samples,
 * base64-encoded. A string crosses child_process IPC and Electron's structured-clone port
 * alike at about 2.7 bytes per sample (a JSON number array would take 5–7), and decodes
 * without per-sample parsing. No reply: a failure ends the stream with a 'streamError' event.
 */
export const audioMessageSchema = z.object({
  kind: z.literal('audio'),
  streamId: streamIdSchema,
  samples: z.base64(),
});
export type AudioMessage = z.infer<typeof audioMessageSchema>;

/** Every request a host may send (what gets a reply). Later: `cancel`. */
export const hostMessageSchema = z.discriminatedUnion('kind', [engineRequestSchema]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

/** Any message a host may send: a request, or a live stream's audio. What the engine parses. */
export const anyHostMessageSchema = z.discriminatedUnion('kind', [engineRequestSchema, audioMessageSchema]);
export type AnyHostMessage = z.infer<typeof anyHostMessageSchema>;

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

/** One analysis update of a live stream. */
const liveEventSchema = z.object({
  kind: z.literal('event'),
  event: z.literal('live'),
  streamId: streamIdSchema,
  update: liveUpdateSchema,
  /**
   * When the engine received the audio message that completed this update (ms since the
   * epoch, sub-millisecond: performance.timeOrigin + performance.now()), for latency figures.
   */
  receivedAtMs: z.number().optional(),
});

/** A stream the engine ended on its own (its audio could not be analysed); later audio for it is ignored. */
const streamErrorEventSchema = z.object({
  kind: z.literal('event'),
  event: z.literal('streamError'),
  streamId: streamIdSchema,
  message: z.string(),
});

/** Progress of the training job `jobId` (startTraining). */
const trainingEventSchema = z.object({
  kind: z.literal('event'),
  event: z.literal('training'),
  jobId: jobIdSchema,
  progress: trainingProgressSchema,
});

/** Unsolicited messages. */
export const engineEventSchema = z.discriminatedUnion('event', [
  readyEventSchema,
  logEventSchema,
  liveEventSchema,
  streamErrorEventSchema,
  trainingEventSchema,
]);
export type EngineEvent = z.infer<typeof engineEventSchema>;
/** The events of live streams, which EngineClient hands to its 'stream' listeners only. */
export type StreamEvent = Extract<EngineEvent, { event: 'live' | 'streamError' }>;
/** Training progress, which EngineClient hands to its 'training' listeners only. */
export type TrainingEvent = Extract<EngineEvent, { event: 'training' }>;
/** The engine's own events: readiness and log lines. */
export type EngineLifecycleEvent = Exclude<EngineEvent, StreamEvent | TrainingEvent>;

export function isStreamEvent(event: EngineEvent): event is StreamEvent {
  return event.event === 'live' || event.event === 'streamError';
}
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Everything the engine may send. */
export const engineMessageSchema = z.discriminatedUnion('kind', [engineReplySchema, engineEventSchema]);
export type EngineMessage = z.infer<typeof engineMessageSchema>;

/** One line per zod issue ("params.path: Invalid input: expected string, received undefined"). */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
