/**
 * Load benchmark of the HTTP API: starts `narcotrace serve` as a child process on a free loopback
 * port with a throw-away SQLite database, then drives POST /api/classify with autocannon:
 *   (a) one structure repeated (the verdict cache path),
 *   (b) distinct structures (a miss on nearly every request: the classifier's real cost),
 *   (c) GET /api/substances?q=… (registry look-up).
 * Prints req/s, p50 and p99 latency per scenario, and the server's CPU time per request (Linux), which
 * stays meaningful when other processes compete for the cores.
 *
 *   npm run bench:server -- [--duration 10] [--connections 32] [--catalog ../shared/data/catalog/catalog-72k.smi]
 *
 * Distinct structures come from the catalog when it is present (the first 20,000 lines), otherwise
 * from a small generated series. Numbers depend on the machine and on what else runs on it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The part of autocannon's API used here (the package ships no type declarations). */
interface AutocannonRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}
interface AutocannonOptions extends AutocannonRequest {
  url: string;
  connections: number;
  duration: number;
  requests?: AutocannonRequest[];
}
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: AutocannonOptions, done: (err: Error | null, result: AutocannonResult) => void) => unknown;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const duration = Number(arg('duration', '10'));
const connections = Number(arg('connections', '32'));
const catalogPath = resolve(root, arg('catalog', process.env.NARCOTRACE_CATALOG ?? '../shared/data/catalog/catalog-72k.smi'));

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

function startChild(port: number, dbPath: string): Promise<ChildProcess> {
  return new Promise((resolveChild, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'narcotrace.js'), 'serve', '--port', String(port), '--host', '127.0.0.1'], {
      cwd: root,
      env: { ...process.env, NARCOTRACE_DB: dbPath, DATABASE_URL: '', NARCOTRACE_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start within 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Narcotrace is running at')) {
        clearTimeout(timer);
        resolveChild(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code}:\n${output}`));
    });
  });
}

function distinctStructures(): { list: string[]; source: string } {
  if (existsSync(catalogPath)) {
    const list = readFileSync(catalogPath, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 20_000);
    return { list, source: `${catalogPath} (first ${list.length})` };
  }
  // Fallback: alkyl chains, alcohols, amines and aryl derivatives, each a distinct valid structure.
  const list: string[] = [];
  for (let n = 1; n <= 60; n++) {
    const chain = 'C'.repeat(n);
    list.push(chain, `${chain}O`, `${chain}N`, `${chain}c1ccccc1`, `${chain}C(=O)O`, `${chain}N(C)C`, `${chain}Oc1ccccc1`, `${chain}C(=O)Nc1ccccc1`);
  }
  return { list, source: `generated series (${list.length}); catalog not found at ${catalogPath}` };
}

/** CPU seconds (user + system) the server process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return undefined;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ on Linux
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

interface Scenario {
  name: string;
  options: AutocannonOptions;
}

function run(options: AutocannonOptions): Promise<AutocannonResult> {
  return new Promise((resolveRun, reject) => {
    autocannon(options, (err, result) => (err ? reject(err) : resolveRun(result)));
  });
}

async function main() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'narcotrace-bench-'));
  const url = `http://127.0.0.1:${port}`;
  console.log(`Starting the server on ${url} (SQLite in ${dir}) …`);
  const child = await startChild(port, join(dir, 'bench.db'));
  try {
    const fentanyl = JSON.stringify({ structure: 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1' });
    const distinct = distinctStructures();
    let next = 0;
    const scenarios: Scenario[] = [
      {
        name: '(a) POST /api/classify, one structure repeated',
        options: { url: `${url}/api/classify`, method: 'POST', headers: { 'content-type': 'application/json' }, body: fentanyl, connections, duration },
      },
      {
        name: `(b) POST /api/classify, distinct structures from ${distinct.source}`,
        options: {
          url: `${url}/api/classify`,
          connections,
          duration,
          requests: [
            {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              setupRequest: (req) => ({ ...req, body: JSON.stringify({ structure: distinct.list[next++ % distinct.list.length] }) }),
            },
          ],
        },
      },
      {
        name: '(c) GET /api/substances?q=fentanyl',
        options: { url: `${url}/api/substances?q=fentanyl`, connections, duration },
      },
    ];
    // Warm-up (not reported): JIT compilation, RDKit's first calls and the first history writes.
    await run({ ...scenarios[0].options, duration: 2 });
    await run({ url: `${url}/api/substances?q=fentanyl`, connections, duration: 1 });
    const rows: string[] = [];
    for (const s of scenarios) {
      console.log(`\n${s.name}: ${connections} connections, ${duration} s …`);
      const cpuBefore = cpuSeconds(child.pid);
      const r = await run(s.options);
      const cpuAfter = cpuSeconds(child.pid);
      // Server CPU per request: a load-independent measure when other processes share the machine.
      const cpu =
        cpuBefore !== undefined && cpuAfter !== undefined && r.requests.total > 0
          ? `, server CPU ${((1000 * (cpuAfter - cpuBefore)) / r.requests.total).toFixed(2)} ms/request (≈ ${Math.round(r.requests.total / (cpuAfter - cpuBefore)).toLocaleString('en')} req/s per free core)`
          : '';
      const line = `${s.name}\n    ${Math.round(r.requests.average).toLocaleString('en')} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${r.requests.total.toLocaleString('en')} requests, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts${cpu}`;
      console.log(line);
      rows.push(line);
    }
    console.log(`\nSummary (${new Date().toISOString()}, ${process.platform}, Node ${process.version}):\n${rows.join('\n')}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
