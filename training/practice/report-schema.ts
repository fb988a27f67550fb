/**
 * The report of a finished practice session (issue: "after the session"): what the report
 * view, the history's trend charts and the HTML export show. Computed from the saved
 * timeline by report.ts; stored with the session so the history never recomputes it.
 */
import { z } from 'zod';

const verdictSchema = z.enum(['on-target', 'below', 'above', 'unknown']);

export const sessionReportSchema = z.object({
  /** Seconds of speech analysed (silence excluded). */
  speechSec: z.number(),
  /** Share of speech time per dominant tone, largest first. */
  toneShare: z.array(z.object({ label: z.string(), seconds: z.number(), share: z.number() })),
  /** Contiguous stretches of one dominant tone, for tone-coloured regions on the waveform. */
  regions: z.array(z.object({ startSec: z.number(), endSec: z.number(), label: z.string() })),
  pitch: z.object({ medianHz: z.number().nullable(), variationSt: z.number().nullable() }),
  loudness: z.object({
    meanDbfs: z.number().nullable(),
    /** Share of speech time below the "too quiet" / above the "too loud" thresholds. */
    quietShare: z.number(),
    loudShare: z.number(),
  }),
  pace: z.object({ syllablesPerSec: z.number().nullable(), wordsPerMinute: z.number().nullable() }),
  pauses: z.object({ count: z.number(), long: z.number(), meanSec: z.number().nullable() }),
  /** Each measure against the goal profile's target. */
  goal: z.array(
    z.object({
      measure: z.enum(['tone', 'pitchVariation', 'loudness', 'pace', 'pauses']),
      value: z.string(),
      target: z.string(),
      verdict: verdictSchema,
    }),
  ),
  /** The three moments most worth replaying, in time order. */
  moments: z.array(z.object({ t: z.number(), reason: z.string() })).max(3),
});
export type SessionReport = z.output<typeof sessionReportSchema>;
