import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** The web app: `src/web` in, `dist/web` out; the Baton server serves the result. */
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npx vite --config src/web/vite.config.ts` for live editing against `npm start` on :3000.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
