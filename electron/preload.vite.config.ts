// Bundles preload.ts into the single CommonJS file a sandboxed preload must be
// (electron/dist/preload.cjs): `npm run build:electron`.
import path from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: path.join(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    minify: false,
    lib: {
      entry: path.join(import.meta.dirname, 'preload.ts'),
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    rollupOptions: { external: ['electron'] },
  },
});
