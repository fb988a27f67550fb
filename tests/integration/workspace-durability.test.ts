/**
 * Kill -9 durability of the workspace store (DESIGN.md §7): a child appends label events
 * as fast as it can and acknowledges each on stdout; the parent SIGKILLs it mid-burst,
 * reopens the workspace and requires every acknowledged event, with its content, and an
 * intact database. (A power cut cannot be simulated here; synchronous=FULL is what covers
 * it, and the unit tests check that pragma.)
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { WorkspaceStore } from '../../electron/services/workspace/store.ts';
import type { LabelEvent } from '../../electron/services/workspace/types.ts';
import { burstAnnotator, burstInput } from '../helpers/workspace-burst.ts';
import { createHash } from 'node:crypto';

const CHILD = fileURLToPath(new URL('../helpers/workspace-label-burst.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
const RUNS = 4;
const CHILD_TIMEOUT_MS = 60_000;

interface Ack {
  id: number;
  i: number;
}

/**
 * Run the burst child until it has acknowledged `killAfter` events, SIGKILL it, and return
 * every complete ack line it wrote (a line cut by the kill is not an ack).
 */
function burstAndKill(
  dir: string,
  run: number,
  killAfter: number,
): Promise<{ acks: Ack[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, CHILD, dir, String(run)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `burst child gave ${stdout.split('\n').length - 1} acks in ${CHILD_TIMEOUT_MS} ms; stderr: ${stderr}`,
        ),
      );
    }, CHILD_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!killed && stdout.split('\n').length - 1 >= killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (!killed) {
        reject(
          new Error(`burst child exited (code ${code}) before it was killed; stderr: ${stderr}`),
        );
        return;
      }
      const lines = stdout.split('\n').slice(0, -1);
      resolve({
        signal,
        acks: lines.map((line) => {
          const [id, i] = line.split(' ').map(Number);
          return { id, i };
        }),
      });
    });
  });
}

function pragmaRows(db: DatabaseSync, pragma: string): unknown[] {
  return db
    .prepare(`PRAGMA ${pragma}`)
    .all()
    .map((row) => Object.values(row)[0]);
}

test('every acknowledged label event survives SIGKILL mid-burst, repeatedly', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ser-durability-'));
  t.after(() => rm(dir, { recursive: true, force: true }));

  const setup = WorkspaceStore.open(dir);
  const { id: importId } = setup.startImport({ sourceDir: '/corpus', format: 'folder' });
  const clips = Array.from({ length: 7 }, (_, i) => ({
    path: `/corpus/clip-${i}.wav`,
    dataset: 'folder' as const,
    speaker: 'folder-a',
    label: 'neutral' as const,
    sha256: createHash('sha256').update(`durability ${i}`).digest('hex'),
    durationSec: 2,
    sampleRate: 16000,
    channels: 1,
  }));
  setup.addClips(clips, importId);
  // The child lists clips by path; so does the parent, to predict each event's clip.
  const clipIds = setup.listClips({ offset: 0, limit: 1000 }).rows.map((row) => row.id);
  setup.close();

  for (let run = 0; run < RUNS; run++) {
    const killAfter = 150 + 90 * run;
    const { acks, signal } = await burstAndKill(dir, run, killAfter);
    assert.equal(signal, 'SIGKILL', `run ${run}: the child died by SIGKILL`);
    assert.ok(acks.length >= killAfter, `run ${run}: ${acks.length} acks before the kill`);
    assert.deepEqual(
      acks.map((a) => a.i),
      acks.map((_, index) => index),
      'acks arrive in order, none cut in the middle',
    );

    const store = WorkspaceStore.open(dir);
    try {
      const byId = new Map<number, LabelEvent>();
      for (const clipId of clipIds)
        for (const event of store.clipHistory(clipId)) byId.set(event.id, event);
      for (const ack of acks) {
        const event = byId.get(ack.id);
        assert.ok(event, `run ${run}: acknowledged event ${ack.id} (#${ack.i}) is stored`);
        const input = burstInput(run, ack.i, clipIds);
        assert.deepEqual(
          {
            clipId: event.clipId,
            annotator: event.annotator,
            label: event.label,
            note: event.note,
            flags: event.flags,
            intensity: event.intensity,
          },
          {
            clipId: input.clipId,
            annotator: input.annotator,
            label: input.label,
            note: input.note,
            flags: input.flags,
            intensity: input.intensity,
          },
          `run ${run}: event ${ack.id} has the content acknowledged as #${ack.i}`,
        );
      }
      const stored = [...byId.values()].filter((e) => e.annotator === burstAnnotator(run));
      assert.ok(
        stored.length === acks.length || stored.length === acks.length + 1,
        `run ${run}: ${stored.length} stored for ${acks.length} acks (at most one committed but unacknowledged)`,
      );
      // The derived current labels agree with the last stored event per clip.
      const lastPerClip = new Map(stored.map((e) => [e.clipId, e.label]));
      const current = store.currentLabels(burstAnnotator(run));
      assert.deepEqual(new Map(current.map((e) => [e.clipId, e.label])), lastPerClip);
    } finally {
      store.close();
    }

    const db = new DatabaseSync(path.join(dir, 'workspace.db'));
    try {
      assert.deepEqual(pragmaRows(db, 'integrity_check'), ['ok'], `run ${run}: integrity_check`);
      assert.deepEqual(pragmaRows(db, 'foreign_key_check'), [], `run ${run}: foreign_key_check`);
    } finally {
      db.close();
    }
  }
});
