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

/** Unsolicited messages. Later: training progress, tied to a requestId. */
export const engineEventSchema = z.discriminatedUnion('event', [
  readyEventSchema,
  logEventSchema,
  liveEventSchema,
  streamErrorEventSchema,
]);
export type EngineEvent = z.infer<typeof engineEventSchema>;
/** The events of live streams, which EngineClient hands to its 'stream' listeners only. */
export type StreamEvent = Extract<EngineEvent, { event: 'live' | 'streamError' }>;
/** The engine's own events: readiness and log lines. */
export type EngineLifecycleEvent = Exclude<EngineEvent, StreamEvent>;

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
