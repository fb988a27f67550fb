#!/usr/bin/env node
// The `ser` command. Sources are TypeScript run through tsx, so there is no build step
// between editing training/ and using the CLI.
import process from 'node:process';
import { register } from 'tsx/esm/api';

// The workspace store uses node:sqlite (Node ≥ 22.13). The repo installs Node 24 as a dev
// dependency, which `npx ser` and npm scripts use; a bare `node` may be older.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  process.stderr.write(
    `ser: Node ${process.versions.node} is too old (needs ≥ 22.13); run it as \`npx ser …\` inside the repo, which uses the Node 24 it installs.\n`,
  );
  process.exit(1);
}
register();
await import('../electron/cli.ts');
