/**
 * The full `ser` command: the ML core's commands (training/cli.ts) plus `serve`, which
 * starts the app in browser mode. `serve` lives on this side because training/ never
 * imports the app; its code is loaded only when it runs.
 */
import { InvalidArgumentError } from 'commander';
import path from 'node:path';
import { createProgram, runProgram } from '../training/cli.ts';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port from 0 to 65535');
  return n;
}

const program = createProgram();
program
  .command('serve')
  .description('run the app in browser mode on 127.0.0.1 and print its URL (with its access token)')
  .option('--workspace <dir>', 'open this workspace folder (created if missing)')
  .option('--port <n>', 'port to listen on (0: any free port)', port, 0)
  .action(async (opts: { workspace?: string; port: number }) => {
    const { startBrowserMode } = await import('./browser-mode.ts');
    await startBrowserMode({
      workspaceDir: opts.workspace === undefined ? undefined : path.resolve(opts.workspace),
      port: opts.port,
      // For a portable install or a test: settings somewhere other than the OS config folder.
      settingsDir: process.env.SER_SETTINGS_DIR,
    });
  });

await runProgram(program);
