/**
 * THE typed API between the UI and the back end (DESIGN.md §1): every request, its reply
 * and every event, each with a runtime schema. Electron binds it to ipcMain (main.ts), browser
 * mode to a WebSocket (web-host.ts); both go through rpc/dispatch.ts, so a request is
 * validated the same way whichever transport carried it. The renderer imports types only.
 */
import { z } from 'zod';
import { CANONICAL_LABELS } from '../training/datasets/labels.ts';
import {
  CLIP_SORTS,
  LABEL_INTENSITIES,
  annotatorSchema,
  clipFilterSchema,
  labelInputSchema,
} from './services/workspace/inputs.ts';
import { settingsPatchSchema, settingsSchema } from './services/settings/schema.ts';
import { GOAL_PROFILES, liveUpdateSchema } from '../training/practice/live-update.ts';
import { sessionReportSchema } from '../training/practice/report-schema.ts';

const labelSchema = z.enum(CANONICAL_LABELS);
const datasetSchema = z.enum(['ravdess', 'cremad', 'tess', 'savee', 'emodb', 'folder', 'csv']);
const clipIdSchema = z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be a clip id (sha256)' });
const absoluteDirSchema = z
  .string({ error: 'must be a folder path' })
  .min(1, { error: 'must not be empty' })
  .max(4096);
const noInput = z.strictObject({});

// Shapes that appear in replies and events

const labelEventSchema = z.object({
  id: z.number(),
  clipId: z.string(),
  annotator: z.string(),
  label: labelSchema.nullable(),
  intensity: z.enum(LABEL_INTENSITIES).optional(),
  note: z.string().optional(),
  flags: z.array(z.string()),
  reason: z.string().optional(),
  createdAt: z.string(),
  undoOf: z.number().optional(),
});

const clipSchema = z.object({
  id: z.string(),
  path: z.string(),
  dataset: datasetSchema,
  speaker: z.string(),
  gender: z.enum(['male', 'female']).optional(),
  datasetLabel: labelSchema,
  intensity: z.string().optional(),
  statement: z.string().optional(),
  durationSec: z.number(),
  sampleRate: z.number(),
  channels: z.number(),
  importId: z.string().optional(),
  importedAt: z.string(),
  current: labelEventSchema.optional(),
});

const workspaceSummarySchema = z.object({
  dir: z.string(),
  name: z.string(),
  clipCount: z.number(),
});

const labelCountsSchema = z.object({
  byLabel: z.record(labelSchema, z.number()),
  unlabeled: z.number(),
  total: z.number(),
});

const importProblemSchema = z.object({
  path: z.string(),
  reason: z.string(),
  importId: z.string().optional(),
  createdAt: z.string(),
});

const importSummarySchema = z.object({
  importId: z.string(),
  sourceDir: z.string(),
  format: z.string(),
  added: z.number(),
  unchanged: z.number(),
  duplicates: z.number(),
  problems: z.number(),
});

const modelSummarySchema = z.object({
  /** Absolute model directory: what settings.activeModel holds. */
  dir: z.string(),
  name: z.string(),
  labels: z.array(z.string()),
  uar: z.number().optional(),
  builtIn: z.boolean(),
});

const engineStatusSchema = z.object({
  state: z.enum(['starting', 'ready', 'crashed', 'stopped']),
  backend: z.string().optional(),
  detail: z.string().optional(),
});

const predictionSchema = z.object({
  model: modelSummarySchema,
  labels: z.array(z.string()),
  probs: z.array(z.number()),
});

const dirEntrySchema = z.object({
  name: z.string(),
  path: z.string(),
  isDir: z.boolean(),
});

/** Where the audio, peaks and spectrogram of a clip are served (see media-routes.ts). */
const mediaLocationSchema = z.object({
  audio: z.string(),
  peaks: z.string(),
  spectrogram: z.string(),
});

// Practice mode

const goalSchema = z.enum(GOAL_PROFILES);

const practiceSourceSchema = z.discriminatedUnion('kind', [
  /** `device` as listed by practice.devices; null for the system default input. */
  z.strictObject({ kind: z.literal('microphone'), device: z.string().max(200).nullable() }),
  /** "Practice with a file": the same live pipeline fed at real-time pace. */
  z.strictObject({ kind: z.literal('file'), path: absoluteDirSchema }),
]);

const practiceStateSchema = z.object({
  state: z.enum(['idle', 'starting', 'running', 'paused', 'stopping']),
  sessionId: z.string().nullable(),
  goal: goalSchema.nullable(),
  source: z.enum(['microphone', 'file']).nullable(),
  /** The model's labels, in the order of LiveUpdate.tone.probs. */
  labels: z.array(z.string()),
  /** Why the session stopped on its own (recorder gone, file ended), when it did. */
  message: z.string().optional(),
});

const sessionSummarySchema = z.object({
  id: z.string(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  goal: goalSchema,
  source: z.object({ kind: z.enum(['microphone', 'file']), name: z.string() }),
  durationSec: z.number(),
  report: sessionReportSchema,
});

/** One request: the schema its params must pass and the schema of its reply. */
interface MethodSpec<I extends z.ZodType, O extends z.ZodType> {
  input: I;
  output: O;
}
function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodSpec<I, O> {
  return { input, output };
}

export const methods = {
  /** What the UI needs before anything else: mode, labels, the open workspace. */
  'app.info': method(
    noInput,
    z.object({
      version: z.string(),
      mode: z.enum(['electron', 'browser']),
      /** True in Electron: folders are picked with the system dialog, not the folder browser. */
      nativeFolderDialog: z.boolean(),
      labels: z.array(labelSchema),
      intensities: z.array(z.enum(LABEL_INTENSITIES)),
      clipSorts: z.array(z.enum(CLIP_SORTS)),
      homeDir: z.string(),
      workspace: workspaceSummarySchema.nullable(),
    }),
  ),

  /** Open (creating if needed) the workspace folder and remember it in recent workspaces. */
  'workspace.open': method(z.strictObject({ dir: absoluteDirSchema }), workspaceSummarySchema),

  /** The host's folders, for browser mode's folder browser (Electron uses the native dialog). */
  'files.list': method(
    z.strictObject({ dir: absoluteDirSchema.optional() }),
    z.object({ dir: z.string(), parent: z.string().nullable(), entries: z.array(dirEntrySchema) }),
  ),
  /** Electron only: the system folder dialog; null when the user cancels. */
  'files.pickFolder': method(
    z.strictObject({ title: z.string().max(200).optional() }),
    z.object({ dir: z.string().nullable() }),
  ),

  /** Start importing a folder; progress and the result arrive as import.* events. */
  'import.start': method(
    z.strictObject({
      dir: absoluteDirSchema,
      format: z.enum(['auto', ...datasetSchema.options]).default('auto'),
    }),
    z.object({ importId: z.string() }),
  ),
  'import.problems': method(
    z.strictObject({ importId: z.string().optional() }),
    z.array(importProblemSchema),
  ),

  'clips.list': method(
    clipFilterSchema,
    z.object({ total: z.number(), rows: z.array(clipSchema) }),
  ),
  /** Counts per label and the values the Library's filters offer. */
  'clips.facets': method(
    z.strictObject({ annotator: annotatorSchema.optional() }),
    z.object({
      counts: labelCountsSchema,
      speakers: z.array(z.string()),
      datasets: z.array(datasetSchema),
    }),
  ),
  'clips.get': method(
    z.strictObject({ clipId: clipIdSchema }),
    z.object({
      clip: clipSchema,
      history: z.array(labelEventSchema),
      media: mediaLocationSchema,
    }),
  ),
  /** The active model's probabilities for a clip (from the engine); null without a model. */
  'clips.predict': method(z.strictObject({ clipId: clipIdSchema }), predictionSchema.nullable()),

  /** Append a label event; the reply means it is on disk. */
  'labels.set': method(labelInputSchema, labelEventSchema),
  /** Undo the annotator's latest event; null when there is nothing left to undo. */
  'labels.undo': method(
    z.strictObject({ annotator: annotatorSchema }),
    labelEventSchema.nullable(),
  ),
  /** Write current labels or the full history to the workspace's exports/ folder. */
  'labels.export': method(
    z.strictObject({
      format: z.enum(['csv', 'json']),
      scope: z.enum(['current', 'history']),
    }),
    z.object({ path: z.string() }),
  ),

  'settings.get': method(noInput, settingsSchema),
  'settings.update': method(settingsPatchSchema, settingsSchema),
  'settings.resetHotkeys': method(noInput, settingsSchema),

  'models.list': method(
    noInput,
    z.object({ active: modelSummarySchema.nullable(), models: z.array(modelSummarySchema) }),
  ),
  'engine.status': method(noInput, engineStatusSchema),

  /** The recorder program found (or what to install) and the input devices it offers. */
  'practice.devices': method(
    noInput,
    z.object({
      recorder: z.object({ program: z.string().nullable(), problem: z.string().nullable() }),
      devices: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  ),
  'practice.start': method(
    z.strictObject({ source: practiceSourceSchema, goal: goalSchema }),
    practiceStateSchema,
  ),
  'practice.pause': method(noInput, practiceStateSchema),
  'practice.resume': method(noInput, practiceStateSchema),
  /** Stop and save: the reply comes once the recording and timeline are on disk. */
  'practice.stop': method(noInput, z.object({ sessionId: z.string().nullable() })),
  'practice.state': method(noInput, practiceStateSchema),

  /** Saved sessions, newest first. */
  'sessions.list': method(noInput, z.array(sessionSummarySchema)),
  'sessions.get': method(
    z.strictObject({ sessionId: z.string().min(1).max(100) }),
    z.object({
      summary: sessionSummarySchema,
      labels: z.array(z.string()),
      timeline: z.array(liveUpdateSchema),
      /** The recording, served like a clip's audio (peaks included). */
      media: mediaLocationSchema,
    }),
  ),
  'sessions.delete': method(z.strictObject({ sessionId: z.string().min(1).max(100) }), z.object({ deleted: z.boolean() })),
  /** A self-contained HTML report in the workspace's exports/ folder (print it to PDF). */
  'sessions.export': method(
    z.strictObject({ sessionId: z.string().min(1).max(100), format: z.enum(['html']) }),
    z.object({ path: z.string() }),
  ),
} as const;

export type MethodName = keyof typeof methods;
export type MethodInput<M extends MethodName> = z.input<(typeof methods)[M]['input']>;
export type MethodParams<M extends MethodName> = z.output<(typeof methods)[M]['input']>;
export type MethodResult<M extends MethodName> = z.output<(typeof methods)[M]['output']>;

export const events = {
  'import.progress': z.object({
    importId: z.string(),
    phase: z.enum(['scanning', 'reading']),
    done: z.number(),
    total: z.number(),
  }),
  'import.finished': importSummarySchema,
  'import.failed': z.object({ importId: z.string(), message: z.string() }),
  /** Another window or browser tab labelled a clip: views showing it refresh. */
  'labels.changed': z.object({ clipId: z.string(), event: labelEventSchema }),
  'settings.changed': settingsSchema,
  'engine.status': engineStatusSchema,
  'practice.update': liveUpdateSchema,
  'practice.state': practiceStateSchema,
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export type Clip = z.output<typeof clipSchema>;
export type LabelEvent = z.output<typeof labelEventSchema>;
export type WorkspaceSummary = z.output<typeof workspaceSummarySchema>;
export type ModelSummary = z.output<typeof modelSummarySchema>;
export type Prediction = z.output<typeof predictionSchema>;
export type EngineStatus = z.output<typeof engineStatusSchema>;
export type DirEntry = z.output<typeof dirEntrySchema>;
export type PracticeState = z.output<typeof practiceStateSchema>;
export type SessionSummary = z.output<typeof sessionSummarySchema>;
export type { LiveUpdate, Hint, GoalProfile } from '../training/practice/live-update.ts';
export type { SessionReport } from '../training/practice/report-schema.ts';
export type { Settings, SettingsPatch, HotkeyAction, Hotkeys } from './services/settings/schema.ts';
export type { ClipFilter } from './services/workspace/inputs.ts';

// Errors and the wire envelope shared by both transports

export const ERROR_CODES = [
  /** The params failed their schema; `field` names the first bad one. */
  'invalid-input',
  /** The method does not exist. */
  'unknown-method',
  /** A clip, import or folder that is not there. */
  'not-found',
  /** The request needs an open workspace. */
  'no-workspace',
  /** An audio file the back end cannot read; the message names the file. */
  'input-file',
  /** The active model is missing, damaged or made for another feature layout. */
  'model',
  /** This transport cannot do it (a native dialog in browser mode). */
  'unsupported',
  /** The ML engine is (re)starting or crashed; retrying later works. */
  'engine-unavailable',
  /** A bug: the message is for the log, the UI says something went wrong. */
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  field: z.string().optional(),
});
export type ContractErrorData = z.output<typeof errorSchema>;

/** The error every client throws for a failed request, whichever transport carried it. */
export class ContractError extends Error {
  override readonly name = 'ContractError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  toData(): ContractErrorData {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) };
  }
}

export const requestEnvelopeSchema = z.object({
  id: z.number().int().nonnegative(),
  method: z.string().max(100),
  params: z.unknown(),
});
export type RequestEnvelope = z.output<typeof requestEnvelopeSchema>;

export const replyEnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ id: z.number(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.number(), ok: z.literal(false), error: errorSchema }),
]);
export type ReplyEnvelope = z.output<typeof replyEnvelopeSchema>;

export const eventEnvelopeSchema = z.object({ event: z.string(), payload: z.unknown() });
export type EventEnvelope = z.output<typeof eventEnvelopeSchema>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

/** The API as the renderer sees it; `window.ser` (Electron) and the WebSocket client implement it. */
export interface SerApi {
  request<M extends MethodName>(method: M, params: MethodInput<M>): Promise<MethodResult<M>>;
  /** Subscribe to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
