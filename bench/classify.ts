/**
 * Throughput benchmark of `narcotrace classify --input` against a native RDKit baseline.
 *
 *   npm run bench:classify -- [FILE] [--workers N] [--skip-full] [--runs N] [--profile]
 *
 * --runs N repeats the baseline and the prefilter mode N times, alternating, and reports the median ratio
 * (the machine is shared: single runs swing). --profile runs the prefilter mode once more with
 * NARCOTRACE_PROFILE=1 and prints its per-stage table (docs/performance.md); that run is not timed.
 *
 * FILE defaults to ../shared/data/catalog/catalog-72k.smi (skipped with a message when absent). Runs, in
 * one go: the native baseline (bench/rdkit_baseline.py under Debian's /usr/bin/python3 with
 * python3-rdkit: parse + one SMARTS, one thread), the CLI with the prefilter (default) and with
 * --no-prefilter. Each CLI run is a child process; peak RSS is the highest VmHWM/VmRSS sampled from
 * /proc over the process and its descendants (worker threads share the process, so they are included).
 * Prints a table with ratios to the baseline, the counts of controlled records per jurisdiction, and
 * whether both modes gave the same verdict for every record.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && ['--workers', '--runs'].includes(args[i - 1])));
const file = positional[0] ?? join(root, '..', 'shared', 'data', 'catalog', 'catalog-72k.smi');
const workers = option('--workers');
const runs = Math.max(1, Number(option('--runs') ?? 1) || 1);

interface Measured {
  label: string;
  records: number;
  wallSeconds: number;
  /** Rate after start-up, from the CLI's summary (the baseline's timed loop). */
  steadyRate?: number;
  peakRssBytes?: number;
  /** CPU seconds (all threads) of the timed part: after start-up, or the baseline's loop. */
  cpuSeconds?: number;
  exitCode: number | null;
  stderr: string;
}

/** Peak resident memory of a process tree, sampled from /proc. */
function sampleTree(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended between readdir and read.
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      const rss = /VmRSS:\s+(\d+) kB/.exec(status);
      total += Number((hwm ?? rss)?.[1] ?? 0) * 1024;
    } catch {
      // Gone.
    }
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

function run(label: string, command: string, commandArgs: string[], env: NodeJS.ProcessEnv = process.env): Promise<Measured & { stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, commandArgs, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let peak = 0;
    const timer = setInterval(() => {
      if (child.pid) peak = Math.max(peak, sampleTree(child.pid));
    }, 100);
    child.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.on('close', (exitCode) => {
      clearInterval(timer);
      const wallSeconds = (performance.now() - started) / 1000;
      const steady = /([\d,]+) records\/s after start-up/.exec(stderr);
      const records = /Classified ([\d,]+) records/.exec(stderr);
      const cpu = /CPU ([\d.]+) s after start-up/.exec(stderr);
      resolve({
        label,
        records: records ? Number(records[1].replace(/,/g, '')) : 0,
        wallSeconds,
        steadyRate: steady ? Number(steady[1].replace(/,/g, '')) : undefined,
        peakRssBytes: peak || undefined,
        cpuSeconds: cpu ? Number(cpu[1]) : undefined,
        exitCode,
        stdout,
        stderr,
      });
    });
  });
}

interface Line {
  ok: boolean;
  screenedOut?: boolean;
  error?: { code: string };
  jurisdictions?: Record<string, { controlled: boolean; needsReview: boolean; findings: { rule: string }[] }>;
}

interface Counts {
  records: number;
  errors: number;
  screenedOut: number;
  controlled: Record<string, number>;
  /** One short signature per record, to compare the two modes record by record. */
  signatures: string[];
}

async function countOutput(path: string): Promise<Counts> {
  const counts: Counts = { records: 0, errors: 0, screenedOut: 0, controlled: {}, signatures: [] };
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (!text) continue;
    const line = JSON.parse(text) as Line;
    counts.records++;
    if (!line.ok) {
      counts.errors++;
      counts.signatures.push(`error:${line.error?.code}`);
      continue;
    }
    if (line.screenedOut) counts.screenedOut++;
    const parts: string[] = [];
    for (const [j, v] of Object.entries(line.jurisdictions ?? {})) {
      if (v.controlled) counts.controlled[j] = (counts.controlled[j] ?? 0) + 1;
      parts.push(`${j}:${v.controlled ? 1 : 0}${v.needsReview ? 'r' : ''}:${v.findings.map((f) => f.rule).sort().join('+')}`);
    }
    counts.signatures.push(parts.join(' '));
  }
  return counts;
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};
const fmt = (n: number | undefined, digits = 0) => (n === undefined ? '-' : n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const mib = (b: number | undefined) => (b === undefined ? '-' : `${Math.round(b / 1024 / 1024)} MiB`);

async function main(): Promise<void> {
  if (!existsSync(file)) {
    console.log(`bench:classify skipped: ${file} not found (pass a SMILES file, or provide ../shared/data/catalog/catalog-72k.smi).`);
    return;
  }
  console.log(`Benchmark file: ${file}`);
  const dir = mkdtempSync(join(tmpdir(), 'narcotrace-bench-'));
  const results: Measured[] = [];
  /** The baseline rate of the same round, for each CLI run's ratio. */
  const baselines = new Map<Measured, number | undefined>();

  const python = '/usr/bin/python3';
  const cli = join(root, 'bin', 'narcotrace.js');
  const common = ['classify', '--input', file, '--quiet', ...(workers ? ['--workers', workers] : [])];
  const modes: { label: string; extra: string[]; out: string }[] = [{ label: 'Narcotrace, prefilter (default)', extra: [], out: join(dir, 'prefilter.jsonl') }];
  if (!flag('--skip-full')) modes.push({ label: 'Narcotrace, --no-prefilter', extra: ['--no-prefilter'], out: join(dir, 'full.jsonl') });
  const counts: Counts[] = [];
  const versions: string[] = [];
  const ratios: number[] = [];
  let baselineMissing = false;

  // Baseline and prefilter mode, `runs` times, alternating; then --no-prefilter once.
  for (let r = 1; r <= runs; r++) {
    const suffix = runs > 1 ? ` [run ${r}]` : '';
    let baselineRate: number | undefined;
    if (!existsSync(python)) {
      if (!baselineMissing) console.log('  baseline skipped: /usr/bin/python3 not found (apt-get install -y python3 python3-rdkit)');
      baselineMissing = true;
    } else {
      const base = await run(`RDKit native, 1 thread (parse + 1 SMARTS)${suffix}`, python, [join(root, 'bench', 'rdkit_baseline.py'), file]);
      if (base.exitCode === 0) {
        const json = JSON.parse(base.stdout) as { records: number; seconds: number; rate: number; matched: number; cpu_seconds?: number };
        baselineRate = json.rate;
        results.push({ ...base, records: json.records, steadyRate: json.rate, cpuSeconds: json.cpu_seconds });
        console.log(`  baseline${suffix}: ${json.records} records, ${json.matched} with the fentanyl core, ${fmt(json.rate)} mol/s`);
      } else if (!baselineMissing) {
        console.log(`  baseline skipped: ${base.stderr.trim().split('\n').pop()} (apt-get install -y python3-rdkit)`);
        baselineMissing = true;
      }
    }
    const mode = modes[0];
    const m = await measureMode({ ...mode, label: mode.label + suffix }, r === 1);
    if (m && baselineRate && m.steadyRate) ratios.push(m.steadyRate / baselineRate);
    if (m) baselines.set(m, baselineRate);
  }
  if (modes[1]) await measureMode(modes[1], true);

  async function measureMode(mode: { label: string; extra: string[]; out: string }, count: boolean): Promise<Measured | undefined> {
    const r = await run(mode.label, process.execPath, [cli, ...common, ...mode.extra, '--output', mode.out]);
    if (r.exitCode !== 0 && r.exitCode !== 2) {
      console.log(`  ${mode.label} failed (exit ${r.exitCode}):\n${r.stderr}`);
      return undefined;
    }
    results.push(r);
    if (count) {
      counts.push(await countOutput(mode.out));
      versions.push(/data (rules:\S+)/.exec(r.stderr)?.[1] ?? '');
    }
    console.log(`  ${mode.label}: summary\n${r.stderr.replace(/^/gm, '    ').trimEnd()}`);
    return r;
  }

  if (flag('--profile')) {
    const p = await run('profile', process.execPath, [cli, ...common, '--output', join(dir, 'profile.jsonl')], { ...process.env, NARCOTRACE_PROFILE: '1' });
    const table = p.stderr.slice(p.stderr.indexOf('Profile ('));
    console.log(`\nPer-stage profile of the prefilter mode (a separate run with NARCOTRACE_PROFILE=1; its timing includes the profiler):\n${table.trimEnd()}`);
  }

  // On a shared machine wall time swings with the load; CPU time much less. "2-core CPU projection":
  // records per CPU-second times 2 (two cores kept busy), against the baseline's records per CPU-second.
  console.log(
    '\n| run | records | wall s | mol/s (wall, incl. start-up) | mol/s (after start-up) | peak RSS | vs baseline (wall) | vs baseline (after start-up) | CPU s (after start-up) | 2-core CPU projection vs baseline |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  let baselineCpuRate: number | undefined;
  let baselineRate: number | undefined;
  const cpuRatios: number[] = [];
  for (const r of results) {
    const wallRate = r.records / r.wallSeconds;
    const isBaseline = r.label.startsWith('RDKit native');
    if (isBaseline) {
      baselineRate = r.steadyRate;
      baselineCpuRate = r.cpuSeconds ? r.records / r.cpuSeconds : undefined;
    }
    const base = baselines.get(r) ?? baselineRate;
    const ratio = (x: number | undefined) => (base && x ? `${(x / base).toFixed(2)}×` : '-');
    const cpuProjection = !isBaseline && r.cpuSeconds && baselineCpuRate ? `${((2 * r.records) / r.cpuSeconds / baselineCpuRate).toFixed(2)}×` : '-';
    if (!isBaseline && r.cpuSeconds && baselineCpuRate && r.label.startsWith('Narcotrace, prefilter')) cpuRatios.push((2 * r.records) / r.cpuSeconds / baselineCpuRate);
    console.log(
      `| ${r.label} | ${fmt(r.records)} | ${fmt(r.wallSeconds, 2)} | ${fmt(wallRate)} | ${fmt(r.steadyRate)} | ${mib(r.peakRssBytes)} | ${ratio(wallRate)} | ${ratio(r.steadyRate)} | ${fmt(r.cpuSeconds, 2)} | ${cpuProjection} |`,
    );
  }

  if (ratios.length > 1) {
    const list = (xs: number[]) => xs.map((x) => `${x.toFixed(2)}×`).join(', ');
    console.log(`\nPrefilter mode vs the baseline of the same round, after start-up: ${list(ratios)}; median ${median(ratios).toFixed(2)}×.`);
    if (cpuRatios.length) console.log(`2-core CPU projection: ${list(cpuRatios)}; median ${median(cpuRatios).toFixed(2)}×.`);
  }

  console.log('\nCounts (from the JSON Lines output):');
  modes.forEach((m, i) => {
    const c = counts[i];
    if (!c) return;
    console.log(
      `  ${m.label}: ${fmt(c.records)} records, ${fmt(c.errors)} errors, ${fmt(c.screenedOut)} screened out; controlled ${Object.entries(c.controlled)
        .map(([j, n]) => `${j} ${n}`)
        .join(', ') || 'none'}`,
    );
  });
  if (counts.length === 2) {
    if (versions[0] !== versions[1]) console.log(`  Warning: the two modes ran with different data (${versions[0]} vs ${versions[1]}): the data changed during the benchmark.`);
    const [fast, full] = counts;
    let differ = 0;
    const examples: string[] = [];
    for (let i = 0; i < Math.max(fast.signatures.length, full.signatures.length); i++) {
      if (fast.signatures[i] === full.signatures[i]) continue;
      // A screened-out record whose SMILES RDKit rejects is ok:true (not controlled) in prefilter mode: not a verdict difference.
      if (full.signatures[i]?.startsWith('error:') && fast.signatures[i] && !fast.signatures[i].startsWith('error:') && !fast.signatures[i].includes(':1')) continue;
      differ++;
      if (examples.length < 5) examples.push(`record ${i + 1}: prefilter "${fast.signatures[i]}" vs full "${full.signatures[i]}"`);
    }
    if (differ) {
      const byRule: Record<string, number> = {};
      for (let i = 0; i < full.signatures.length; i++) {
        if (fast.signatures[i] === full.signatures[i] || full.signatures[i]?.startsWith('error:')) continue;
        const missing = new Set((full.signatures[i].match(/[A-Z]{2}-[A-Z0-9-]+/g) ?? []).filter((r) => !fast.signatures[i]?.includes(r)));
        for (const r of missing) byRule[r] = (byRule[r] ?? 0) + 1;
      }
      console.log(`  Findings only --no-prefilter gave, per rule: ${Object.entries(byRule).map(([r, n]) => `${r} ${n}`).join(', ')}`);
    }
    const invalidScreened = full.signatures.filter((s, i) => s.startsWith('error:') && !fast.signatures[i]?.startsWith('error:')).length;
    console.log(`  Agreement: ${differ === 0 ? 'the same verdict and findings for every record' : `${differ} records differ`} in both modes.${invalidScreened ? ` (${invalidScreened} records RDKit rejects were screened out as not controlled by the prefilter.)` : ''}`);
    for (const e of examples) console.log(`    ${e}`);
  }
  rmSync(dir, { recursive: true, force: true });
}

await main();
