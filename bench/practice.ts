/**
 * Practice mode's live path as a user feels it: a 60 s speech file played at real-time pace
 * through the practice service (file source → engine stream → update event leaving the
 * back end's EventHub), with the real engine and the default model.
 *  - latency: from the chunk that completes an update's audio leaving the source to that
 *    update leaving the back end (p50, p95);
 *  - update rate, per second of wall time;
 *  - CPU of the back end (this process) and of the engine process over the run, as % of
 *    one core.
 * Skipped, with the reason, where espeak-ng or sox is missing.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BackendContext } from '../electron/backend/context.ts';
import { practiceHandlers } from '../electron/backend/handlers/practice-handlers.ts';
import { WorkspaceHolder } from '../electron/backend/workspace-holder.ts';
import type { PracticeState } from '../electron/contract.ts';
import { EngineClient } from '../electron/engine/engine-client.ts';
import { forkEngine } from '../electron/engine/fork-engine.ts';
import { EventHub } from '../electron/rpc/event-hub.ts';
import { SessionRecordings } from '../electron/services/practice/session-recordings.ts';
import { FileSource } from '../electron/services/recorder/file-source.ts';
import type { PcmSource } from '../electron/services/recorder/pcm-source.ts';
import { createNodeSettingsStore } from '../electron/services/settings/settings-store.ts';
import { median, quantile } from '../training/math.ts';
import { hasProgram } from '../tests/helpers/programs.ts';
import type { BenchRow } from './row.ts';

const run = promisify(execFile);
const SECONDS = 60;

const TEXT = [
  'Good morning everyone, and thank you for joining this review of the quarter.',
  'I would like to start with the results, then talk about what we learned, and finish with the plan for the next three months.',
  'Sales grew by twelve percent, mostly in the northern region, where the new team started in April.',
  'Costs stayed flat, which means the margin improved for the first time in two years.',
  'We also made mistakes. The launch in the south was late, and we did not listen to the customers early enough.',
  'So here is what we will change. Every project gets a customer review in its first month, and every team shares its numbers each week.',
  'Finally, I want to thank the support team, who answered more calls than ever before and kept the waiting time under two minutes.',
  'Let us take questions now, and please be as direct as you like.',
].join(' ');

/** A source that notes when each chunk leaves it and how many samples had left by then. */
class TimedSource implements PcmSource {
  readonly kind = 'file';
  readonly name: string;
  readonly chunks: { endSample: number; atMs: number }[] = [];

  constructor(private readonly inner: FileSource) {
    this.name = inner.name;
  }

  start(): AsyncIterableIterator<Int16Array> {
    const inner = this.inner.start();
    const chunks = this.chunks;
    let total = 0;
    return (async function* timed() {
      for await (const chunk of inner) {
        total += chunk.length;
        chunks.push({ endSample: total, atMs: performance.timeOrigin + performance.now() });
        yield chunk;
      }
    })();
  }

  pause(): void {
    this.inner.pause();
  }

  resume(): void {
    this.inner.resume();
  }

  stop(): void {
    this.inner.stop();
  }
}

/** utime + stime of a process in seconds, from /proc (Linux); undefined elsewhere. */
async function processCpuSec(pid: number, ticksPerSec: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSec;
  } catch {
    return undefined;
  }
}

async function clockTicks(): Promise<number> {
  try {
    return Number((await run('getconf', ['CLK_TCK'])).stdout.trim()) || 100;
  } catch {
    return 100;
  }
}

export async function benchPractice(): Promise<BenchRow[]> {
  if (!hasProgram('espeak-ng') || !hasProgram('sox')) {
    console.error('practice benchmark skipped: espeak-ng and sox are needed (apt-get install espeak-ng sox)');
    return [];
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ser-bench-practice-'));
  const engine = new EngineClient(() => forkEngine());
  const workspace = new WorkspaceHolder();
  try {
    const raw = path.join(dir, 'talk.raw.wav');
    const file = path.join(dir, 'talk.wav');
    await run('espeak-ng', ['-v', 'en+m3', '-s', '150', '-w', raw, TEXT]);
    // Exactly 60 s of 16 kHz mono s16: padded with silence or cut, whatever espeak gave.
    await run('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', file, 'pad', '0', String(SECONDS), 'trim', '0', String(SECONDS)]);

    await engine.start();
    const { pid } = await engine.request('status', {});
    workspace.open(path.join(dir, 'workspace'));
    const events = new EventHub();
    const ctx: BackendContext = {
      mode: 'browser',
      workspace,
      settings: createNodeSettingsStore({ cwd: path.join(dir, 'settings') }),
      engine,
      events,
      mediaBaseUrl: '',
      log: (line) => console.error(line),
    };
    const updates: { t: number; atMs: number }[] = [];
    const engineSide: number[] = [];
    const received = new Map<number, number>();
    // Subscribed before the practice service, so each update's engine time is known when the service emits it.
    engine.on('stream', (event) => {
      if (event.event === 'live' && event.receivedAtMs !== undefined) received.set(event.update.t, event.receivedAtMs);
    });
    const source = new TimedSource(new FileSource(file));
    const practice = practiceHandlers(ctx, { recordings: new SessionRecordings(), openSource: () => source });
    let ended: (state: PracticeState) => void = () => {};
    const idle = new Promise<PracticeState>((resolve) => {
      ended = resolve;
    });
    events.subscribe(({ event, payload }) => {
      const atMs = performance.timeOrigin + performance.now();
      if (event === 'practice.update') {
        const { t } = payload as { t: number };
        updates.push({ t, atMs });
        const engineAt = received.get(t);
        if (engineAt !== undefined) engineSide.push(atMs - engineAt);
      } else if (event === 'practice.state' && (payload as PracticeState).state === 'idle') ended(payload as PracticeState);
    });

    const ticks = await clockTicks();
    const engineCpu0 = await processCpuSec(pid, ticks);
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    await practice.handlers['practice.start']({ source: { kind: 'file', path: file }, goal: 'calm-confident' });
    const final = await idle;
    const wallSec = (performance.now() - wall0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const engineCpu1 = await processCpuSec(pid, ticks);
    await practice.service.close();
    if (final.message !== 'The file ended') throw new Error(`the benchmark session ended early: ${final.message ?? 'no reason given'}`);

    const latencies = updates.flatMap((u) => {
      const target = Math.round(u.t * 16000);
      const chunk = source.chunks.find((c) => c.endSample >= target);
      return chunk === undefined ? [] : [u.atMs - chunk.atMs];
    });
    const backendPct = ((cpu.user + cpu.system) / 1e6 / wallSec) * 100;
    const rows: BenchRow[] = [
      {
        name: `practice: latency, sample in → update out (${SECONDS} s file, p50)`,
        value: median(latencies),
        unit: 'ms',
        detail: `of which engine (audio received → update back in the host) p50 ${median(engineSide).toFixed(1)} ms`,
      },
      {
        name: `practice: latency, sample in → update out (${SECONDS} s file, p95)`,
        value: quantile(latencies, 0.95),
        unit: 'ms',
        target: '≤ 150 ms',
        detail: `max ${Math.max(...latencies).toFixed(0)} ms over ${latencies.length} updates`,
      },
      {
        name: 'practice: updates per second while streaming',
        value: (updates.length - 1) / ((updates[updates.length - 1].atMs - updates[0].atMs) / 1000),
        unit: '1/s',
        target: '≥ 5/s',
        detail: `${updates.length} updates for ${SECONDS} s of audio`,
      },
      { name: 'practice: CPU of the back end', value: backendPct, unit: '% of core' },
    ];
    if (engineCpu0 !== undefined && engineCpu1 !== undefined) {
      const enginePct = ((engineCpu1 - engineCpu0) / wallSec) * 100;
      rows.push(
        { name: 'practice: CPU of the engine', value: enginePct, unit: '% of core' },
        { name: 'practice: CPU, back end + engine', value: backendPct + enginePct, unit: '% of core', target: '≤ 30%' },
      );
    } else console.error('practice benchmark: engine CPU needs /proc (Linux); only the back end is reported');
    return rows;
  } finally {
    await engine.stop();
    workspace.close();
    await rm(dir, { recursive: true, force: true });
  }
}
