/** training.*: what can be picked, what a selection gives, and the job in the engine. */
import { DEFAULT_TRAIN_CONFIG } from '../../../training/train-config.ts';
import type { MethodResult } from '../../contract.ts';
import type { Handlers } from '../../rpc/dispatch.ts';
import { buildTrainingSet } from '../../services/training/training-set.ts';
import type { ClipRow } from '../../services/workspace/types.ts';
import type { BackendContext } from '../context.ts';
import type { TrainingService } from '../training-service.ts';

type TrainingHandlers = Pick<Handlers, 'training.options' | 'training.preview' | 'training.start' | 'training.cancel' | 'training.state'>;
type Options = MethodResult<'training.options'>;

/** Clip counts per dataset and per speaker, the choices the Train view lists. */
function trainingOptions(clips: readonly ClipRow[]): Options {
  const datasets = new Map<ClipRow['dataset'], number>();
  const speakers = new Map<string, Options['speakers'][number]>();
  for (const clip of clips) {
    datasets.set(clip.dataset, (datasets.get(clip.dataset) ?? 0) + 1);
    const speaker = speakers.get(clip.speaker) ?? {
      speaker: clip.speaker,
      dataset: clip.dataset,
      ...(clip.gender !== undefined ? { gender: clip.gender } : {}),
      clips: 0,
    };
    speaker.clips += 1;
    speakers.set(clip.speaker, speaker);
  }
  return {
    datasets: [...datasets].map(([dataset, n]) => ({ dataset, clips: n })).sort((a, b) => a.dataset.localeCompare(b.dataset)),
    speakers: [...speakers.values()].sort((a, b) => a.speaker.localeCompare(b.speaker)),
    defaults: { architecture: DEFAULT_TRAIN_CONFIG.architecture, epochs: DEFAULT_TRAIN_CONFIG.maxEpochs, folds: DEFAULT_TRAIN_CONFIG.folds },
  };
}

export function trainingHandlers(ctx: BackendContext, training: TrainingService): TrainingHandlers {
  return {
    'training.options': () => trainingOptions(ctx.workspace.require().allClips()),
    'training.preview': ({ folds, ...selection }) => {
      const store = ctx.workspace.require();
      return buildTrainingSet(store.allClips(), store.annotatorVotes(), selection, folds ?? DEFAULT_TRAIN_CONFIG.folds).preview;
    },
    'training.start': (params) => training.start(ctx.workspace.require(), params),
    'training.cancel': async () => ({ cancelled: await training.cancel() }),
    'training.state': () => ({ job: training.current() }),
  };
}
