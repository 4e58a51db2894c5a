#!/usr/bin/env node
/**
 * Builds the web UI (web/dist) only when it is missing or older than its sources, so `npm start`
 * stays fast on restarts. Usage: node scripts/ensure-web-build.mjs [--force]
 * Exit code 0 when web/dist is up to date (built now or before), non-zero when the build failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const builtIndex = join(web, 'dist', 'index.html');

/** Newest modification time among the files that go into the build. */
function newestSource() {
  let newest = 0;
  const visit = (path) => {
    const st = statSync(path);
    if (st.isDirectory()) {
      for (const name of readdirSync(path)) if (!name.endsWith('.test.ts')) visit(join(path, name));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  visit(join(web, 'src'));
  for (const file of ['index.html', 'vite.config.ts']) if (existsSync(join(web, file))) visit(join(web, file));
  return newest;
}

export function webBuildIsStale() {
  if (!existsSync(builtIndex)) return true;
  return statSync(builtIndex).mtimeMs < newestSource();
}

export function ensureWebBuild({ force = false, quiet = false } = {}) {
  if (!force && !webBuildIsStale()) {
    if (!quiet) console.error('web UI: web/dist is up to date');
    return true;
  }
  if (!quiet) console.error('web UI: building web/dist (vite build)…');
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', join(web, 'vite.config.ts'), '--logLevel', quiet ? 'error' : 'warn'], {
    cwd: root,
    stdio: 'inherit',
    // A caller's NODE_ENV (vitest sets "test") would make the React plugin emit the development JSX
    // runtime into a production bundle (jsxDEV is not a function): a build is always a production build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return r.status === 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exit(ensureWebBuild({ force: process.argv.includes('--force') }) ? 0 : 1);
}
