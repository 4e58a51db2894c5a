/**
 * `narcotrace attribution …`: impurity profiles, linkage calibration, link queries, and the simulation
 * evaluation (docs/attribution.md).
 *
 *   narcotrace attribution import FILE.csv [--agency A]
 *   narcotrace attribution calibrate --name NAME [--fpr 0.005] [--panel ID|FILE.json] [--bootstrap N] [--agency A]
 *   narcotrace attribution link --calibration ID [--sample S] [--agency A] [--json]
 *   narcotrace attribution evaluate [--cv 0.05,0.15,0.3,0.5] [--between 0.3] [--seed 1] [--json]
 *
 * Profiles and calibrations live in the store selected by NARCOTRACE_DB / DATABASE_URL and belong to
 * an agency: the operator agency by default, or --agency. Exit codes: 0 done; 2 bad input or option.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { linkGraph, linkQuery } from '../attribution/graph.js';
import { evaluateOnSimulation } from '../attribution/evaluate.js';
import { routeIndicators } from '../attribution/markers.js';
import { parsePanel } from '../attribution/panels.js';
import { parseProfileCsv } from '../attribution/profile.js';
import { calibrateProfiles } from '../attribution/service.js';
import { problem, ProblemError, type Problem } from '../problems.js';
import type { Stores } from '../store/open.js';
import { scopeFor, withStores } from './stores.js';


function fail(p: Problem): never {
  process.stderr.write(`error ${p.code}: ${p.message}\n`);
  process.exit(2);
}

async function run(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (err instanceof ProblemError) fail(err.problem);
    throw err;
  }
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

type ImportOptions = { agency?: string };
type CalibrateOptions = { name: string; fpr: string; panel?: string; bootstrap: string; agency?: string };
type LinkOptions = { calibration?: string; sample?: string; agency?: string; json?: boolean };

export function register(program: Command): void {
  const cmd = program.command('attribution').description('Impurity-profile linkage at a calibrated false-positive rate, and route indicators (intelligence, not identification).');

  cmd
    .command('import <file>')
    .description('Import impurity profiles (CSV peak tables: sample,compound,inchikey,ri,area[,batch][,incident][,drug]).')
    .option('--agency <agency>', 'agency id or name (default: the operator agency)')
    .action((file: string, o: ImportOptions) => importProfiles(file, o));

  calibrateCommand(cmd, 'Calibrate linkage on the agency’s profiles with a known source (batch): choose pretreatment × metric by ROC AUC, threshold at a false-positive rate.');

  cmd
    .command('link')
    .description('Link samples with a calibration: the clusters of candidate common sources, or one sample against all.')
    .option('--calibration <id>', 'calibration id (default: the newest)')
    .option('--sample <sample>', 'compare this sample with all others')
    .option('--agency <agency>', 'agency id or name')
    .option('--json', 'print JSON')
    .action((o: LinkOptions) => link(o));

  // The names of issue #14: `profiles import`, `link calibrate`, `link query SAMPLE` (the same actions).
  program
    .command('profiles')
    .description('Impurity profiles (same as `attribution import`).')
    .command('import <file>')
    .description('Import impurity profiles from a CSV peak table.')
    .option('--agency <agency>', 'agency id or name (default: the operator agency)')
    .action((file: string, o: ImportOptions) => importProfiles(file, o));
  const linkCmd = program.command('link').description('Linkage of impurity profiles (same as `attribution calibrate` / `attribution link`).');
  calibrateCommand(linkCmd, 'Calibrate linkage on the agency’s profiles with a known source.');
  linkCmd
    .command('query <sample>')
    .description('One sample against all others, with distances and likelihood ratios.')
    .option('--calibration <id>', 'calibration id (default: the newest)')
    .option('--agency <agency>', 'agency id or name')
    .option('--json', 'print JSON')
    .action((sample: string, o: LinkOptions) => link({ ...o, sample }));

  registerEvaluate(cmd);
}

/** `calibrate` under `attribution` and under `link`: one set of options. */
function calibrateCommand(parent: Command, description: string): void {
  parent
    .command('calibrate')
    .description(description)
    .requiredOption('--name <name>', 'name of the calibration')
    .option('--fpr <rate>', 'target false-positive rate', '0.005')
    .option('--panel <panel>', 'a panel id, or a user panel JSON file')
    .option('--bootstrap <n>', 'bootstrap replicates', '1000')
    .option('--agency <agency>', 'agency id or name')
    .action((o: CalibrateOptions) => calibrate(o));
}

function importProfiles(file: string, o: ImportOptions): Promise<void> {
  return run(async () => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      fail(problem('FILE_NOT_FOUND', `${file} does not exist.`));
    }
    const { profiles, problems } = parseProfileCsv(text);
    for (const p of problems) process.stderr.write(`${file}:${p.where?.line ?? '?'}: ${p.code}: ${p.message}\n`);
    if (!profiles.length) fail(problems[0] ?? problem('NO_PROFILES', 'The file holds no readable peak.'));
    await withStores(async (stores) => {
      const r = await stores.attribution.saveProfiles(await scopeFor(stores, o.agency), profiles, new Date().toISOString());
      process.stdout.write(`imported ${r.inserted.length} new and ${r.updated.length} replaced profiles; ${problems.length} lines skipped\n`);
      for (const p of profiles) for (const i of routeIndicators(p)) process.stdout.write(`  ${p.sample}: ${i.statement} ${i.caveat}\n`);
    });
  });
}

function calibrate(o: CalibrateOptions): Promise<void> {
  return run(async () => {
    const targetFpr = Number(o.fpr);
    if (!(targetFpr > 0 && targetFpr < 0.5)) fail(problem('INVALID_OPTION', '--fpr is a rate between 0 and 0.5.', { field: 'fpr' }));
    const panel = o.panel?.endsWith('.json') ? parsePanel(JSON.parse(readFileSync(o.panel, 'utf8'))) : o.panel;
    await withStores(async (stores) => {
      const scope = await scopeFor(stores, o.agency);
      const result = calibrateProfiles(await stores.attribution.allProfiles(scope), { targetFpr, panel, bootstrap: Number(o.bootstrap) });
      const saved = await stores.attribution.saveCalibration(scope, o.name, result, new Date().toISOString());
      const ci = (e: { value: number; ci: [number, number] }) => `${pct(e.value)} (95% CI ${pct(e.ci[0])}–${pct(e.ci[1])})`;
      process.stdout.write(
        [
          `calibration ${saved.id} "${saved.name}": ${result.linkedPairs} linked, ${result.unlinkedPairs} unlinked pairs`,
          `chosen ${result.chosen.pretreatment} × ${result.chosen.metric}, AUC ${result.chosen.auc.toFixed(4)}; threshold ${result.model.threshold.toPrecision(4)} (linked when below)`,
          `TPR ${ci(result.tpr)}; FPR ${ci(result.fpr)} at target ${pct(targetFpr)}; Cllr ${result.cllr.toFixed(3)}`,
          ...result.warnings.map((w) => `warning: ${w}`),
        ].join('\n') + '\n',
      );
    });
  });
}

function link(o: LinkOptions): Promise<void> {
  return run(async () => {
    await withStores(async (stores) => {
      const scope = await scopeFor(stores, o.agency);
      const id = o.calibration ?? (await stores.attribution.listCalibrations(scope))[0]?.id;
      const cal = id === undefined ? undefined : await stores.attribution.calibrationById(scope, Number(id));
      if (!cal) fail(problem('CALIBRATION_NOT_FOUND', o.calibration ? `There is no calibration ${o.calibration}.` : 'There is no calibration yet: run `narcotrace link calibrate` first.'));
      const profiles = await stores.attribution.allProfiles(scope);
      if (o.sample) {
        const q = profiles.find((p) => p.sample === o.sample);
        if (!q) fail(problem('PROFILE_NOT_FOUND', `There is no impurity profile "${o.sample}".`));
        const matches = linkQuery(cal.result.model, q, profiles);
        if (o.json) return void process.stdout.write(JSON.stringify({ matches }) + '\n');
        for (const m of matches.slice(0, 20)) process.stdout.write(`${m.linked ? 'LINKED' : '      '} ${m.sample}  distance ${m.distance.toPrecision(4)}  log10 LR ${m.log10Lr.toFixed(2)}\n`);
        return;
      }
      const graph = linkGraph(cal.result.model, profiles);
      if (o.json) return void process.stdout.write(JSON.stringify({ graph }) + '\n');
      for (const c of graph.clusters) process.stdout.write(`cluster ${c.id}: ${c.samples.join(', ')}${c.incidents.length ? ` (incidents ${c.incidents.join(', ')})` : ''}\n`);
      process.stdout.write(`${graph.edges.length} links, ${graph.clusters.length} clusters of ${graph.nodes.length} samples\n`);
    });
  });
}

function registerEvaluate(cmd: Command): void {
  cmd
    .command('evaluate')
    .description('Calibrate and test on simulated profiles with a known answer, over analytical noise levels (docs/attribution.md).')
    .option('--cv <list>', 'within-batch coefficients of variation', '0.05,0.15,0.3,0.5')
    .option('--between <sd>', 'between-batch log-SD', '0.3')
    .option('--seed <n>', 'seed', '1')
    .option('--json', 'print JSON')
    .action((o: { cv: string; between: string; seed: string; json?: boolean }) =>
      run(async () => {
        const rows = o.cv.split(',').map((cv) => evaluateOnSimulation({ withinBatchCv: Number(cv), betweenBatchSd: Number(o.between), seed: Number(o.seed) }));
        if (o.json) return void process.stdout.write(JSON.stringify(rows) + '\n');
        process.stdout.write('cv     chosen                 AUC(test)  TPR(test)  FPR(test)  FPR 95% CI (calibration)  Cllr(test)\n');
        for (const r of rows)
          process.stdout.write(
            `${String(r.params.withinBatchCv).padEnd(6)} ${r.chosen.padEnd(22)} ${r.test.auc.toFixed(4).padEnd(10)} ${pct(r.test.tpr).padEnd(10)} ${pct(r.test.fpr).padEnd(10)} ${`${pct(r.calibration.fpr.ci[0])}–${pct(r.calibration.fpr.ci[1])}`.padEnd(25)} ${r.test.cllr.toFixed(3)}\n`,
          );
      }),
    );
}
