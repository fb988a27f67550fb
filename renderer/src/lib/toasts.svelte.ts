/**
 * The app-wide notice list behind the toast stack (errors a view could not show in place,
 * and short confirmations). Any component may call `showError`; App renders the stack.
 */
import { errorMessage } from './api.ts';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

/** Errors stay until dismissed; confirmations fade after this long. */
const INFO_MS = 4000;
/** At most this many at once; the oldest go first. */
const MAX_TOASTS = 4;

export const toasts: Toast[] = $state([]);
let nextId = 1;

function push(kind: Toast['kind'], text: string): void {
  // The same message in a burst (a page fetch failing while scrolling) shows once.
  if (toasts.some((toast) => toast.text === text)) return;
  const toast = { id: nextId++, kind, text };
  toasts.push(toast);
  if (toasts.length > MAX_TOASTS) toasts.splice(0, toasts.length - MAX_TOASTS);
  if (kind === 'info') setTimeout(() => dismissToast(toast.id), INFO_MS);
}

export function showError(error: unknown): void {
  push('error', errorMessage(error));
}

export function showInfo(text: string): void {
  push('info', text);
}

export function dismissToast(id: number): void {
  const index = toasts.findIndex((toast) => toast.id === id);
  if (index >= 0) toasts.splice(index, 1);
}
