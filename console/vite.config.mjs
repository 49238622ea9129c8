import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

// The console is served by the service at / (src/console/serve-console.ts), from dist/console.
// No plugin: Vite's own transform compiles the TSX (React's automatic runtime); nothing is
// inlined into index.html, so the page runs under a CSP without 'unsafe-inline'.
export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: path.join(here, '..', 'dist', 'console'),
    emptyOutDir: true,
    // Vite would inline small assets as data: URLs; the CSP allows none for scripts and styles.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
    // ELK (the graph layout, about 1.4 MB) is a chunk of its own, loaded with the first graph.
    chunkSizeWarningLimit: 2000,
  },
  server: {
    // `npx vite console` while `npm start` runs: the API calls go to the service.
    proxy: { '/api': 'http://localhost:3000' },
  },
});
