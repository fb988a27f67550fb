/**
 * What practice mode's live analysis reports, several times a second (DESIGN.md §2, step 4).
 * The schema is shared: the engine validates what it sends, the contract re-exports it as
 * the `practice.update` event, and saved session timelines are lists of these.
 */
import { z } from 'zod';

export const HINT_IDS = [
  'monotone',
  'too-quiet',
  'too-loud',
  'too-fast',
  'too-slow',
  'long-pause',
  'tense',
  'flat-affect',
  'on-goal',
] as const;
export type HintId = (typeof HINT_IDS)[number];

export const hintSchema = z.object({
  id: z.enum(HINT_IDS),
  /** Short, actionable: "Pitch is flat — vary your intonation". */
  text: z.string(),
  severity: z.enum(['info', 'warn']),
});
export type Hint = z.output<typeof hintSchema>;

export const liveUpdateSchema = z.object({
  /** Seconds of audio analysed since the session started (pauses of the session excluded). */
  t: z.number(),
  /** Whether the last ~0.5 s held speech; silence is never scored as an emotion. */
  speech: z.boolean(),
  /** Smoothed tone of the voice, or null before the first speech window / in silence. */
  tone: z
    .object({
      label: z.string(),
      confidence: z.number(),
      /** One probability per model label (practice.state carries the label list). */
      probs: z.array(z.number()),
      /** How long this label has been the dominant tone, in seconds. */
      dominantForSec: z.number(),
    })
    .nullable(),
  /** Median F0 over the last 0.5 s of voiced frames, or null when nothing was voiced. */
  pitchHz: z.number().nullable(),
  /** F0 spread (standard deviation, semitones) over the last 10 s of voiced frames. */
  pitchVariationSt: z.number().nullable(),
  /** Loudness of the last 0.5 s of speech, dBFS (RMS), or null in silence. */
  loudnessDbfs: z.number().nullable(),
  /** Syllable rate over the last 10 s of speech (pauses excluded), and its words per minute. */
  syllablesPerSec: z.number().nullable(),
  wordsPerMinute: z.number().nullable(),
  pauses: z.object({
    /** Pauses (≥ 0.25 s) so far in the session. */
    count: z.number(),
    /** Pauses of 2 s or more so far. */
    long: z.number(),
    /** Length of the silence going on now, seconds (0 while speaking). */
    currentSec: z.number(),
  }),
  hints: z.array(hintSchema),
});
export type LiveUpdate = z.output<typeof liveUpdateSchema>;

export const GOAL_PROFILES = ['calm-confident', 'warm-enthusiastic', 'neutral-clear'] as const;
export type GoalProfile = (typeof GOAL_PROFILES)[number];
