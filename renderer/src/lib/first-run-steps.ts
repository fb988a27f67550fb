/**
 * The first-run screen's steps: their order, what the step indicator shows for each, and
 * where Next, Back and Skip lead. Every step can be skipped; finishing (from the last step
 * or "Set up later") marks first run completed in the settings.
 */
import type { SerApi, Settings } from '../../../electron/contract.ts';

export const FIRST_RUN_STEPS = ['workspace', 'annotator', 'microphone', 'goal', 'data'] as const;
export type FirstRunStep = (typeof FIRST_RUN_STEPS)[number];

export const STEP_TITLES: Readonly<Record<FirstRunStep, string>> = {
  workspace: 'Workspace',
  annotator: 'Your name',
  microphone: 'Microphone',
  goal: 'Practice goal',
  data: 'Get data',
};

/** How a step was left: `done` when its action happened (a workspace opened, a name saved …). */
export type StepOutcome = 'done' | 'skipped';
export type StepStatus = StepOutcome | 'current' | 'upcoming';

export function stepIndex(step: FirstRunStep): number {
  return FIRST_RUN_STEPS.indexOf(step);
}

/** The step after `step`, or null after the last one (then Finish). */
export function nextStep(step: FirstRunStep): FirstRunStep | null {
  return FIRST_RUN_STEPS[stepIndex(step) + 1] ?? null;
}

export function previousStep(step: FirstRunStep): FirstRunStep | null {
  const index = stepIndex(step);
  return index > 0 ? FIRST_RUN_STEPS[index - 1] : null;
}

/** What the indicator shows for every step; a step done once stays done when revisited. */
export function stepStatuses(
  current: FirstRunStep,
  outcomes: Readonly<Partial<Record<FirstRunStep, StepOutcome>>>,
): Array<{ step: FirstRunStep; title: string; status: StepStatus }> {
  return FIRST_RUN_STEPS.map((step) => ({
    step,
    title: STEP_TITLES[step],
    status: step === current ? 'current' : (outcomes[step] ?? 'upcoming'),
  }));
}

/**
 * The outcome to record when leaving `step` forward: `done` if its action happened, else
 * `skipped`; an earlier `done` is never downgraded by passing the step again.
 */
export function leaveOutcome(previous: StepOutcome | undefined, actionDone: boolean): StepOutcome {
  return actionDone || previous === 'done' ? 'done' : 'skipped';
}

/** What the view gives every step that saves settings (name, microphone, goal). */
export interface SettingsStepProps {
  api: SerApi;
  settings: Settings;
  /** The settings an update returned: the view hands them on to App. */
  onSettings: (next: Settings) => void;
}
