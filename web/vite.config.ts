import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The UI is served by the Fastify server from web/dist; in development Vite proxies /api to it.
export default defineConfig(({ mode }) => ({
  root,
  base: '/',
  plugins: [react()],
  resolve: {
    // ketcher-core imports Node's `events`; the browser gets a small stand-in.
    alias: [
      { find: /^events$/, replacement: fileURLToPath(new URL('./src/shims/events.ts', import.meta.url)) },
      // paper-full bundles PaperScript (an in-browser compiler built on `new Function`), which the
      // server's Content-Security-Policy rightly forbids; Ketcher only needs the core drawing API.
      { find: /^paper$/, replacement: fileURLToPath(new URL('../node_modules/paper/dist/paper-core.js', import.meta.url)) },
    ],
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // Ketcher is large but loaded lazily, only when the user opens the sketcher.
    chunkSizeWarningLimit: 32_000,
  },
  define: {
    // React and Ketcher pick their production code by process.env.NODE_ENV; it must be replaced
    // explicitly, before the catch-all below, or the development builds would ship.
    'process.env.NODE_ENV': JSON.stringify(mode === 'production' ? 'production' : 'development'),
    // Ketcher reads other process.env.* at runtime; the browser has no `process`.
    'process.env': {},
    // ...and some of its dependencies expect Node's `global`.
    global: 'globalThis',
  },
  server: {
    proxy: { '/api': process.env.NARCOTRACE_API_URL ?? 'http://127.0.0.1:8080' },
  },
}));
