/**
 * The `ser` command (DESIGN.md section 6). Results go to stdout (JSON with --json, a
 * readable summary otherwise); progress and the chosen ML backend go to stderr.
 * Exit codes: 0 success, 1 failure, 2 usage error (commander's).
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import path from 'node:path';
import { loadMono16k } from './audio/load.ts';
import { scanDataset } from './datasets/scan.ts';
import type { DatasetFormat } from './datasets/types.ts';
import { describeError } from './errors.ts';
import { defaultCacheDir, FrameCache } from './features/clip-frames.ts';
import { extractFeatures } from './features/extract.ts';
import { featureSetToJson } from './features/feature-json.ts';
import type { BackendChoice, BackendRequest } from './model/backend.ts';
import { DEFAULT_MODEL_DIR } from './paths.ts';
import { createProgressReporter } from './progress.ts';
import { writeEvaluationReport } from './report-files.ts';
import { DEFAULT_TRAIN_CONFIG, type TrainEvent } from './train-config.ts';

const FORMATS = ['auto', 'ravdess', 'cremad', 'tess', 'savee', 'emodb', 'folder', 'csv'] as const;
const BACKENDS = ['auto', 'gpu', 'node', 'wasm', 'cpu'] as const;

function integerAtLeast(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
    return n;
  };
}
const positiveInt = integerAtLeast(1);

/** A training event as a JSON-lines payload and a human line. */
function formatTrainEvent(e: TrainEvent): [Record<string, unknown>, string] {
  if (e.type === 'epoch') {
    const val = e.valUar === undefined ? '' : ` valUar ${(100 * e.valUar).toFixed(1)}%`;
    return [
      {
        epoch: e.epoch,
        maxEpochs: e.maxEpochs,
        run: e.run,
        loss: e.loss,
        acc: e.acc,
        valUar: e.valUar ?? null,
        etaSec: e.etaSec,
      },
      `${e.run} epoch ${e.epoch}/${e.maxEpochs} loss ${e.loss.toFixed(3)} acc ${(100 * e.acc).toFixed(1)}%${val} eta ${e.etaSec}s`,
    ];
  }
  const r = e.result;
  return [
    {
      fold: r.fold,
      uar: r.uar,
      wa: r.wa,
      macroF1: r.macroF1,
      bestEpoch: r.bestEpoch,
      testSpeakers: r.testSpeakers,
    },
    `fold ${r.fold}: UAR ${(100 * r.uar).toFixed(1)}% (test speakers ${r.testSpeakers.join(' ')})`,
  ];
}

function print(json: boolean, data: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(data)}\n` : `${text}\n`);
}

/**
 * Select (and print) the ML backend. The modules that load tfjs are imported here and in
 * the commands that need them, never at the top: `scan`, `features` and `serve` start
 * without loading the ML runtime.
 */
async function useBackend(request: BackendRequest): Promise<BackendChoice> {
  const { describeBackend, selectBackend } = await import('./model/backend.ts');
  const choice = await selectBackend(request);
  process.stderr.write(`${describeBackend(choice)}\n`);
  return choice;
}

/** The `ser` program with the ML core's commands; electron/cli.ts adds `serve`. */
export function createProgram(): Command {
  const program = new Command('ser')
    .description('SER Studio: speech emotion recognition from the command line')
    .showHelpAfterError()
    .configureOutput({ outputError: (s, write) => write(s) });

  program
    .command('scan')
    .description(
      'list the clips of a corpus folder or CSV manifest, with labels, speakers and problems',
    )
    .argument('<dir>', 'corpus folder or CSV manifest')
    .addOption(
      new Option('--format <format>', 'corpus naming scheme').choices(FORMATS).default('auto'),
    )
    .option('--include-song', 'include RAVDESS song clips', false)
    .option('--json', 'JSON on stdout', false)
    .action(
      async (
        dir: string,
        opts: { format: (typeof FORMATS)[number]; includeSong: boolean; json: boolean },
      ) => {
        const result = await scanDataset(dir, {
          format: opts.format as DatasetFormat | 'auto',
          includeSong: opts.includeSong,
        });
        const byLabel = Object.entries(result.counts.byLabel)
          .map(([l, n]) => `${l} ${n}`)
          .join(', ');
        print(
          opts.json,
          result,
          [
            `${result.dataset}: ${result.clips.length} clips, ${Object.keys(result.counts.bySpeaker).length} speakers`,
            `labels: ${byLabel}`,
            ...result.problems.map((p) => `problem: ${p.path}: ${p.reason}`),
          ].join('\n'),
        );
      },
    );

  program
    .command('features')
    .description(
      'section-4 features of one audio file (librosa-equal log-mel, MFCC, RMS, ZCR, centroid, YIN F0)',
    )
    .argument('<file>', 'audio file')
    .option('--json', 'JSON on stdout', false)
    .action(async (file: string, opts: { json: boolean }) => {
      const { samples, durationSec } = await loadMono16k(file);
      const features = extractFeatures(samples);
      const json = featureSetToJson(features);
      print(
        opts.json,
        json,
        `${file}: ${durationSec.toFixed(2)} s, ${features.nFrames} frames of log-mel ${features.logMel.cols}, MFCC ${features.mfcc.cols}, RMS, ZCR, centroid, F0 (use --json for values)`,
      );
    });

  program
    .command('train')
    .description(
      'train a model with speaker-independent cross-validation and save it with its evaluation',
    )
    .requiredOption('--data <dir...>', 'corpus folders or CSV manifests')
    .requiredOption('--out <dir>', 'model directory to write')
    .option(
      '--folds <k>',
      'speaker folds for cross-validation',
      positiveInt,
      DEFAULT_TRAIN_CONFIG.folds,
    )
    .addOption(
      new Option('--arch <type>', 'model type')
        .choices(['cnn', 'stats-mlp'])
        .default(DEFAULT_TRAIN_CONFIG.architecture),
    )
    .option(
      '--epochs <n>',
      'maximum epochs per fold (early stopping on validation UAR)',
      positiveInt,
      DEFAULT_TRAIN_CONFIG.maxEpochs,
    )
    .option('--augment <n>', 'waveform-augmented variants per training clip', integerAtLeast(0), 3)
    .option(
      '--seed <n>',
      'random seed (splits, initialisation, augmentation)',
      integerAtLeast(0),
      DEFAULT_TRAIN_CONFIG.seed,
    )
    .option(
      '--jobs <n>',
      'folds trained in parallel processes (default: one per core on wasm/cpu, 1 on tfjs-node)',
      positiveInt,
    )
    .addOption(new Option('--backend <b>', 'ML backend').choices(BACKENDS).default('auto'))
    .option(
      '--license <text>',
      'licence of the training data, stored in the model',
      'see the training data',
    )
    .option('--json', 'JSON result on stdout, JSON-lines progress on stderr', false)
    .action(
      async (opts: {
        data: string[];
        out: string;
        folds: number;
        arch: 'cnn' | 'stats-mlp';
        epochs: number;
        augment: number;
        seed: number;
        jobs?: number;
        backend: BackendRequest;
        license: string;
        json: boolean;
      }) => {
        const backend = await useBackend(opts.backend);
        const [{ scanAll }, { defaultJobCount }, { trainCorpus, writeModelFolder }] =
          await Promise.all([
            import('./evaluate.ts'),
            import('./fold-pool.ts'),
            import('./train-corpus.ts'),
          ]);
        const progress = createProgressReporter(opts.json);
        const scanned = await scanAll(opts.data);
        const result = await trainCorpus({
          clips: scanned.clips,
          cacheDir: defaultCacheDir(),
          augmentations: opts.augment,
          name: path.basename(path.resolve(opts.out)),
          backend: { name: backend.name, request: opts.backend },
          jobs: opts.jobs ?? defaultJobCount(backend, opts.folds),
          dataLicense: opts.license,
          config: {
            ...DEFAULT_TRAIN_CONFIG,
            architecture: opts.arch,
            folds: opts.folds,
            maxEpochs: opts.epochs,
            seed: opts.seed,
          },
          onFeatures: (done, total) => progress.step('features', done, total),
          onEvent: (e) => progress.event(...formatTrainEvent(e)),
        });
        progress.done();
        await writeModelFolder(opts.out, result);
        const evaluation = result.metadata.evaluation;
        print(
          opts.json,
          {
            model: path.resolve(opts.out),
            labels: result.metadata.labels,
            backend: backend.name,
            evaluation,
            problems: [...scanned.problems, ...result.problems],
          },
          evaluation
            ? `saved ${opts.out}: ${evaluation.folds.length}-fold speaker-independent UAR ${(100 * evaluation.meanUar).toFixed(1)}% ± ${(100 * evaluation.stdUar).toFixed(1)} (pooled ${(100 * evaluation.pooled.uar).toFixed(1)}%, macro-F1 ${(100 * evaluation.pooled.macroF1).toFixed(1)}%)`
            : `saved ${opts.out}`,
        );
      },
    );

  program
    .command('eval')
    .description('evaluate a saved model on labelled data')
    .requiredOption('--model <dir>', 'model directory')
    .requiredOption('--data <dir...>', 'corpus folders or CSV manifests')
    .option('--report <dir>', 'also write confusion.svg, report.md and report.html here')
    .addOption(new Option('--backend <b>', 'ML backend').choices(BACKENDS).default('auto'))
    .option('--json', 'JSON on stdout', false)
    .action(
      async (opts: {
        model: string;
        data: string[];
        report?: string;
        backend: BackendRequest;
        json: boolean;
      }) => {
        await useBackend(opts.backend);
        const { evaluateModel } = await import('./evaluate.ts');
        const progress = createProgressReporter(opts.json);
        const result = await evaluateModel(opts.model, opts.data, {
          cache: new FrameCache(defaultCacheDir()),
          onProgress: (done, total) => progress.step('features', done, total),
        });
        progress.done();
        if (opts.report)
          await writeEvaluationReport(
            opts.report,
            result,
            `${result.model} on ${result.clips} clips`,
            [`Data: ${opts.data.join(', ')}`],
          );
        print(
          opts.json,
          result,
          `${result.model} on ${result.clips} clips: UAR ${(100 * result.uar).toFixed(1)}%, WA ${(100 * result.wa).toFixed(1)}%, macro-F1 ${(100 * result.macroF1).toFixed(1)}%` +
            (result.problems.length
              ? `\n${result.problems.length} clips not scored (see --json)`
              : ''),
        );
      },
    );

  program
    .command('predict')
    .description('emotion probabilities for audio files')
    .argument('<files...>', 'audio files')
    .option('--model <dir>', 'model directory (default: the shipped model)', DEFAULT_MODEL_DIR)
    .addOption(new Option('--backend <b>', 'ML backend').choices(BACKENDS).default('auto'))
    .option('--json', 'JSON on stdout', false)
    .action(
      async (files: string[], opts: { model: string; backend: BackendRequest; json: boolean }) => {
        await useBackend(opts.backend);
        const { predictFiles } = await import('./predict.ts');
        const result = await predictFiles(opts.model, files);
        const lines = result.predictions.map((p) =>
          'error' in p
            ? `${p.path}: error: ${p.error}`
            : `${p.path}: ${p.label} (${(100 * p.probs[p.label]).toFixed(0)}%)${p.speech ? '' : ' [no speech detected]'}`,
        );
        print(opts.json, result, lines.join('\n'));
        if (result.predictions.every((p) => 'error' in p)) process.exitCode = 1;
      },
    );

  program
    .command('doctor')
    .description('check the ML backend, GPU, recorder, ffmpeg and chromium, and list versions')
    .option('--json', 'JSON on stdout', false)
    .action(async (opts: { json: boolean }) => {
      const { runDoctor } = await import('./doctor.ts');
      const report = await runDoctor();
      print(
        opts.json,
        report,
        [
          ...report.checks.map(
            (c) =>
              `${c.ok ? 'ok  ' : 'MISS'} ${c.name}: ${c.detail}${c.ok || !c.fix ? '' : ` — ${c.fix}`}`,
          ),
          `versions: ${report.versions.map((v) => `${v.name} ${v.version}`).join(' · ')}`,
        ].join('\n'),
      );
    });

  return program;
}

/** Parse the command line and run; errors become one `ser: …` line and exit code 1. */
export async function runProgram(
  program: Command,
  argv: readonly string[] = process.argv,
): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (error) {
    // InputFileError messages already start with the file name.
    process.stderr.write(`ser: ${error instanceof Error ? error.message : describeError(error)}\n`);
    process.exitCode = 1;
  }
}
