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
import { evaluationSchema, foldResultSchema } from '../training/model/evaluation-schema.ts';
import { REVIEW_QUEUES } from './services/workspace/inputs.ts';

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

/** Majority over annotators' current labels (services/annotation/consensus.ts). */
const consensusSchema = z.object({
  label: labelSchema.nullable(),
  status: z.enum(['none', 'single', 'unanimous', 'majority', 'tie']),
  votes: z.number(),
  agreeing: z.number(),
  tied: z.array(labelSchema),
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
  /** Set for an out-of-fold prediction: the cross-validation fold whose model never heard this speaker. */
  fold: z.number().optional(),
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

// Review: predictions, agreement

const predictionRunSchema = z.object({
  state: z.enum(['running', 'finished', 'cancelled', 'failed']),
  modelDir: z.string(),
  done: z.number(),
  total: z.number(),
  /** Clips the engine could not read (their reasons are logged, the run goes on). */
  failed: z.number(),
  message: z.string().optional(),
});

const predictionStatusSchema = z.object({
  model: modelSummarySchema.nullable(),
  /** Clips the active model has scored (cached), of all clips in the workspace. */
  predicted: z.number(),
  total: z.number(),
  /** The current or last background run of this model. */
  run: predictionRunSchema.nullable(),
  /**
   * Speakers of this workspace the model was trained on, of all its speakers: on their clips
   * its answers are in-sample (optimistic), so its queues under-report doubtful labels.
   */
  seenSpeakers: z.number(),
  speakers: z.number(),
});

const cohenSchema = z.object({
  a: z.string(),
  b: z.string(),
  items: z.number(),
  observed: z.number(),
  expected: z.number(),
  kappa: z.number().nullable(),
  /** Rows: a's labels, columns: b's, over the report's categories. */
  confusion: z.array(z.array(z.number())),
});

const agreementReportSchema = z.object({
  annotators: z.array(z.string()),
  categories: z.array(z.string()),
  /** Clips labelled by two or more annotators. */
  items: z.number(),
  pairs: z.array(cohenSchema),
  fleiss: z.object({
    items: z.number(),
    observed: z.number(),
    expected: z.number(),
    kappa: z.number().nullable(),
    perCategory: z.array(z.object({ category: z.string(), proportion: z.number(), kappa: z.number().nullable() })),
  }),
  krippendorff: z.object({
    alpha: z.number().nullable(),
    pairableValues: z.number(),
    units: z.number(),
    coincidence: z.array(z.array(z.number())),
  }),
  perClass: z.array(
    z.object({
      category: z.string(),
      values: z.number(),
      specificAgreement: z.number().nullable(),
      fleissKappa: z.number().nullable(),
    }),
  ),
});

// Training from the app

const architectureSchema = z.enum(['cnn', 'stats-mlp']);
const modelNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, {
  error: 'must be 1–100 letters, digits, ".", "_" or "-", starting with a letter or digit',
});

const trainingSelectionSchema = z.strictObject({
  /** Only clips of these datasets (all when absent or empty). */
  datasets: z.array(datasetSchema).max(20).optional(),
  /** Only clips of these speakers (all when absent or empty). */
  speakers: z.array(z.string().min(1).max(200)).max(5000).optional(),
  /**
   * current: each clip's current label (anyone's latest), else the corpus's own label;
   * consensus: the annotators' majority label, else the corpus's own; ties are left out.
   */
  labelSource: z.enum(['current', 'consensus']),
  /** Only clips some annotator labelled (the corpus's own labels alone are not enough). */
  onlyReviewed: z.boolean(),
});

const trainingPreviewSchema = z.object({
  clips: z.number(),
  speakers: z.number(),
  byLabel: z.record(z.string(), z.number()),
  /** Clips left out: cleared labels, unresolved ties, or not reviewed when only reviewed ones count. */
  excluded: z.object({ cleared: z.number(), unresolved: z.number(), unreviewed: z.number() }),
  /** Relabelled clips whose training label differs from the corpus's own. */
  relabeled: z.number(),
  /** Why this selection cannot be trained (too few speakers or labels), or null. */
  problem: z.string().nullable(),
});

const trainingJobSchema = z.object({
  jobId: z.string(),
  name: z.string(),
  state: z.enum(['running', 'finished', 'failed', 'cancelled']),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  config: z.object({ architecture: architectureSchema, epochs: z.number(), folds: z.number() }),
  selection: z.object({ clips: z.number(), speakers: z.number() }),
  /** Feature extraction progress (the first phase). */
  features: z.object({ done: z.number(), total: z.number() }).nullable(),
  /** Every epoch so far of every run ("fold 1/3", …, "final model"): the curves. */
  epochs: z.array(
    z.object({
      run: z.string(),
      epoch: z.number(),
      maxEpochs: z.number(),
      loss: z.number(),
      acc: z.number(),
      valUar: z.number().optional(),
    }),
  ),
  folds: z.array(foldResultSchema),
  etaSec: z.number().optional(),
  /** Why it failed, or what was cancelled. */
  message: z.string().optional(),
  /** The saved model folder, once finished. */
  modelDir: z.string().optional(),
});

const modelDetailSchema = z.object({
  summary: modelSummarySchema,
  architecture: z.string(),
  created: z.string(),
  dataLicense: z.string(),
  training: z.object({
    datasets: z.array(z.string()),
    speakers: z.number(),
    clipCount: z.number(),
    epochs: z.number(),
    durationSec: z.number().optional(),
  }),
  evaluation: z
    .object({
      protocol: z.string(),
      folds: z.array(foldResultSchema),
      meanUar: z.number(),
      stdUar: z.number(),
      pooled: evaluationSchema,
    })
    .nullable(),
  /** Whether per-clip out-of-fold predictions exist, so confusion cells can list their clips. */
  hasOutOfFold: z.boolean(),
});

// First run and diagnostics (issue 6)

/** One thing `app.diagnostics` checked (training/doctor.ts, plus the app's own checks). */
const diagnosticCheckSchema = z.object({
  name: z.string(),
  ok: z.boolean(),
  detail: z.string(),
  /** What to do about it, when there is something to do. */
  fix: z.string().optional(),
});

const diagnosticsSchema = z.object({
  /** The ML backend the engine runs on and why; null while the engine is not ready (see the checks). */
  backend: z
    .object({
      name: z.string(),
      /** The backend, its device or mode, and why each faster one was skipped, in one line. */
      summary: z.string(),
      /** Why each faster backend was skipped ("@tensorflow/tfjs-node-gpu not installed", "CUDA runtime not found: …"). */
      reasons: z.array(z.string()),
      /** The GPU it runs on, when it runs on one. */
      device: z.string().optional(),
    })
    .nullable(),
  engine: engineStatusSchema,
  checks: z.array(diagnosticCheckSchema),
  /** SER Studio, Node, Electron, tfjs …, in the order to show them. */
  versions: z.array(z.object({ name: z.string(), version: z.string() })),
  platform: z.string(),
});

/** Why a microphone test has no usable recording, or what is wrong with the one it made. */
export const MICROPHONE_PROBLEMS = [
  'recorder-missing',
  'audio-server',
  'no-device',
  'busy',
  'permission',
  'recorder-failed',
  'no-audio',
  'silent',
  'too-quiet',
  'clipped',
] as const;

const microphoneTestSchema = z.object({
  /** The recording, served by the media routes like a session recording; null when nothing was recorded. */
  audioUrl: z.string().nullable(),
  durationSec: z.number(),
  /** Level of the whole recording in dBFS (−100 stands for silence). */
  rmsDb: z.number(),
  peakDb: z.number(),
  /** Some samples reached full scale: the input is too loud. */
  clipped: z.boolean(),
  /** What went wrong and what to do, or null when the recording sounds usable. */
  problem: z.object({ kind: z.enum(MICROPHONE_PROBLEMS), message: z.string() }).nullable(),
});

export const DATASET_IDS = ['ravdess-speech'] as const;
const datasetIdSchema = z.enum(DATASET_IDS);

/** The corpus download's error codes (services/datasets/download-error.ts). */
export const DATASET_ERROR_CODES = ['network', 'server', 'metadata', 'checksum', 'archive', 'disk', 'aborted', 'busy', 'import'] as const;

/** A corpus download into the open workspace, as the UI shows it: its last known state. */
const datasetDownloadSchema = z.object({
  id: datasetIdSchema,
  /**
   * idle: never started, or an earlier run's partial file waits (partialBytes); running;
   * cancelled (the partial file is kept: a new download resumes it); failed (message);
   * done: extracted, verified, and its import started (importId).
   */
  state: z.enum(['idle', 'running', 'cancelled', 'failed', 'done']),
  /** While running: looking up the record, downloading, checking the checksum, extracting, starting the import. */
  phase: z.enum(['metadata', 'downloading', 'verifying', 'extracting', 'importing']).nullable(),
  receivedBytes: z.number(),
  totalBytes: z.number().nullable(),
  /** Recent download speed and the time left at that speed, once measurable. */
  bytesPerSec: z.number().nullable(),
  etaSec: z.number().nullable(),
  entriesDone: z.number().nullable(),
  entriesTotal: z.number().nullable(),
  /** Bytes an interrupted download left on disk; the next download continues from them. */
  partialBytes: z.number(),
  /** The extracted corpus folder, once it exists. */
  corpusDir: z.string().nullable(),
  importId: z.string().nullable(),
  /** Why it failed or that it was cancelled, in words to show. */
  message: z.string().nullable(),
  errorCode: z.enum(DATASET_ERROR_CODES).nullable(),
});

const datasetCatalogEntrySchema = z.object({
  id: datasetIdSchema,
  title: z.string(),
  /** The size to show before Zenodo has been asked. */
  approxBytes: z.number(),
  license: z.object({
    name: z.string(),
    url: z.string(),
    summary: z.string(),
    /** The full licence notice (markdown), shown before the user agrees. */
    notice: z.string(),
  }),
  citation: z.string(),
  doi: z.string(),
  homepage: z.string(),
  download: datasetDownloadSchema,
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
      /** Every annotator's own current event, by annotator name. */
      annotators: z.array(labelEventSchema),
      consensus: consensusSchema,
    }),
  ),
  /** The active model's probabilities for a clip (from the engine); null without a model. */
  'clips.predict': method(
    z.strictObject({
      clipId: clipIdSchema,
      /**
       * Instead of the active model's answer, this model's out-of-fold prediction (what its
       * cross-validation confusion matrix counted); null when the clip was not in its training.
       */
      outOfFoldOf: absoluteDirSchema.optional(),
    }),
    predictionSchema.nullable(),
  ),

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
      /**
       * current: anyone's latest label per clip; history: every event; consensus: the
       * majority label per clip with its status; annotators: one column per annotator.
       */
      scope: z.enum(['current', 'history', 'consensus', 'annotators']),
    }),
    z.object({ path: z.string() }),
  ),
  /** Inter-annotator agreement over clips labelled by two or more annotators. */
  'labels.agreement': method(noInput, agreementReportSchema),

  /** How far the active model's predictions cover the workspace, and the background run. */
  'predictions.status': method(noInput, predictionStatusSchema),
  /** Predict every clip the active model has not scored yet, in the engine; progress as predictions.progress. */
  'predictions.run': method(noInput, predictionStatusSchema),
  'predictions.cancel': method(noInput, z.object({ cancelled: z.boolean() })),

  'settings.get': method(noInput, settingsSchema),
  'settings.update': method(settingsPatchSchema, settingsSchema),
  'settings.resetHotkeys': method(noInput, settingsSchema),

  'models.list': method(
    noInput,
    z.object({ active: modelSummarySchema.nullable(), models: z.array(modelSummarySchema) }),
  ),
  /** A model's training facts and speaker-independent evaluation. */
  'models.get': method(z.strictObject({ dir: absoluteDirSchema }), modelDetailSchema),
  /**
   * The workspace clips in one cell of a model's cross-validation confusion matrix (their
   * out-of-fold predictions), most confident first; `missing` counts those not in this workspace.
   */
  'models.cellClips': method(
    z.strictObject({ dir: absoluteDirSchema, truth: labelSchema, predicted: labelSchema }),
    z.object({ clipIds: z.array(z.string()), missing: z.number() }),
  ),

  /** What the Train view offers to pick from. */
  'training.options': method(
    noInput,
    z.object({
      datasets: z.array(z.object({ dataset: datasetSchema, clips: z.number() })),
      speakers: z.array(
        z.object({ speaker: z.string(), dataset: datasetSchema, gender: z.enum(['male', 'female']).optional(), clips: z.number() }),
      ),
      defaults: z.object({ architecture: architectureSchema, epochs: z.number(), folds: z.number() }),
    }),
  ),
  /** The training set a selection gives, before starting: counts and whether it can be trained. */
  'training.preview': method(
    trainingSelectionSchema.extend({
      /** The folds the run would use (the speaker minimum depends on them); 5 when absent. */
      folds: z.number().int().min(2).max(10).optional(),
    }),
    trainingPreviewSchema,
  ),
  'training.start': method(
    z.strictObject({
      selection: trainingSelectionSchema,
      architecture: architectureSchema,
      epochs: z.number().int().min(1).max(200),
      folds: z.number().int().min(2).max(10),
      /** The model folder's name under the workspace's models/; generated when absent. */
      name: modelNameSchema.optional(),
    }),
    trainingJobSchema,
  ),
  /** Stop the running job; nothing of its model is kept. */
  'training.cancel': method(noInput, z.object({ cancelled: z.boolean() })),
  /** The running or last job of this session (the view redraws its curves from it). */
  'training.state': method(noInput, z.object({ job: trainingJobSchema.nullable() })),
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

  // First run and diagnostics (issue 6)
  /** What this machine offers (ML backend and why, GPU, recorder, ffmpeg, versions), each missing piece with its fix. */
  'app.diagnostics': method(noInput, diagnosticsSchema),
  /**
   * Records a short clip through practice mode's recorder (microphone.level events while it
   * records) and returns it with its levels; a recorder that fails is a `problem`, not an error.
   */
  'microphone.test': method(
    z.strictObject({
      /** As listed by practice.devices; null for the system default input. */
      device: z.string().min(1).max(200).nullable(),
      seconds: z.number().min(0.5).max(5),
    }),
    microphoneTestSchema,
  ),
  /** The corpora the app can download, their licences, and their download state in the open workspace. */
  'datasets.catalog': method(
    noInput,
    z.object({
      /** Where downloads go (`<workspace>/datasets`); null without an open workspace. */
      destinationDir: z.string().nullable(),
      corpora: z.array(datasetCatalogEntrySchema),
    }),
  ),
  /**
   * Starts (or resumes) downloading a corpus into the workspace; datasets.progress follows,
   * and once it is extracted and verified a normal import (import.* events) of its folder.
   */
  'datasets.download': method(z.strictObject({ id: datasetIdSchema }), datasetDownloadSchema),
  /** Stops a running download; the partial file is kept for the next datasets.download. */
  'datasets.cancel': method(z.strictObject({ id: datasetIdSchema }), z.object({ cancelled: z.boolean() })),
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
  'predictions.progress': predictionRunSchema,
  /** The training job changed (an epoch, a fold, the end): its whole state. */
  'training.update': trainingJobSchema,

  // First run and diagnostics (issue 6)
  /** The input level during microphone.test, about 10 times a second (dBFS over the last 100 ms). */
  'microphone.level': z.object({
    elapsedSec: z.number(),
    seconds: z.number(),
    rmsDb: z.number(),
    peakDb: z.number(),
  }),
  /** A corpus download changed (phase, bytes, end): its whole state. */
  'datasets.progress': datasetDownloadSchema,
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
export type Consensus = z.output<typeof consensusSchema>;
export type PredictionRun = z.output<typeof predictionRunSchema>;
export type PredictionStatus = z.output<typeof predictionStatusSchema>;
export type AgreementReport = z.output<typeof agreementReportSchema>;
export type TrainingSelection = z.output<typeof trainingSelectionSchema>;
export type TrainingPreview = z.output<typeof trainingPreviewSchema>;
export type TrainingJob = z.output<typeof trainingJobSchema>;
export type ModelDetail = z.output<typeof modelDetailSchema>;
export type ReviewQueue = (typeof REVIEW_QUEUES)[number];
// First run and diagnostics (issue 6)
export type Diagnostics = z.output<typeof diagnosticsSchema>;
export type DiagnosticCheck = z.output<typeof diagnosticCheckSchema>;
export type MicrophoneTest = z.output<typeof microphoneTestSchema>;
export type MicrophoneProblem = (typeof MICROPHONE_PROBLEMS)[number];
export type DatasetId = (typeof DATASET_IDS)[number];
export type DatasetDownload = z.output<typeof datasetDownloadSchema>;
export type DatasetCatalogEntry = z.output<typeof datasetCatalogEntrySchema>;
export { REVIEW_QUEUES };
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
