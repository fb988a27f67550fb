/**
 * sessions.*: saved practice sessions — the history list, one session with its timeline
 * and recording, deletion, and the self-contained HTML report. The recording is served by
 * the media routes under its sha256, like a clip, so the waveform view needs nothing new.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeError } from '../../../training/errors.ts';
import { sessionReportHtml } from '../../../training/practice/report-html.ts';
import { ContractError } from '../../contract.ts';
import type { SessionSummary } from '../../contract.ts';
import type { Handlers } from '../../rpc/dispatch.ts';
import type { PracticeService } from '../../services/practice/practice-service.ts';
import { AUDIO_FILE, readTimeline, sessionFolder, storedSessionSummarySchema } from '../../services/practice/session-files.ts';
import type { StoredSessionSummary } from '../../services/practice/session-files.ts';
import type { SessionRecordings } from '../../services/practice/session-recordings.ts';
import type { StoredSession } from '../../services/workspace/types.ts';
import type { WorkspaceStore } from '../../services/workspace/store.ts';
import type { BackendContext } from '../context.ts';

type SessionHandlers = Pick<Handlers, 'sessions.list' | 'sessions.get' | 'sessions.delete' | 'sessions.export'>;

interface SavedSession {
  stored: StoredSession;
  summary: StoredSessionSummary;
  dir: string;
  audioPath: string;
}

function contractSummary({ stored, summary }: Pick<SavedSession, 'stored' | 'summary'>): SessionSummary {
  return {
    id: stored.id,
    startedAt: stored.startedAt,
    ...(stored.endedAt === undefined ? {} : { endedAt: stored.endedAt }),
    goal: summary.goal,
    source: summary.source,
    durationSec: summary.durationSec,
    report: summary.report,
  };
}

/** A stored session with a summary this build understands, or undefined. */
function savedSession(store: WorkspaceStore, stored: StoredSession): SavedSession | undefined {
  const parsed = storedSessionSummarySchema.safeParse(stored.summary);
  const dir = sessionFolder(store.paths.sessions, stored.id);
  if (!parsed.success || dir === undefined) return undefined;
  // From the folder layout, not the stored absolute path: a workspace folder may have been moved.
  return { stored, summary: parsed.data, dir, audioPath: path.join(dir, AUDIO_FILE) };
}

function requireSession(store: WorkspaceStore, sessionId: string): SavedSession {
  const stored = store.getSession(sessionId);
  const saved = stored === undefined ? undefined : savedSession(store, stored);
  if (saved === undefined) throw new ContractError('not-found', `no practice session ${sessionId} in this workspace`, 'sessionId');
  return saved;
}

async function timelineOf(saved: SavedSession) {
  try {
    return await readTimeline(saved.dir);
  } catch (error) {
    throw new ContractError('not-found', describeError(error), 'sessionId');
  }
}

export function sessionHandlers(
  ctx: BackendContext,
  deps: { practice: PracticeService; recordings: SessionRecordings },
): SessionHandlers {
  return {
    'sessions.list': () => {
      const store = ctx.workspace.require();
      return store.listSessions().flatMap((stored) => {
        const saved = savedSession(store, stored);
        return saved === undefined ? [] : [contractSummary(saved)];
      });
    },

    'sessions.get': async ({ sessionId }) => {
      const store = ctx.workspace.require();
      const saved = requireSession(store, sessionId);
      const timeline = await timelineOf(saved);
      const sha = saved.summary.audioSha256;
      deps.recordings.remember(store, sha, saved.audioPath);
      const base = `${ctx.mediaBaseUrl}/media`;
      return {
        summary: contractSummary(saved),
        labels: saved.summary.labels,
        timeline,
        media: { audio: `${base}/audio/${sha}`, peaks: `${base}/peaks/${sha}`, spectrogram: `${base}/spectrogram/${sha}` },
      };
    },

    'sessions.delete': async ({ sessionId }) => {
      if (deps.practice.isActive(sessionId)) {
        throw new ContractError('invalid-input', 'This session is still running; stop it first.', 'sessionId');
      }
      const store = ctx.workspace.require();
      const stored = store.getSession(sessionId);
      if (stored === undefined) return { deleted: false };
      const saved = savedSession(store, stored);
      store.deleteSession(sessionId);
      if (saved !== undefined) deps.recordings.forget(store, saved.summary.audioSha256);
      const dir = sessionFolder(store.paths.sessions, sessionId);
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
      return { deleted: true };
    },

    'sessions.export': async ({ sessionId }) => {
      const store = ctx.workspace.require();
      const saved = requireSession(store, sessionId);
      const { summary, stored } = saved;
      const timeline = await timelineOf(saved);
      const html = sessionReportHtml({
        title: `Practice session — ${summary.source.name}`,
        startedAt: stored.startedAt,
        durationSec: summary.durationSec,
        goal: summary.goal,
        labels: summary.labels,
        report: summary.report,
        timeline,
      });
      const dir = path.join(store.paths.root, 'exports');
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `session-${stored.id}.html`);
      await writeFile(file, html);
      return { path: file };
    },
  };
}
