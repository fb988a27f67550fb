/** Temporary workspaces and generated clips for the workspace store tests. */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { CANONICAL_LABELS } from '../../../training/datasets/labels.ts';
import type { NewClip } from '../../../electron/services/workspace/inputs.ts';
import { WorkspaceStore } from '../../../electron/services/workspace/store.ts';
import type { WorkspaceOptions } from '../../../electron/services/workspace/store.ts';

/** A fresh temporary folder, removed when the test ends. */
export async function tempDir(t: TestContext, prefix = 'ser-workspace-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A workspace in a fresh temporary folder, closed and removed when the test ends. */
export async function openTempWorkspace(
  t: TestContext,
  options: WorkspaceOptions = {},
): Promise<{ store: WorkspaceStore; dir: string }> {
  const dir = await tempDir(t);
  const store = WorkspaceStore.open(dir, options);
  t.after(() => store.close());
  return { store, dir };
}

/** The sha256 a generated clip's "audio" would have: distinct per content key. */
export function fakeSha256(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Clip number `i` of a generated corpus: 20 speakers, labels cycling through the canonical
 * set, durations varying, a RAVDESS-like name; `overrides` replaces any field.
 */
export function makeClip(i: number, overrides: Partial<NewClip> = {}): NewClip {
  const speaker = i % 20;
  return {
    path: `/corpus/speaker-${String(speaker).padStart(2, '0')}/clip-${String(i).padStart(5, '0')}.wav`,
    dataset: 'folder',
    speaker: `folder-${speaker}`,
    gender: speaker % 2 === 0 ? 'female' : 'male',
    label: CANONICAL_LABELS[i % CANONICAL_LABELS.length],
    statement: `s${i % 3}`,
    sha256: fakeSha256(`clip-${i}`),
    durationSec: 1 + (i % 17) / 10,
    sampleRate: 16000,
    channels: 1,
    ...overrides,
  };
}

/** Start an import and add `clips` to it, returning the import id. */
export function importClips(store: WorkspaceStore, clips: readonly NewClip[]): string {
  const { id } = store.startImport({ sourceDir: '/corpus', format: 'folder' });
  store.addClips(clips, id);
  return id;
}

/** A clock that starts at `start` and advances 1 ms per reading, so stamps are distinct and known. */
export function steppingClock(start = Date.UTC(2026, 0, 2, 3, 4, 5, 6)): () => Date {
  let ms = start;
  return () => new Date(ms++);
}
