/// <reference types="svelte" />
/// <reference types="vite/client" />

/**
 * The contract's schemas import node:path for their refinements. The renderer imports
 * only their types, so this stub (the calls those files make) stands in for Node's types:
 * the browser program must not see `process`, `Buffer` and friends.
 */
declare module 'node:path' {
  interface PathModule {
    isAbsolute(path: string): boolean;
    resolve(...paths: string[]): string;
    join(...paths: string[]): string;
    dirname(path: string): string;
    relative(from: string, to: string): string;
    basename(path: string, suffix?: string): string;
  }
  const path: PathModule;
  export default path;
}
