/**
 * The Train view's "pick the clips" form: which datasets, speakers, label source and model
 * settings, how they become a training.preview / training.start request, and why Start is
 * not possible yet. Pure, so every rule is tested without a back end.
 */
import type { MethodInput, MethodResult, TrainingPreview, TrainingSelection } from '../../../electron/contract.ts';
import { datasetName } from './library-format.ts';

export type TrainingOptions = MethodResult<'training.options'>;
export type Architecture = TrainingOptions['defaults']['architecture'];
export type TrainingDataset = TrainingOptions['datasets'][number]['dataset'];
export type SpeakerOption = TrainingOptions['speakers'][number];
export type StartRequest = MethodInput<'training.start'>;
export type PreviewRequest = MethodInput<'training.preview'>;

/** The model types, in the order the form lists them. */
export const ARCHITECTURES: ReadonlyArray<{ value: Architecture; name: string; blurb: string }> = [
  { value: 'cnn', name: '1-D CNN (default)', blurb: 'Convolutions over time on log-mel frames; the model the app ships.' },
  { value: 'stats-mlp', name: 'Statistics MLP (baseline)', blurb: 'A small network on per-clip feature statistics: quick, a floor to beat.' },
];

/** The limits training.start accepts (contract.ts); the form says them before the back end has to. */
export const EPOCH_RANGE = [1, 200] as const;
export const FOLD_RANGE = [2, 10] as const;
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export interface TrainForm {
  /** Chosen datasets; every one offered means "all". */
  datasets: TrainingDataset[];
  /** Chosen speakers (of the chosen datasets); every one offered means "all". */
  speakers: string[];
  labelSource: TrainingSelection['labelSource'];
  onlyReviewed: boolean;
  architecture: Architecture;
  /** As typed, so a half-typed number is not lost. */
  epochs: string;
  folds: string;
  /** Empty: the back end names the model (architecture and time). */
  name: string;
}

/** Everything chosen, with the back end's default model settings. */
export function initialForm(options: TrainingOptions): TrainForm {
  return {
    datasets: options.datasets.map((d) => d.dataset),
    speakers: options.speakers.map((s) => s.speaker),
    labelSource: 'current',
    onlyReviewed: false,
    architecture: options.defaults.architecture,
    epochs: String(options.defaults.epochs),
    folds: String(options.defaults.folds),
    name: '',
  };
}

/** What the options offered when a form was put away: how `restoreForm` tells new clips from unchosen ones. */
export interface Offered {
  datasets: string[];
  speakers: string[];
}

export function offeredBy(options: TrainingOptions): Offered {
  return { datasets: options.datasets.map((d) => d.dataset), speakers: options.speakers.map((s) => s.speaker) };
}

/**
 * A form kept from an earlier visit, against today's options: datasets and speakers that
 * were not offered then (imported since) start chosen, as in a fresh form; what the user
 * unchecked stays unchecked.
 */
export function restoreForm(saved: TrainForm, then: Offered, options: TrainingOptions): TrainForm {
  const added = <T extends string>(now: readonly T[], before: readonly string[]) => now.filter((x) => !before.includes(x));
  return {
    ...saved,
    datasets: [...new Set([...saved.datasets, ...added(options.datasets.map((d) => d.dataset), then.datasets)])],
    speakers: [...new Set([...saved.speakers, ...added(offeredBy(options).speakers, then.speakers)])],
  };
}

export interface SpeakerGroup {
  dataset: TrainingDataset;
  name: string;
  speakers: SpeakerOption[];
}

/** The speakers of the chosen datasets, grouped by dataset (in the options' dataset order), each group sorted by name. */
export function speakerGroups(options: TrainingOptions, datasets: readonly TrainingDataset[]): SpeakerGroup[] {
  const chosen = new Set(datasets);
  return options.datasets
    .filter((d) => chosen.has(d.dataset))
    .map((d) => ({
      dataset: d.dataset,
      name: datasetName(d.dataset),
      speakers: options.speakers
        .filter((s) => s.dataset === d.dataset)
        .sort((a, b) => a.speaker.localeCompare(b.speaker, 'en', { numeric: true })),
    }))
    .filter((g) => g.speakers.length > 0);
}

/** The speaker names the chosen datasets offer (a name in two datasets counts once). */
export function offeredSpeakers(options: TrainingOptions, datasets: readonly TrainingDataset[]): string[] {
  return [...new Set(speakerGroups(options, datasets).flatMap((g) => g.speakers.map((s) => s.speaker)))];
}

/** `chosen` with `names` added (on) or removed (off), in a stable order. */
export function toggleAll(chosen: readonly string[], names: readonly string[], on: boolean): string[] {
  const set = new Set(chosen);
  for (const name of names) {
    if (on) set.add(name);
    else set.delete(name);
  }
  return [...set].sort();
}

/** "All 24 speakers", "12 of 24 speakers": the chosen ones among those offered. */
export function speakerSummary(chosen: readonly string[], offered: readonly string[]): string {
  const set = new Set(chosen);
  const count = offered.filter((s) => set.has(s)).length;
  if (offered.length === 0) return 'No speakers';
  if (count === offered.length) return `All ${offered.length} speakers`;
  return `${count} of ${offered.length} speakers`;
}

/**
 * The selection the form describes. "All" is sent as no filter, so a speaker imported
 * later is included; speakers of unchosen datasets are dropped. Null while the form
 * chooses nothing (an empty list would mean "all" to the back end).
 */
export function selectionOf(form: TrainForm, options: TrainingOptions): TrainingSelection | null {
  const allDatasets = options.datasets.map((d) => d.dataset);
  const datasets = allDatasets.filter((d) => form.datasets.includes(d));
  if (datasets.length === 0) return null;
  const offered = offeredSpeakers(options, datasets);
  const chosen = new Set(form.speakers);
  const speakers = offered.filter((s) => chosen.has(s));
  if (speakers.length === 0) return null;
  return {
    ...(datasets.length < allDatasets.length ? { datasets } : {}),
    ...(speakers.length < offered.length ? { speakers: speakers.sort() } : {}),
    labelSource: form.labelSource,
    onlyReviewed: form.onlyReviewed,
  };
}

/** A whole number typed into the form, or null when it is not one within [min, max]. */
export function parseWhole(text: string, [min, max]: readonly [number, number]): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}

/** What is wrong with the form itself (before asking the back end), or null. */
export function formProblem(form: TrainForm, options: TrainingOptions): string | null {
  if (options.datasets.length === 0) return 'The workspace has no clips yet: import a corpus in the Library first.';
  if (!options.datasets.some((d) => form.datasets.includes(d.dataset))) return 'Choose at least one dataset.';
  if (selectionOf(form, options) === null) return 'Choose at least one speaker.';
  if (parseWhole(form.epochs, EPOCH_RANGE) === null) return `Max epochs must be a whole number from ${EPOCH_RANGE[0]} to ${EPOCH_RANGE[1]}.`;
  if (parseWhole(form.folds, FOLD_RANGE) === null) return `Folds must be a whole number from ${FOLD_RANGE[0]} to ${FOLD_RANGE[1]}.`;
  const name = form.name.trim();
  if (name !== '' && !MODEL_NAME.test(name)) {
    return 'The model name may use letters, digits, ".", "_" and "-" (up to 100), starting with a letter or digit.';
  }
  return null;
}

/**
 * The training.preview request: the selection and the folds typed (the speakers needed
 * depend on them; the back end assumes its default while the field is not a valid number).
 */
export function previewRequest(form: TrainForm, options: TrainingOptions): PreviewRequest | null {
  const selection = selectionOf(form, options);
  if (selection === null) return null;
  const folds = parseWhole(form.folds, FOLD_RANGE);
  return folds === null ? selection : { ...selection, folds };
}

/** The training.start request the form describes, or null while the form has a problem. */
export function startRequest(form: TrainForm, options: TrainingOptions): StartRequest | null {
  const selection = selectionOf(form, options);
  const epochs = parseWhole(form.epochs, EPOCH_RANGE);
  const folds = parseWhole(form.folds, FOLD_RANGE);
  if (selection === null || epochs === null || folds === null || formProblem(form, options) !== null) return null;
  const name = form.name.trim();
  return { selection, architecture: form.architecture, epochs, folds, ...(name !== '' ? { name } : {}) };
}

export type PreviewState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; preview: TrainingPreview };

/** The blocker while the preview is on its way (the form shows its own "counting" note instead). */
export const COUNTING_CLIPS = 'Counting the clips…';

/**
 * Why Start cannot be pressed now, in words shown beside it; null when it can. The first
 * reason wins, most fundamental first.
 */
export function startBlocker(form: TrainForm, options: TrainingOptions, preview: PreviewState, running: boolean): string | null {
  if (running) return 'A training job is running: wait for it or cancel it.';
  const problem = formProblem(form, options);
  if (problem !== null) return problem;
  if (preview.kind === 'loading' || preview.kind === 'idle') return COUNTING_CLIPS;
  if (preview.kind === 'error') return `Could not count the clips: ${preview.message}`;
  return preview.preview.problem;
}

/** "1 clip", "12 clips". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Why clips were left out, one phrase per reason that applies. */
export function excludedReasons(preview: TrainingPreview): string[] {
  const { cleared, unresolved, unreviewed } = preview.excluded;
  const reasons: string[] = [];
  if (cleared > 0) reasons.push(`${plural(cleared, 'clip')} whose label an annotator cleared`);
  if (unresolved > 0) reasons.push(`${plural(unresolved, 'clip')} where annotators are tied`);
  if (unreviewed > 0) reasons.push(`${plural(unreviewed, 'clip')} nobody has reviewed`);
  return reasons;
}

/** The per-label counts, largest first (then by name), for the preview's label line. */
export function labelCounts(byLabel: TrainingPreview['byLabel']): Array<{ label: string; clips: number }> {
  return Object.entries(byLabel)
    .filter(([, clips]) => clips > 0)
    .map(([label, clips]) => ({ label, clips }))
    .sort((a, b) => b.clips - a.clips || a.label.localeCompare(b.label));
}

/**
 * A speaker's name inside its dataset's group: importers prefix speakers with the dataset
 * ("folder-enm1", "ravdess-03") so names never clash across corpora; under the group's
 * heading the prefix says nothing, and dropping it keeps the list narrow.
 */
export function speakerShortName(speaker: string, dataset: string): string {
  const prefix = `${dataset}-`;
  return speaker.startsWith(prefix) && speaker.length > prefix.length ? speaker.slice(prefix.length) : speaker;
}

/** Gender as the speaker list abbreviates it. */
export function genderMark(gender: SpeakerOption['gender']): string {
  return gender === 'female' ? 'F' : gender === 'male' ? 'M' : '';
}
