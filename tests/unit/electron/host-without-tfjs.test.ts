/**
 * The host process (Electron's main process, browser mode's server) must never load tfjs:
 * the engine process owns it (DESIGN.md §1), so the window neither waits for the ML
 * runtime to load nor shares its memory. This loads the whole back end and records every
 * module it pulls in; a static import of training/model/backend.ts anywhere on the host's
 * path (as once crept in through the Diagnostics panel) makes it fail.
 */
import assert from 'node:assert/strict';
import { registerHooks } from 'node:module';
import { test } from 'node:test';

test('loading the back end loads no @tensorflow module', async () => {
  const loaded: string[] = [];
  registerHooks({
    load(url, context, nextLoad) {
      loaded.push(url);
      return nextLoad(url, context);
    },
  });
  await import('../../../electron/backend/backend.ts');
  await import('../../../electron/web-host.ts');
  assert.ok(loaded.some((url) => url.endsWith('/electron/backend/backend.ts')), 'the hook sees the back end load');
  assert.ok(loaded.some((url) => url.includes('/node_modules/zod/')), 'the hook sees packages load');
  const tfjs = loaded.filter((url) => url.includes('/@tensorflow/'));
  assert.deepEqual(tfjs.slice(0, 3), [], 'no tfjs module on the host');
});
