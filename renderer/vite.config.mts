import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    // XENDESK_DIST: see scripts/build.mjs
    outDir: path.resolve(
      fileURLToPath(new URL('..', import.meta.url)),
      process.env.XENDESK_DIST ?? 'dist',
      'renderer',
    ),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
});
