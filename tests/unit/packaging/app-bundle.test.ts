/**
 * The rewrite that keeps a bundled module's own location (electron/app-bundle.ts): its
 * import.meta.url, .filename and .dirname become those of its source's place in the app,
 * computed from the bundle's URL at run time; import.meta.resolve and modules without
 * location lookups are left alone. (The staged-app integration test runs the result.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withModuleLocation } from '../../../electron/app-bundle.ts';

describe('withModuleLocation', () => {
  it('replaces import.meta.url, filename and dirname with the module’s place relative to the bundle', () => {
    const source =
      "const a = import.meta.url;\nconst b = import.meta.dirname;\nconst c = import.meta.filename;\nconst d = import.meta.resolve('tsx');\n";
    const out = withModuleLocation(source, '../training/paths.ts');
    assert.ok(out.includes('new URL("../training/paths.ts", import.meta.url).href'), out);
    assert.ok(out.includes('const a = __serModuleUrl;'));
    assert.ok(out.includes('const b = __serModuleDir;'));
    assert.ok(out.includes('const c = __serModuleFile;'));
    assert.ok(out.includes("const d = import.meta.resolve('tsx');"));
    // Only the prelude still reads the bundle's own import.meta.url.
    assert.equal(out.match(/import\.meta\.url/g)?.length, 1);
  });

  it('leaves a module that does not ask where it is unchanged, look-alike names included', () => {
    const source = "const x = import.meta.urlish;\nconst y = import.meta.resolve('zod');\n";
    assert.equal(withModuleLocation(source, 'x.ts'), source);
  });
});
