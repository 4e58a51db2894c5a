/**
 * `narcotrace lookup`: find registry substances by name, Chinese name, pinyin, synonym, code name,
 * CAS number or InChIKey and show where each is listed; or print a whole list with --list.
 *
 * Exit codes: 0 found; 1 nothing found; 2 bad query or option (JSON: {"ok":false,"error":{code,message}});
 * 3 the registry data itself is invalid (the message names the file and line).
 */
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { z } from 'zod';
import { listingDates } from '../law/listed-findings.js';
import { JURISDICTIONS, today } from '../law/verdict.js';
import { problem, ProblemError, type Problem } from '../problems.js';
import type { ClassEntry, Listing, Registry, SearchHit, Substance } from '../registry/types.js';

export interface LookupIo {
  stdout: Writable;
  stderr: Writable;
  setExitCode(code: number): void;
}

const RawOptions = z.object({
  json: z.boolean().optional(),
  list: z.string().optional(),
  limit: z.string().optional(),
  asOf: z.string().optional(),
});
type RawOptions = z.infer<typeof RawOptions>;

export const EXIT = { found: 0, notFound: 1, badInput: 2, badData: 3 } as const;

export function register(program: Command): void {
  configureLookup(program.command('lookup'), {
    stdout: process.stdout,
    stderr: process.stderr,
    setExitCode: (code) => {
      process.exitCode = code;
    },
  });
}

export function configureLookup(command: Command, io: LookupIo, load: () => Promise<Registry> = defaultLoad): Command {
  return command
    .description('Look substances up by name, 中文名, pinyin, synonym, code name, CAS number or InChIKey, or print a whole list.')
    .argument('[query...]', 'what to look for, e.g. fentanyl, 芬太尼, "fen tai ni", 437-38-7, an InChIKey or its first block')
    .option('--json', 'print JSON instead of a table')
    .option('--list <id>', 'print every entry of one list, e.g. US-CSA-I, CN-PRECURSOR-2, UN-1988-I')
    .option('--limit <n>', 'most matches shown (1–200)', '20')
    .option('--as-of <date>', 'date (YYYY-MM-DD) at which "in effect" is judged; default today')
    .addHelpText(
      'after',
      '\nExit codes: 0 found, 1 nothing found, 2 bad query or option, 3 invalid registry data.\nExamples:\n  narcotrace lookup fentanyl\n  narcotrace lookup fen tai ni --json\n  narcotrace lookup 437-38-7\n  narcotrace lookup --list US-LIST-I',
    )
    .action(async (words: string[], raw: unknown) => {
      io.setExitCode(await runLookup(words, RawOptions.parse(raw), io, load));
    });
}

async function defaultLoad(): Promise<Registry> {
  const { loadRegistry } = await import('../registry/registry.js');
  return loadRegistry();
}

export async function runLookup(words: string[], raw: RawOptions, io: LookupIo, load: () => Promise<Registry>): Promise<number> {
  const json = raw.json === true;
  const fail = (p: Problem, code: number, extra: Record<string, unknown> = {}) => {
    if (json) io.stdout.write(JSON.stringify({ ok: false, ...extra, error: p }) + '\n');
    else io.stderr.write(`${p.code}: ${p.message}\n`);
    return code;
  };

  const limit = Number(raw.limit ?? '20');
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) return fail(problem('INVALID_OPTION', `--limit "${raw.limit}" must be a whole number from 1 to 200.`, { field: 'limit' }), EXIT.badInput);
  const asOf = raw.asOf ?? today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`)) || new Date(`${asOf}T00:00:00Z`).toISOString().slice(0, 10) !== asOf)
    return fail(problem('INVALID_DATE', `--as-of "${asOf}" is not a calendar date in the form YYYY-MM-DD.`, { field: 'as-of' }), EXIT.badInput);
  const query = words.join(' ');
  if (raw.list !== undefined && words.length)
    return fail(problem('INVALID_OPTION', 'Give either a query or --list, not both.', { field: 'list' }), EXIT.badInput);
  if (raw.list === undefined && !words.length)
    return fail(problem('INVALID_QUERY', 'Nothing to look up: give a name, CAS number or InChIKey, or --list <id>.'), EXIT.badInput);

  let registry: Registry;
  try {
    registry = await load();
  } catch (err) {
    if (err instanceof ProblemError) return fail(err.problem, EXIT.badData);
    throw err;
  }

  if (raw.list !== undefined) {
    const contents = registry.byList(raw.list);
    if (!contents)
      return fail(
        problem('INVALID_QUERY', `Unknown list "${raw.list}". Lists: ${registry.lists.map((l) => l.id).join(', ')}.`, { field: 'list' }),
        EXIT.badInput,
      );
    if (json) {
      io.stdout.write(
        JSON.stringify({
          ok: true,
          list: contents.list,
          asOf,
          dataVersion: registry.version,
          substances: contents.substances.map((s) => substanceJson(s, asOf, s.listings.filter((l) => l.list === contents.list.id))),
          classEntries: contents.classEntries.map((c) => ({ ...c, ...datesJson(c, asOf) })),
        }) + '\n',
      );
    } else io.stdout.write(renderList(contents.list.id, registry, asOf));
    return EXIT.found;
  }

  let hits: SearchHit[];
  try {
    hits = registry.search(query, { limit });
  } catch (err) {
    if (err instanceof ProblemError) return fail(err.problem, EXIT.badInput, { query: shorten(query) });
    throw err;
  }
  if (!hits.length) return fail(problem('NOT_FOUND', `No registry substance matches "${shorten(query)}".`), EXIT.notFound, { query });
  if (json)
    io.stdout.write(
      JSON.stringify({
        ok: true,
        query,
        asOf,
        dataVersion: registry.version,
        matches: hits.map((h) => ({ ...substanceJson(h.substance, asOf, h.substance.listings), matchedBy: h.matchedBy, score: h.score })),
      }) + '\n',
    );
  else io.stdout.write(hits.map((h) => renderHit(h, asOf)).join('\n'));
  return EXIT.found;
}

function substanceJson(s: Substance, asOf: string, listings: readonly Listing[]) {
  return {
    id: s.id,
    name: s.names.en,
    ...(s.names.zh ? { nameZh: s.names.zh } : {}),
    synonyms: s.synonyms,
    cas: s.cas,
    ...(s.saltCas ? { saltCas: s.saltCas } : {}),
    ...(s.form ? { form: s.form } : {}),
    smiles: s.smiles,
    inchikey: s.inchikey,
    formula: s.formula,
    ...(s.parentInchikey ? { parentInchikey: s.parentInchikey } : {}),
    listings: listings.map((l) => ({
      list: l.list,
      jurisdiction: l.jurisdiction,
      category: l.category,
      status: l.status,
      ...(l.statusEn ? { statusEn: l.statusEn } : {}),
      citation: l.citation,
      effective: l.effective,
      ...(l.until ? { until: l.until } : {}),
      ...(l.knownUntil ? { knownUntil: l.knownUntil } : {}),
      covers: l.covers,
      ...(l.threshold ? { threshold: l.threshold } : {}),
      ...datesJson(l, asOf),
    })),
  };
}

/** `inEffect` as classify judges it (src/law/listed-findings.ts, listingDates); `needsReview` when the dates leave it open. */
function datesJson(l: { effective: string; until?: string; knownUntil?: string }, asOf: string) {
  const d = listingDates(l, asOf);
  return { inEffect: d.inEffect, ...(d.needsReview ? { needsReview: true } : {}) };
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function when(l: { effective: string; until?: string; knownUntil?: string }, asOf: string): string {
  const d = listingDates(l, asOf);
  const from = d.byDate ? `in force by ${d.byDate}` : d.yearOnly ? `from ${l.effective} (day not recorded)` : `since ${l.effective}`;
  if (d.withinYear) return `${from}; on ${asOf} within the year of effect (needs review)`;
  if (d.beforeBy) return `${from}; whether in effect on ${asOf} is not recorded (needs review)`;
  if (asOf < d.certainFrom) return `from ${l.effective} (not yet in effect on ${asOf})`;
  if (l.until && asOf >= l.until) return `${l.effective} – ${l.until} (ended)`;
  if (d.pastKnown) return `${from}; documented until ${l.knownUntil}, continuation not recorded (needs review)`;
  return `${from}${l.until ? ` until ${l.until}` : ''}${l.knownUntil ? ` (documented until ${l.knownUntil})` : ''}`;
}

function thresholdText(l: Listing): string {
  if (!l.threshold?.length) return '';
  return l.threshold
    .map((t) => `\n      threshold: ${t.quantity} ${t.unit} ${t.basis}${t.weight ? `, ${t.weight} weight` : ''}${t.scope ? ` (${t.scope})` : ''} — ${t.citation}`)
    .join('');
}

function renderHit(h: SearchHit, asOf: string): string {
  const s = h.substance;
  const lines = [`${s.names.en}${s.names.zh ? ` (${s.names.zh})` : ''}   [matched by ${h.matchedBy}${h.score < 1 ? `, score ${h.score}` : ''}]`];
  const saltCas = s.saltCas?.length ? `salt CAS ${s.saltCas.map((x) => `${x.cas} (${x.salt})`).join(', ')}` : '';
  lines.push(`  ${[s.cas.length ? `CAS ${s.cas.join(', ')}` : '', saltCas, s.formula, s.inchikey, s.form === 'none' ? 'no structure' : s.form === 'inorganic' ? 'inorganic (matched as a whole)' : ''].filter(Boolean).join(' · ')}`);
  for (const j of JURISDICTIONS) {
    for (const l of s.listings.filter((x) => x.jurisdiction === j)) {
      const status = !l.statusEn || l.statusEn === l.status ? l.status : l.statusEn.startsWith(l.status) ? l.statusEn : `${l.status} (${l.statusEn})`;
      lines.push(`  ${j}  ${l.list.padEnd(18)} ${status} — ${l.citation}; ${when(l, asOf)}${thresholdText(l)}`);
    }
  }
  return lines.join('\n') + '\n';
}

function renderList(listId: string, registry: Registry, asOf: string): string {
  const contents = registry.byList(listId)!;
  const { list } = contents;
  const lines = [
    `${list.id}: ${list.title.en}${list.title.language !== 'en' ? ` / ${list.title.original}` : ''}`,
    `  ${list.instrument} — ${list.citation}; ${list.count} entr${list.count === 1 ? 'y' : 'ies'}`,
    '',
  ];
  for (const s of contents.substances) {
    for (const l of s.listings.filter((x) => x.list === list.id)) {
      const name = `${s.names.en}${s.names.zh ? ` (${s.names.zh})` : ''}`;
      lines.push(`  ${name}${s.cas.length ? `  CAS ${s.cas.join(', ')}` : ''}`);
      lines.push(`      ${l.status} — ${l.citation}; ${when(l, asOf)}${thresholdText(l)}`);
    }
  }
  for (const c of contents.classEntries) lines.push(...renderClass(c, asOf));
  return lines.join('\n') + '\n';
}

function renderClass(c: ClassEntry, asOf: string): string[] {
  const rule = c.classRule ? `class rule ${c.classRule}` : 'class listed, not yet machine-evaluated';
  return [`  ${c.names.en}${c.names.zh ? ` (${c.names.zh})` : ''}  [${rule}]`, `      ${c.status} — ${c.citation}; ${when(c, asOf)}`];
}
