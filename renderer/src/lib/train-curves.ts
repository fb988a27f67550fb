/**
 * A training job as the Train view draws it while it runs: the per-epoch curves of every
 * run ("fold 1/3", …, "final model") aligned for uPlot, and the status line (phase, epoch,
 * ETA, finished folds). The job arrives whole on every training.update, so each of these is
 * a pure function of it and the view simply redraws.
 */
import type { TrainingJob } from '../../../electron/contract.ts';
import { formatLength } from './practice-format.ts';

export type EpochPoint = TrainingJob['epochs'][number];
export type CurveMetric = 'loss' | 'valUar';

/** The run the back end trains on every speaker after the folds (it has no validation speakers). */
export const FINAL_RUN = 'final model';

function foldNumber(run: string): number | null {
  const match = /^fold (\d+)\//.exec(run);
  return match ? Number(match[1]) : null;
}

/** Run names in drawing order: folds by number, anything unknown next, the final model last. */
export function runNames(epochs: readonly EpochPoint[]): string[] {
  const rank = (run: string) => foldNumber(run) ?? (run === FINAL_RUN ? Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER - 1);
  return [...new Set(epochs.map((e) => e.run))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The last epoch the x axis shows: the configured maximum, or more if a run planned more. */
export function epochAxisEnd(job: Pick<TrainingJob, 'config' | 'epochs'>): number {
  return Math.max(1, job.config.epochs, ...job.epochs.map((e) => Math.max(e.epoch, e.maxEpochs)));
}

/** uPlot's aligned data for one metric: x = epochs 1…end, one series per run (null where it has no value). */
export interface Curves {
  runs: string[];
  xs: number[];
  series: Array<Array<number | null>>;
}

/**
 * The curves of `metric`: training loss for every run, validation UAR only for runs that
 * have it (the final model has no validation speakers, so it has no such curve).
 */
export function curvesOf(epochs: readonly EpochPoint[], metric: CurveMetric, axisEnd: number): Curves {
  const valueOf = (e: EpochPoint) => (metric === 'loss' ? e.loss : e.valUar);
  const points = epochs.filter((e) => valueOf(e) !== undefined && Number.isFinite(valueOf(e)));
  const runs = runNames(points);
  const end = Math.max(axisEnd, ...points.map((e) => e.epoch));
  const xs = Array.from({ length: end }, (_, i) => i + 1);
  const series = runs.map(() => xs.map((): number | null => null));
  for (const point of points) {
    const value = valueOf(point);
    if (value === undefined || point.epoch < 1) continue;
    series[runs.indexOf(point.run)][point.epoch - 1] = value;
  }
  return { runs, xs, series };
}

/** The latest epoch of each run, in drawing order. */
export function latestEpochs(epochs: readonly EpochPoint[]): EpochPoint[] {
  const latest = new Map<string, EpochPoint>();
  for (const e of epochs) {
    const seen = latest.get(e.run);
    if (seen === undefined || e.epoch >= seen.epoch) latest.set(e.run, e);
  }
  return runNames(epochs).map((run) => latest.get(run) as EpochPoint);
}

/** The runs still training: folds without a result yet, and the final model once it started. */
export function activeRuns(job: Pick<TrainingJob, 'state' | 'epochs' | 'folds'>): EpochPoint[] {
  if (job.state !== 'running') return [];
  const done = new Set(job.folds.map((f) => f.fold));
  const latest = latestEpochs(job.epochs);
  const final = latest.find((e) => e.run === FINAL_RUN);
  // Once the final model trains, every fold is over even if its result event is still on its way.
  if (final) return [final];
  return latest.filter((e) => {
    const fold = foldNumber(e.run);
    return fold === null || !done.has(fold);
  });
}

/** "about 40 s", "about 3 min", "about 1 h 5 min"; seconds under 5 read as "a few seconds". */
export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 5) return 'a few seconds';
  if (seconds < 60) return `about ${Math.round(seconds / 5) * 5} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `about ${h} h` : `about ${h} h ${m} min`;
}

/** The job's phase in one line: features n/m, the runs training with their epochs and ETA, or how it ended. */
export function jobStatus(job: TrainingJob): string {
  if (job.state === 'finished') {
    const took = job.endedAt ? ` in ${formatLength((Date.parse(job.endedAt) - Date.parse(job.startedAt)) / 1000)}` : '';
    return `Finished${took}: ${job.folds.length} folds and the final model.`;
  }
  if (job.state === 'cancelled') return job.message ?? 'Training was cancelled; no model was saved.';
  if (job.state === 'failed') return `Training failed: ${job.message ?? 'no reason was given.'}`;
  const active = activeRuns(job);
  if (active.length === 0) {
    if (job.epochs.length > 0 || job.folds.length > 0) {
      // Between runs: a fold ended and the next has not reported its first epoch yet.
      return job.folds.length < job.config.folds
        ? `${job.folds.length} of ${job.config.folds} folds done; starting the next fold…`
        : `All ${job.config.folds} folds done; starting the final model…`;
    }
    if (job.features && job.features.done < job.features.total) {
      return `Extracting features: ${job.features.done.toLocaleString('en-US')} / ${job.features.total.toLocaleString('en-US')} clips`;
    }
    return job.features ? 'Features ready; starting the folds…' : 'Preparing the training set…';
  }
  const runs = active.map((e) => `${e.run} epoch ${e.epoch}/${e.maxEpochs}`).join(', ');
  const eta = job.etaSec !== undefined ? ` · ${formatEta(job.etaSec)} left in this run` : '';
  return `Training ${runs}${eta}`;
}

/**
 * How far the job is, 0…1, for the progress bar: the feature phase counts as one run, then
 * each fold and the final model as one each (a fold as its epochs over its maximum).
 */
export function jobProgress(job: TrainingJob): number {
  if (job.state === 'finished') return 1;
  const runs = job.config.folds + 2;
  const features = job.features && job.features.total > 0 ? job.features.done / job.features.total : job.epochs.length > 0 ? 1 : 0;
  const done = new Set(job.folds.map((f) => f.fold));
  let training = 0;
  for (const e of latestEpochs(job.epochs)) {
    const fold = foldNumber(e.run);
    training += fold !== null && done.has(fold) ? 1 : Math.min(1, e.epoch / Math.max(1, e.maxEpochs));
  }
  training += [...done].filter((fold) => !job.epochs.some((e) => foldNumber(e.run) === fold)).length;
  return Math.min(1, (features + training) / runs);
}

/**
 * Which of two states of jobs to show: a job started later replaces an older one; for the
 * same job, an ended state beats a running one and otherwise the one with more epochs and
 * folds wins, so a stale training.state reply never rolls back what events already showed.
 */
export function newerJob(current: TrainingJob | null, incoming: TrainingJob | null): TrainingJob | null {
  if (incoming === null) return current;
  if (current === null) return incoming;
  if (current.jobId !== incoming.jobId) return Date.parse(incoming.startedAt) >= Date.parse(current.startedAt) ? incoming : current;
  if (current.state !== 'running' && incoming.state === 'running') return current;
  if (incoming.state !== 'running') return incoming;
  const size = (job: TrainingJob) => job.epochs.length + job.folds.length + (job.features?.done ?? 0);
  return size(incoming) >= size(current) ? incoming : current;
}

/**
 * The theme colour (a custom property of app.css) of a run's line, by fold number so a fold
 * has the same colour in both charts whatever runs have started; the final model uses the
 * text colour and is drawn dashed.
 */
const RUN_COLOURS = ['--accent', '--label-happy', '--label-calm', '--label-fearful', '--label-surprised', '--label-disgust', '--label-angry', '--label-boredom', '--label-sad', '--label-neutral'];

export function runColourVar(run: string): string {
  if (run === FINAL_RUN) return '--text';
  const fold = foldNumber(run);
  return RUN_COLOURS[((fold ?? RUN_COLOURS.length) - 1) % RUN_COLOURS.length];
}
