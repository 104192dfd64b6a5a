import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { devServerCsp } from './scripts/dev-csp';

/** `@contract/*`: the IPC contract's neutral home (tsconfig.base.json `paths`). */
const resolveContract = { alias: { '@contract': resolve('contract') } };

export default defineConfig({
  main: {
    resolve: resolveContract,
    build: {
      outDir: 'out/main',
      // room-process: the hosted room's own process (electron/utility-room-process.ts starts it).
      rollupOptions: {
        input: { index: resolve('electron/main.ts'), 'room-process': resolve('main/host/room-process-entry.ts') },
      },
    },
  },
  preload: {
    resolve: resolveContract,
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    resolve: resolveContract,
    plugins: [react(), tailwindcss(), devServerCsp()],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified by default (191 KB gzipped then, 129 KB minified); the app
      // ships minified, the same build the end-to-end tests and bench:ui drive (e2e/support/renderer-build.ts).
      minify: true,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
