/**
 * Builds the renderer into renderer/dist. base './' makes every asset URL relative, so the
 * same build loads from Electron's file/app URL and from the web host at any path.
 */
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Electron and Chromium only: no legacy polyfills, one modern bundle.
    modulePreload: { polyfill: false },
  },
});
