import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The build goes to ../pb_public, which is committed and embedded in the binary (public.go).
// FOLIO_WEB_OUT builds elsewhere: `make web-check` compares such a build with the committed one.
export default defineConfig({
  plugins: [svelte({
    // Props read once on purpose (a form's initial values) are not mistakes.
    compilerOptions: { warningFilter: (w) => w.code !== 'state_referenced_locally' },
  })],
  base: '/',
  build: {
    outDir: process.env.FOLIO_WEB_OUT || '../pb_public',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    modulePreload: { polyfill: false },
    target: 'es2022',
    chunkSizeWarningLimit: 600, // CodeMirror's chunk, loaded only when an editor opens
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8090', '/_': 'http://127.0.0.1:8090' },
  },
});
