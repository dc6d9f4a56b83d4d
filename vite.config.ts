/**
 * Vite configuration of the browser demo (`demo/`): dev (`vite`) and preview (`vite preview`)
 * servers on 127.0.0.1 with the cross-origin isolation headers on every response, and a static
 * build in `dist-demo/` (host it with the same headers: docs/hosting.md).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { crossOriginIsolation } from './src/dev/vite-plugin.ts';

const root = fileURLToPath(new URL('./demo', import.meta.url));
const outDir = fileURLToPath(new URL('./dist-demo', import.meta.url));

export default defineConfig({
  root,
  // Relative asset URLs: the built demo works from any sub-path of a static host.
  base: './',
  plugins: [crossOriginIsolation()],
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  worker: { format: 'es' },
  build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: true },
});
