/**
 * Progress on stderr: a bar on a terminal, JSON lines with --json (one object per
 * event, so other programs can follow a long job), nothing extra otherwise.
 */
import cliProgress from 'cli-progress';

export interface ProgressReporter {
  /** A counted phase ("features 120/1200"). */
  step(phase: string, done: number, total: number, detail?: Record<string, unknown>): void;
  /** A free-form event (an epoch, a finished fold). */
  event(payload: Record<string, unknown>, line: string): void;
  done(): void;
}

export function createProgressReporter(json: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (json) {
    return {
      step: (phase, done, total, detail) => stream.write(`${JSON.stringify({ phase, done, total, ...detail })}\n`),
      event: (payload) => stream.write(`${JSON.stringify(payload)}\n`),
      done: () => undefined,
    };
  }
  if (!stream.isTTY) {
    return { step: () => undefined, event: (_, line) => stream.write(`${line}\n`), done: () => undefined };
  }
  // One bar per phase or training run ("features", "fold 2/5", ...): parallel folds each get theirs.
  const multibar = new cliProgress.MultiBar(
    { format: '{phase} [{bar}] {value}/{total} {detail}', stream, clearOnComplete: false, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  const update = (phase: string, done: number, total: number, detail: string) => {
    let bar = bars.get(phase);
    if (!bar) {
      bar = multibar.create(total, done, { phase: phase.padEnd(12), detail });
      bars.set(phase, bar);
    }
    bar.setTotal(total);
    bar.update(done, { detail });
  };
  return {
    step: (phase, done, total) => update(phase, done, total, ''),
    event(payload, line) {
      const { run, epoch, maxEpochs } = payload;
      if (typeof run === 'string' && typeof epoch === 'number' && typeof maxEpochs === 'number') {
        update(run, epoch, maxEpochs, line.slice(line.indexOf('loss')));
      } else {
        multibar.log(`${line}\n`);
      }
    },
    done: () => multibar.stop(),
  };
}
