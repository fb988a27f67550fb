/**
 * The goal profiles a speaker can practise towards: which tones of voice count as "on goal",
 * which work against it, and the prosody ranges the report compares with.
 *
 * Ranges are for a speaker at a laptop microphone, measured the way the live analysis
 * measures (live-prosody.ts): pitch variation is the spread of F0 in semitones over 10 s of
 * voiced speech — under ~2 st sounds monotone, 2–4 st is ordinary engaged speech, animated
 * speech reaches 5–7 st; loudness is the RMS level of speech frames in dBFS, where a
 * comfortable speaking level at a normal input gain sits around −25…−15 dBFS (hints warn
 * below −35 and above −8).
 */
import type { GoalProfile } from './live-update.ts';

export interface Goal {
  title: string;
  description: string;
  /** Desired dominant tones (model labels); a tone the model lacks simply never matches. */
  tones: string[];
  /** Tones that work against the goal. */
  avoidTones: string[];
  /** Target F0 spread, semitones [min, max]. */
  pitchVariationSt: [number, number];
  /** Target speech level, dBFS [min, max]. */
  loudnessDbfs: [number, number];
}

export const GOALS: Record<GoalProfile, Goal> = {
  'calm-confident': {
    title: 'Calm and confident',
    description: 'A settled, unhurried voice: calm or neutral in tone, steady in level, with enough melody to stay engaging.',
    tones: ['calm', 'neutral'],
    avoidTones: ['angry', 'fearful', 'sad'],
    pitchVariationSt: [2, 4.5],
    loudnessDbfs: [-28, -12],
  },
  'warm-enthusiastic': {
    title: 'Warm and enthusiastic',
    description: 'An upbeat, engaging voice: happy or lively in tone, with a wide, expressive pitch range.',
    tones: ['happy', 'surprised'],
    avoidTones: ['sad', 'angry', 'disgust'],
    pitchVariationSt: [3, 7],
    loudnessDbfs: [-26, -10],
  },
  'neutral-clear': {
    title: 'Neutral and clear',
    description: 'A matter-of-fact, easy-to-follow voice for explaining: neutral or calm in tone, clearly audible, evenly paced.',
    tones: ['neutral', 'calm'],
    avoidTones: ['angry', 'fearful', 'sad', 'disgust'],
    pitchVariationSt: [2, 5],
    loudnessDbfs: [-28, -12],
  },
};
