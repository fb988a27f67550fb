#!/usr/bin/env node
// `npm run build:app`: builds everything electron-builder.yml packs — the renderer, the
// preload and the bundled main, engine and training-worker programs (electron/app-bundle.ts
// says why bundles). The build script itself is TypeScript, run through tsx like bin/ser.mjs.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { BUNDLE_DIR, buildApp } = await import('../electron/app-bundle.ts');
const imports = await buildApp();
for (const [bundle, packages] of imports) {
  process.stdout.write(
    `${BUNDLE_DIR}/${bundle}: imports ${packages.length === 0 ? 'no packages' : packages.join(', ')}\n`,
  );
}
