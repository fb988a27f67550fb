/**
 * Session recordings by their audio's sha256, so the media routes serve a recording like
 * a clip (/media/audio|peaks|spectrogram/<sha>, peaks cached the same way) without a
 * second kind of URL. Known hashes are kept per open store; an unknown one (the renderer
 * kept a URL across a restart) is looked up in the store's sessions once.
 */
import path from 'node:path';
import type { WorkspaceStore } from '../workspace/store.ts';
import { AUDIO_FILE, sessionFolder, storedSessionSummarySchema } from './session-files.ts';

export class SessionRecordings {
  private readonly known = new WeakMap<WorkspaceStore, Map<string, string>>();

  remember(store: WorkspaceStore, sha256: string, audioPath: string): void {
    this.mapOf(store).set(sha256, audioPath);
  }

  forget(store: WorkspaceStore, sha256: string): void {
    this.known.get(store)?.delete(sha256);
  }

  /** The recording whose audio has this sha256 in `store`, if a session holds one. */
  find(store: WorkspaceStore, sha256: string): string | undefined {
    const map = this.mapOf(store);
    const hit = map.get(sha256);
    if (hit !== undefined) return hit;
    for (const session of store.listSessions()) {
      const summary = storedSessionSummarySchema.safeParse(session.summary);
      // From the folder layout, not the stored absolute path: a workspace folder may have been moved.
      const dir = sessionFolder(store.paths.sessions, session.id);
      if (summary.success && dir !== undefined) map.set(summary.data.audioSha256, path.join(dir, AUDIO_FILE));
    }
    return map.get(sha256);
  }

  private mapOf(store: WorkspaceStore): Map<string, string> {
    let map = this.known.get(store);
    if (map === undefined) {
      map = new Map();
      this.known.set(store, map);
    }
    return map;
  }
}
