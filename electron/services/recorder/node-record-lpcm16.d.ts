// Types for node-record-lpcm16 1.0.1 (ISC), which ships none: only what microphone-source.ts uses.
declare module 'node-record-lpcm16' {
  import type { ChildProcessWithoutNullStreams } from 'node:child_process';
  import type { Readable } from 'node:stream';

  export interface RecordOptions {
    sampleRate?: number;
    channels?: number;
    /** A bundled recorder ('sox', 'rec', 'arecord') or the absolute path of a recorder module. */
    recorder?: string;
    device?: string | null;
    audioType?: string;
    /** Passed on to a custom recorder module; the bundled ones ignore it. */
    [option: string]: unknown;
  }

  export interface Recording {
    /** The recorder process (spawned with piped stdio). */
    readonly process: ChildProcessWithoutNullStreams;
    /** The process's stdout. Emits 'error' with a string when the process exits non-zero. */
    stream(): Readable;
    /** SIGTERM. */
    stop(): void;
    /** SIGSTOP, and pauses the stream. */
    pause(): void;
    /** SIGCONT, and resumes the stream. */
    resume(): void;
    isPaused(): boolean;
  }

  /** CommonJS: `module.exports = { record }`, so ESM imports it as the default export. */
  const lpcm16: { record(options?: RecordOptions): Recording };
  export default lpcm16;
}
