/**
 * The back end as both transports see it: a dispatcher for contract requests, an event
 * hub, and the media handler for audio, peaks and spectrograms. Electron (main.ts) and
 * browser mode (browser-mode.ts) build one each and differ only in options.
 */
import { existsSync } from 'node:fs';
import { describeError } from '../../training/errors.ts';
import type { EngineClient } from '../engine/engine-client.ts';
import { createDispatcher } from '../rpc/dispatch.ts';
import type { Dispatcher } from '../rpc/dispatch.ts';
import { EventHub } from '../rpc/event-hub.ts';
import { createMediaHandler } from '../services/media/media-routes.ts';
import { SessionRecordings } from '../services/practice/session-recordings.ts';
import type { SettingsStore } from '../services/settings/settings-store.ts';
import type { BackendContext } from './context.ts';
import { appHandlers } from './handlers/app-handlers.ts';
import { clipHandlers } from './handlers/clip-handlers.ts';
import { datasetHandlers } from './handlers/dataset-handlers.ts';
import { diagnosticsHandlers } from './handlers/diagnostics-handlers.ts';
import { firstRunHandlers } from './handlers/first-run-handlers.ts';
import { importHandlers } from './handlers/import-handlers.ts';
import { labelHandlers } from './handlers/label-handlers.ts';
import { modelHandlers } from './handlers/model-handlers.ts';
import { practiceHandlers } from './handlers/practice-handlers.ts';
import { predictionHandlers } from './handlers/prediction-handlers.ts';
import { trainingHandlers } from './handlers/training-handlers.ts';
import { PredictionRunner } from './prediction-runner.ts';
import { TrainingService } from './training-service.ts';
import { sessionHandlers } from './handlers/session-handlers.ts';
import { WorkspaceHolder } from './workspace-holder.ts';

export interface BackendOptions {
  mode: 'electron' | 'browser';
  settings: SettingsStore;
  engine: EngineClient;
  /** Base URL the renderer uses for /media/... URLs: '' in browser mode (same origin), 'ser-media://app' in Electron. */
  mediaBaseUrl: string;
  /** Electron only: the system folder dialog. */
  pickFolder?: (title?: string) => Promise<string | null>;
  /** Open this workspace at start (else the most recent one, if it still exists). */
  workspaceDir?: string;
  log: (message: string) => void;
}

export interface Backend {
  dispatcher: Dispatcher;
  events: EventHub;
  /** Serves /media/audio|peaks|spectrogram/<clipId> (web Request → Response, HTTP Range supported); session recordings too, by their sha256. */
  media(request: Request): Promise<Response>;
  /** Resolves when no import is running (shutdown waits for it; tests use it). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

function openInitialWorkspace(ctx: BackendContext, requested: string | undefined): void {
  const dir = requested ?? ctx.settings.get().recentWorkspaces.find((d) => existsSync(d));
  if (dir === undefined) return;
  try {
    ctx.workspace.open(dir);
    ctx.settings.addRecentWorkspace(ctx.workspace.require().paths.root);
    ctx.log(`workspace opened: ${dir}`);
  } catch (error) {
    if (requested !== undefined) throw error;
    ctx.log(`could not reopen the last workspace: ${describeError(error)}`);
  }
}

export async function createBackend(options: BackendOptions): Promise<Backend> {
  const events = new EventHub();
  const ctx: BackendContext = {
    mode: options.mode,
    workspace: new WorkspaceHolder(),
    settings: options.settings,
    engine: options.engine,
    events,
    mediaBaseUrl: options.mediaBaseUrl,
    pickFolder: options.pickFolder,
    log: options.log,
  };
  openInitialWorkspace(ctx, options.workspaceDir);

  const imports = importHandlers(ctx);
  const recordings = new SessionRecordings();
  const practice = practiceHandlers(ctx, { recordings });
  // First run and diagnostics (issue 6): downloads end in a normal import (same handler, same events).
  const firstRun = firstRunHandlers(ctx, { practice: practice.service });
  const datasets = datasetHandlers(ctx, { startImport: imports['import.start'] });
  const predictions = new PredictionRunner({
    engine: options.engine,
    onProgress: (run) => events.emit('predictions.progress', run),
    log: options.log,
  });
  const training = new TrainingService({
    engine: options.engine,
    onUpdate: (job) => events.emit('training.update', job),
    log: options.log,
  });
  const dispatcher = createDispatcher(
    {
      ...appHandlers(ctx),
      ...clipHandlers(ctx),
      'import.start': imports['import.start'],
      'import.problems': imports['import.problems'],
      ...labelHandlers(ctx),
      ...modelHandlers(ctx),
      ...predictionHandlers(ctx, predictions),
      ...trainingHandlers(ctx, training),
      ...practice.handlers,
      ...sessionHandlers(ctx, { practice: practice.service, recordings }),
      ...firstRun.handlers,
      ...datasets.handlers,
      ...diagnosticsHandlers(ctx),
    },
    (method, error) => options.log(`${method} failed: ${error instanceof Error ? error.stack : String(error)}`),
  );

  const unsubscribers = [
    options.settings.onChange((settings) => events.emit('settings.changed', settings)),
    options.engine.on('status', (status) => events.emit('engine.status', status)),
  ];

  const media = createMediaHandler({
    // A clip, or a practice session's recording (named by its audio's sha256 the same way).
    resolveClip: (clipId) => {
      // A first-run microphone test's recording needs no workspace.
      const micTest = firstRun.tester.find(clipId);
      if (micTest !== undefined) return { clipId, path: micTest };
      const store = ctx.workspace.current;
      if (store === undefined) return undefined;
      const audioPath = store.getClip(clipId)?.path ?? recordings.find(store, clipId);
      return audioPath === undefined ? undefined : { clipId, path: audioPath };
    },
    cacheDir: () => ctx.workspace.current?.paths.cache,
  });

  return {
    dispatcher,
    events,
    media,
    idle: async () => {
      await imports.idle();
      await predictions.idle();
    },
    async close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      training.close();
      predictions.cancel();
      await practice.service.close();
      await firstRun.tester.close();
      await datasets.downloads.close();
      await imports.idle();
      await predictions.idle();
      ctx.workspace.close();
    },
  };
}
