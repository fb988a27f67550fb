#!/usr/bin/env node
// `npm start`: the desktop app in Electron, or browser mode where Electron cannot run
// (see electron/launch.ts). Sources are TypeScript run through tsx, as in bin/ser.mjs.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { launch } = await import('../electron/launch.ts');
const code = await launch(process.argv.slice(2));
// Browser mode keeps running (its server holds the process) until SIGINT/SIGTERM.
if (code !== undefined) process.exitCode = code;
