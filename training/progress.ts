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
  let bar: cliProgress.SingleBar | undefined;
  let barPhase = '';
  return {
    step(phase, done, total) {
      if (!bar || barPhase !== phase) {
        bar?.stop();
        barPhase = phase;
        bar = new cliProgress.SingleBar(
          { format: `${phase.padEnd(10)} [{bar}] {value}/{total}  eta {eta_formatted}`, stream, clearOnComplete: false },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
      }
      bar.update(done);
      if (done >= total) {
        bar.stop();
        bar = undefined;
      }
    },
    event(_, line) {
      bar?.stop();
      bar = undefined;
      stream.write(`${line}\n`);
    },
    done() {
      bar?.stop();
    },
  };
}
