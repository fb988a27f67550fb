/**
 * Child process of the durability test: opens the workspace in argv[2] and appends label
 * events for run argv[3] in a tight loop, writing "<event id> <i>\n" to stdout after each
 * append returns, i.e. after the store acknowledged it. The parent kills it with SIGKILL
 * mid-burst and checks that every acknowledged event survived.
 */
import { writeSync } from 'node:fs';
import { WorkspaceStore } from '../../electron/services/workspace/store.ts';
import { burstInput } from './workspace-burst.ts';

/** A ceiling so an orphaned child cannot run forever. */
const MAX_EVENTS = 100_000;

const [dir, runArg] = process.argv.slice(2);
if (dir === undefined || runArg === undefined) {
  process.stderr.write('usage: workspace-label-burst.ts WORKSPACE_DIR RUN\n');
  process.exit(2);
}
const run = Number(runArg);
const store = WorkspaceStore.open(dir);
const clipIds = store.listClips({ offset: 0, limit: 1000 }).rows.map((row) => row.id);
for (let i = 0; i < MAX_EVENTS; i++) {
  const event = store.appendLabel(burstInput(run, i, clipIds));
  // Synchronous, so the ack is written only after the commit and before the next event.
  writeSync(1, `${event.id} ${i}\n`);
}
store.close();
