/**
 * Saving a settings change from a control that keeps the user's choice (a goal card, a
 * device menu, a pace field): the stored settings go to the parent, and a refusal shows as
 * a toast, since the control itself has no place for an error.
 */
import type { SerApi, Settings, SettingsPatch } from '../../../electron/contract.ts';
import { showError } from './toasts.svelte.ts';

export async function saveSettings(api: SerApi, patch: SettingsPatch, onSettings: (next: Settings) => void): Promise<void> {
  try {
    onSettings(await api.request('settings.update', patch));
  } catch (error) {
    showError(error);
  }
}
