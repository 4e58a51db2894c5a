/**
 * `narcotrace briefing US CN --from D --to D --agency A --out FILE.pdf|FILE.html [--json]`: the bilateral
 * briefing (src/warning/briefing.ts) for a period and a pair of jurisdictions, as the agency named by
 * --agency sees it (the operator at the machine acting for it, as `narcotrace exchange` does; same
 * database as `serve`: DATABASE_URL, NARCOTRACE_DB). The PDF is rendered by /usr/bin/chromium through
 * playwright-core (src/warning/pdf.ts); no browser is ever downloaded.
 *
 * Exit codes: 0 written; 2 a bad option or an unknown agency; 1 the run failed (e.g. no Chromium for a PDF).
 */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import type { IdentityService } from '../identity/service.js';
import type { Classifier } from '../law/classify.js';
import type { Jurisdiction } from '../law/verdict.js';
import { problem, type Problem } from '../problems.js';
import { renderBriefingHtml } from '../warning/briefing.js';
import { WarningService } from '../warning/service.js';
import type { WarningStore } from '../warning/store.js';
import { parseAsOf, parseJurisdictions } from './classify.js';

export interface BriefingOptions {
  from?: string;
  to?: string;
  out?: string;
  agency?: string;
  json?: boolean;
}

export interface BriefingDeps {
  warning: WarningStore;
  identity: IdentityService;
  classifier: Classifier;
  /** Renders HTML to PDF (default: src/warning/pdf.ts). */
  toPdf?: (html: string) => Promise<Buffer>;
  now?: () => string;
}

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

type Checked = { ok: true; a: Jurisdiction; b: Jurisdiction; from: string; to: string; out: string; format: 'pdf' | 'html' } | { ok: false; problem: Problem };

export function validateBriefing(a: string, b: string, o: BriefingOptions): Checked {
  const pair = parseJurisdictions(`${a},${b}`);
  if (!pair.ok) return pair;
  if (pair.value.length !== 2) return { ok: false, problem: problem('INVALID_OPTION', `Brief on two different jurisdictions (got ${a} and ${b}).`, { field: 'jurisdictions' }) };
  if (!o.from || !o.to) return { ok: false, problem: problem('INVALID_OPTION', '--from DATE and --to DATE are required.', { field: o.from ? 'to' : 'from' }) };
  const from = parseAsOf(o.from);
  if (!from.ok) return from;
  const to = parseAsOf(o.to);
  if (!to.ok) return to;
  if (from.value > to.value) return { ok: false, problem: problem('INVALID_OPTION', `--from ${from.value} is after --to ${to.value}.`, { field: 'from' }) };
  if (!o.out) return { ok: false, problem: problem('INVALID_OPTION', '--out FILE.pdf or FILE.html is required.', { field: 'out' }) };
  const ext = extname(o.out).toLowerCase();
  if (ext !== '.pdf' && ext !== '.html' && ext !== '.htm') return { ok: false, problem: problem('INVALID_OPTION', `--out "${o.out}" must end in .pdf or .html.`, { field: 'out' }) };
  if (!o.agency) return { ok: false, problem: problem('INVALID_OPTION', '--agency <id-or-name> is required: the briefing shows what that agency can see.', { field: 'agency' }) };
  const [ja, jb] = pair.value as [Jurisdiction, Jurisdiction];
  return { ok: true, a: ja, b: jb, from: from.value, to: to.value, out: o.out, format: ext === '.pdf' ? 'pdf' : 'html' };
}

export async function briefingCommand(deps: BriefingDeps, a: string, b: string, o: BriefingOptions, io: Io): Promise<number> {
  const checked = validateBriefing(a, b, o);
  if (!checked.ok) {
    io.stderr.write(`narcotrace briefing: ${checked.problem.code}: ${checked.problem.message}\n`);
    return 2;
  }
  const agency = await deps.identity.agencyByIdOrName(o.agency!);
  if (!agency) {
    io.stderr.write(`narcotrace briefing: NOT_FOUND: There is no agency "${o.agency}".\n`);
    return 2;
  }
  const scope = { agencyId: agency.id, userId: 0, role: 'admin' as const, operator: agency.operator };
  const service = new WarningService(deps.warning, deps.classifier, deps.now);
  const briefing = await service.briefing(scope, { a: checked.a, b: checked.b, from: checked.from, to: checked.to, agency: agency.name });
  const html = renderBriefingHtml(briefing);
  let bytes: Buffer;
  if (checked.format === 'pdf') {
    const toPdf = deps.toPdf ?? (async (h: string) => (await import('../reports/pdf.js')).htmlToPdf(h));
    try {
      bytes = await toPdf(html);
    } catch (err) {
      io.stderr.write(`narcotrace briefing: the PDF could not be made: ${(err as Error).message}\n`);
      return 1;
    }
  } else bytes = Buffer.from(html, 'utf8');
  writeFileSync(checked.out, bytes);
  const summary = { out: checked.out, format: checked.format, bytes: bytes.length, a: checked.a, b: checked.b, from: checked.from, to: checked.to, agency: agency.name, newSubstances: briefing.newSubstances.length, gaps: briefing.gaps.rows.length, series: briefing.trends.series.length, spikes: briefing.trends.spikes.length, cases: briefing.cases.length };
  if (o.json) io.stdout.write(JSON.stringify(summary) + '\n');
  else
    io.stdout.write(
      `Wrote ${checked.out} (${checked.format}, ${bytes.length.toLocaleString('en')} bytes): ${checked.a}–${checked.b} ${checked.from} – ${checked.to} as seen by "${agency.name}"; ${summary.newSubstances} new substance(s), ${summary.gaps} gap(s), ${summary.series} series with ${summary.spikes} spike(s), ${summary.cases} shared case(s).\n`,
    );
  return 0;
}

const HELP_AFTER = `
The briefing shows what the agency named by --agency can see: its own incidents and those shared with
it; another agency's private records and the fields withheld from it (personal data, coordinates,
operational details, attachments) never appear. Sections, each in English and 中文:
  1. new substances (first detections in the period) and their coverage on each side;
  2. the gap list between the two jurisdictions as of --to;
  3. weekly incident trends with SVG charts, spike weeks marked (Poisson CUSUM, docs/warning.md);
  4. open cases shared between the two (shared incidents touching both by place or route).

Examples:
  narcotrace briefing US CN --from 2026-01-01 --to 2026-03-31 --agency "US lab" --out q1.pdf
  narcotrace briefing US CN --from 2026-01-01 --to 2026-03-31 --agency 2 --out q1.html
`;

export function register(program: Command): void {
  program
    .command('briefing')
    .description('Write the bilateral briefing (EN/中文) for a period and two jurisdictions, as HTML or PDF.')
    .argument('<a>', 'first jurisdiction, e.g. US')
    .argument('<b>', 'second jurisdiction, e.g. CN')
    .option('--from <date>', 'first day of the period, YYYY-MM-DD')
    .option('--to <date>', 'last day of the period, YYYY-MM-DD (the gap list is as of this date)')
    .option('--agency <id-or-name>', 'the agency whose view the briefing is')
    .option('-o, --out <file>', 'FILE.pdf or FILE.html')
    .option('--json', 'print a JSON summary line instead of a sentence')
    .addHelpText('after', HELP_AFTER)
    .action(async (a: string, b: string, o: BriefingOptions) => {
      const { readServerConfig } = await import('../server/config.js');
      const read = readServerConfig();
      if (!read.ok) {
        console.error(`narcotrace: ${read.message}`);
        process.exitCode = 2;
        return;
      }
      const checked = validateBriefing(a, b, o);
      if (!checked.ok) {
        process.stderr.write(`narcotrace briefing: ${checked.problem.code}: ${checked.problem.message}\n`);
        process.exitCode = 2;
        return;
      }
      const [{ openStores }, { IdentityService }, { loadClassifier }] = await Promise.all([import('../store/open.js'), import('../identity/service.js'), import('../law/index.js')]);
      const stores = await openStores(read.config.store);
      try {
        process.exitCode = await briefingCommand({ warning: stores.warning, identity: new IdentityService(stores.identity), classifier: await loadClassifier() }, a, b, o, { stdout: process.stdout, stderr: process.stderr });
      } finally {
        await stores.close();
      }
    });
}
