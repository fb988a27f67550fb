/**
 * Where a practice session lives on disk and what the store keeps about it (DESIGN.md §3):
 * `sessions/<id>/audio.wav` (the recording, exactly the audio analysed) and
 * `sessions/<id>/timeline.json` (every live update), plus a summary row in workspace.db
 * whose JSON this module defines.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { GOAL_PROFILES, liveUpdateSchema } from '../../../training/practice/live-update.ts';
import type { LiveUpdate } from '../../../training/practice/live-update.ts';
import { sessionReportSchema } from '../../../training/practice/report-schema.ts';

export const AUDIO_FILE = 'audio.wav';
export const TIMELINE_FILE = 'timeline.json';
const TIMELINE_FORMAT = 'ser-studio-timeline/1';

/** Ids sort by start time and are safe as folder names: 20260503-101500-9f2c1a (UTC). */
export function newSessionId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/**
 * The folder of session `id`, or undefined when the id could not be a folder name inside
 * `sessionsRoot` (ids reach here from requests: "..", "/" and the like never make a path).
 */
export function sessionFolder(sessionsRoot: string, id: string): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(id) || id.includes('..')) return undefined;
  return path.join(sessionsRoot, id);
}

const wpm = z.number().positive();

/** The summary JSON stored with each session (workspace store, sessions.summary). */
export const storedSessionSummarySchema = z.object({
  goal: z.enum(GOAL_PROFILES),
  source: z.object({ kind: z.enum(['microphone', 'file']), name: z.string() }),
  /** Seconds of audio recorded (and analysed): paused time is not in it. */
  durationSec: z.number(),
  report: sessionReportSchema,
  /** The model's labels, in the order of each update's tone.probs. */
  labels: z.array(z.string()),
  paceTargetWpm: z.tuple([wpm, wpm]),
  /** sha256 of audio.wav: the recording's id for /media/audio|peaks|spectrogram/<sha>. */
  audioSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type StoredSessionSummary = z.output<typeof storedSessionSummarySchema>;

const timelineFileSchema = z.object({
  format: z.literal(TIMELINE_FORMAT),
  labels: z.array(z.string()),
  updates: z.array(liveUpdateSchema),
});

/** Writes timeline.json and fsyncs it, so a session in the store never lacks its timeline. */
export async function writeTimeline(dir: string, labels: readonly string[], updates: readonly LiveUpdate[]): Promise<void> {
  const text = JSON.stringify({ format: TIMELINE_FORMAT, labels, updates });
  const handle = await open(path.join(dir, TIMELINE_FILE), 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The saved updates; throws (with the file named) when timeline.json is missing or damaged. */
export async function readTimeline(dir: string): Promise<LiveUpdate[]> {
  const file = path.join(dir, TIMELINE_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const result = timelineFileSchema.safeParse(parsed);
  if (!result.success) throw new Error(`${file} is damaged: ${result.error.issues[0]?.message ?? 'not a timeline'}`);
  return result.data.updates;
}
