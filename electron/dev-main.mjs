// Electron's entry while the sources are TypeScript (`electron electron/dev-main.mjs`, as
// electron/launch.ts and tests/e2e/electron.test.ts start it): registers tsx, then loads
// main.ts. A packaged app runs the compiled main instead. Not done with NODE_OPTIONS
// (`--import tsx`) because Playwright's Electron launcher deletes NODE_OPTIONS.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
