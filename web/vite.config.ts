import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The UI is served by the Fastify server from web/dist; in development Vite proxies /api to it.
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // Ketcher is large but loaded lazily, only when the user opens the sketcher.
    chunkSizeWarningLimit: 32_000,
  },
  define: {
    // Ketcher reads process.env.* at runtime; the browser has no `process`.
    'process.env': {},
  },
  server: {
    proxy: { '/api': process.env.NARCOTRACE_API_URL ?? 'http://127.0.0.1:3000' },
  },
});
