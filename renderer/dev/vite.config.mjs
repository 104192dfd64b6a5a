// Builds the renderer alone (no Electron main/preload) for screenshots and the UI benchmark:
//   npx vite build renderer --config renderer/dev/vite.config.mjs --outDir /tmp/sb-renderer
// The app itself is built by electron.vite.config.ts with the same plugins.
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  plugins: [react(), tailwindcss()],
  build: { emptyOutDir: true, reportCompressedSize: true },
});
