/**
 * At most one redraw per animation frame, however many updates asked for one: live updates
 * (5 a second), resizes and theme changes all just call `request()`.
 */

export interface FrameScheduler {
  /** Draw in the next animation frame (once, however often this is called before it). */
  request(): void;
  /** Drop a pending draw (on unmount). */
  cancel(): void;
}

type Raf = (callback: (time: number) => void) => number;
type Caf = (handle: number) => void;

/** The page's animation frames, looked up on globalThis so this module needs no DOM types. */
const frames = globalThis as unknown as { requestAnimationFrame: Raf; cancelAnimationFrame: Caf };

export function frameScheduler(
  draw: () => void,
  raf: Raf = (callback) => frames.requestAnimationFrame(callback),
  caf: Caf = (handle) => frames.cancelAnimationFrame(handle),
): FrameScheduler {
  let handle = 0;
  let pending = false;
  return {
    request() {
      if (pending) return;
      pending = true;
      handle = raf(() => {
        pending = false;
        draw();
      });
    },
    cancel() {
      if (pending) caf(handle);
      pending = false;
    },
  };
}
