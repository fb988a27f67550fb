/** predictions.*: the active model's coverage of the workspace and the background run. */
import { ContractError } from '../../contract.ts';
import type { PredictionStatus } from '../../contract.ts';
import type { Handlers } from '../../rpc/dispatch.ts';
import type { BackendContext } from '../context.ts';
import type { PredictionRunner } from '../prediction-runner.ts';
import { activeModel } from '../model-catalog.ts';

type PredictionHandlers = Pick<Handlers, 'predictions.status' | 'predictions.run' | 'predictions.cancel'>;

export function predictionHandlers(ctx: BackendContext, runner: PredictionRunner): PredictionHandlers {
  async function status(start: boolean): Promise<PredictionStatus> {
    const store = ctx.workspace.require();
    const model = await activeModel(ctx.settings.get().activeModel);
    const { speakers } = store.facets();
    if (model === undefined) {
      if (start) throw new ContractError('model', 'There is no usable model to predict with: train one or pick one in Settings.');
      return { model: null, predicted: 0, total: store.clipCount(), run: null, seenSpeakers: 0, speakers: speakers.length };
    }
    const run = start ? runner.start(store, model) : runner.lastRun(model.dir);
    const trainedOn = new Set(model.metadata.training.speakers);
    return {
      model: model.summary,
      predicted: store.countPredictions(model.key),
      total: store.clipCount(),
      run,
      seenSpeakers: speakers.filter((s) => trainedOn.has(s)).length,
      speakers: speakers.length,
    };
  }
  return {
    'predictions.status': () => status(false),
    'predictions.run': () => status(true),
    'predictions.cancel': () => ({ cancelled: runner.cancel() }),
  };
}
