#!/usr/bin/env node
// The `ser` command. Sources are TypeScript run through tsx, so there is no build step
// between editing training/ and using the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli.ts');
