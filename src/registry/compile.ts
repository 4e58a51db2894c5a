/**
 * Compiles data/lists/ into the registry index: validates every file, computes each SMILES's
 * normalised parent InChIKey and formula with RDKit (never typed in data) and merges entries with the
 * same InChIKey into one Substance with several listings. The result is plain JSON, so it can be cached.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { rdkit } from '../chem/rdkit.js';
import { prepareStructure } from '../chem/structure.js';
import { JURISDICTIONS, type Jurisdiction } from './jurisdictions.js';
import { formatIssue, validateListsFile, validatePartFile, type DataIssue, type ListMeta, type ParsedEntry } from './schema.js';
import type { ClassEntry, ListInfo, Listing, Substance } from './types.js';

/** Bump when the compiled shape or the way keys are computed changes: invalidates every cache. */
export const COMPILER_VERSION = 'registry-index/5';

export interface CompiledIndex {
  compiler: string;
  /** Content hash of the data files, the compiler version and the RDKit version. */
  version: string;
  lists: ListInfo[];
  substances: Substance[];
  classEntries: ClassEntry[];
  /** Other entry ids written for a substance whose InChIKey another id already has: alias → id. */
  aliases: Record<string, string>;
  /** Consistency notes that do not stop loading (e.g. two ids for one structure). */
  warnings: string[];
}

export interface DataFile {
  /** Path as shown to people, e.g. "data/lists/us/US-CSA-II.fentanyl.yaml". */
  display: string;
  /** Path relative to the data directory, e.g. "us/US-CSA-II.fentanyl.yaml". */
  relative: string;
  text: string;
}

export interface DataFiles {
  listsFile: DataFile;
  parts: DataFile[];
}

const PART_FILE = /^([A-Z][A-Z0-9]*-[A-Z0-9-]+)\.([A-Za-z0-9_-]+)\.ya?ml$/;

/**
 * Reads lists.yaml and every part file under <dataDir>/<jurisdiction in lower case>/ (us/, cn/, un/, in the
 * order of data/jurisdictions.yaml), sorted for a stable hash and merge order.
 */
export function readDataFiles(dataDir: string, displayPrefix = 'data/lists'): DataFiles {
  const file = (relative: string): DataFile => ({ relative, display: `${displayPrefix}/${relative}`, text: readFileSync(join(dataDir, relative), 'utf8') });
  const parts: DataFile[] = [];
  for (const dir of JURISDICTIONS.map((j) => j.toLowerCase())) {
    const full = join(dataDir, dir);
    let names: string[] = [];
    try {
      if (statSync(full).isDirectory()) names = readdirSync(full);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => /\.ya?ml$/.test(n)).sort()) parts.push(file(`${dir}/${name}`));
  }
  return { listsFile: file('lists.yaml'), parts };
}

export function dataHash(files: DataFiles, rdkitVersion: string): string {
  const h = createHash('sha256').update(`${COMPILER_VERSION}\0rdkit ${rdkitVersion}\0`);
  for (const f of [files.listsFile, ...files.parts]) h.update(f.relative).update('\0').update(f.text).update('\0');
  return h.digest('hex').slice(0, 16);
}

export interface CompileOptions {
  rdkitVersion: string;
  /** Called after each structure is computed: for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

/** Needs RDKit loaded. Returns the index, or every problem found (with file and line). */
export function compileIndex(files: DataFiles, options: CompileOptions): { index?: CompiledIndex; issues: DataIssue[] } {
  const issues: DataIssue[] = [];
  const warnings: string[] = [];
  const { lists: metas, issues: listIssues } = validateListsFile(files.listsFile.text, files.listsFile.display);
  issues.push(...listIssues);
  const metaById = new Map(metas.map((m) => [m.id, m]));

  interface Located {
    parsed: ParsedEntry;
    meta: ListMeta;
    source: string;
  }
  const located: Located[] = [];
  const partsByList = new Map<string, DataFile[]>();
  /** Each list's known gaps, from its part files' `gaps:`. */
  const gapsByList = new Map<string, string[]>();
  for (const part of files.parts) {
    const [dir, name] = part.relative.split('/');
    const m = PART_FILE.exec(name);
    if (!m) {
      issues.push({ file: part.display, message: 'file name must be <LIST-ID>.<part>.yaml, e.g. US-CSA-II.fentanyl.yaml' });
      continue;
    }
    const meta = metaById.get(m[1]);
    if (!meta) {
      issues.push({ file: part.display, message: `unknown list id ${m[1]}: define it in ${files.listsFile.display}` });
      continue;
    }
    if (meta.jurisdiction.toLowerCase() !== dir) {
      issues.push({ file: part.display, message: `list ${meta.id} belongs in ${meta.jurisdiction.toLowerCase()}/, not ${dir}/` });
      continue;
    }
    partsByList.set(meta.id, [...(partsByList.get(meta.id) ?? []), part]);
    const { entries, gaps, issues: partIssues } = validatePartFile(part.text, part.display, { requireNameZh: meta.jurisdiction === 'CN' });
    issues.push(...partIssues);
    if (gaps.length) gapsByList.set(meta.id, [...(gapsByList.get(meta.id) ?? []), ...gaps]);
    for (const parsed of entries) located.push({ parsed, meta, source: `${part.display}${parsed.line ? `:${parsed.line}` : ''}` });
  }

  // Structures: one RDKit computation per distinct SMILES.
  const substanceEntries = located.filter((l) => l.parsed.kind === 'substance');
  const identity = new Map<string, Identity | string>();
  const distinct = [...new Set(substanceEntries.flatMap((l) => (l.parsed.kind === 'substance' && l.parsed.entry.smiles ? [l.parsed.entry.smiles] : [])))];
  distinct.forEach((smiles, i) => {
    identity.set(smiles, structureIdentity(smiles));
    options.onProgress?.(i + 1, distinct.length);
  });

  const substances = new Map<string, Substance>(); // by InChIKey
  const idToKey = new Map<string, { key: string; source: string }>();
  const aliases: Record<string, string> = {};
  const classEntries: ClassEntry[] = [];
  for (const { parsed, meta, source } of located) {
    const [file, line] = splitSource(source);
    if (parsed.kind === 'class') {
      const c = parsed.entry;
      classEntries.push(
        clean({
          id: c.id,
          names: clean({ en: c.name, zh: c.nameZh }),
          classRule: c.classRule,
          list: meta.id,
          jurisdiction: meta.jurisdiction,
          category: meta.category,
          status: c.status,
          statusEn: c.statusEn,
          citation: c.citation,
          effective: c.effective,
          until: c.until,
          knownUntil: c.knownUntil,
          covers: c.covers,
          threshold: c.threshold?.map((t) => clean({ ...t })),
          note: c.note,
          source,
        }),
      );
      continue;
    }
    const entry = parsed.entry;
    const id: Identity | string = entry.smiles === undefined ? { form: 'none', inchikey: '', formula: '' } : (identity.get(entry.smiles) ?? 'no structure');
    if (typeof id === 'string') {
      issues.push({ file, line, message: `${entry.id}: smiles "${entry.smiles}" is not usable: ${id}` });
      continue;
    }
    /** Substances are merged by InChIKey; one without a structure only with entries of its own id. */
    const key = id.form === 'none' ? `none:${entry.id}` : id.inchikey;
    if (entry.stereo === 'exact' && !/[@/\\]/.test(entry.smiles ?? ''))
      issues.push({ file, line, message: `${entry.id}: stereo is 'exact' but the SMILES has no stereo descriptors` });
    const seen = idToKey.get(entry.id);
    if (seen && seen.key !== key) {
      issues.push({ file, line, message: `${entry.id}: the same id has a different structure in ${seen.source} (InChIKeys ${seen.key || 'none'} and ${id.inchikey || 'none'})` });
      continue;
    }
    idToKey.set(entry.id, { key, source });

    const listing: Listing = clean({
      list: meta.id,
      jurisdiction: meta.jurisdiction as Jurisdiction,
      category: meta.category,
      status: entry.status,
      statusEn: entry.statusEn,
      citation: entry.citation,
      effective: entry.effective,
      until: entry.until,
      knownUntil: entry.knownUntil,
      covers: entry.covers,
      threshold: entry.threshold?.map((t) => clean({ ...t })),
      note: entry.note,
      stereo: entry.stereo,
      source,
    });
    let s = substances.get(key);
    if (!s) {
      s = clean({
        id: entry.id,
        names: clean({ en: entry.name, zh: entry.nameZh }),
        synonyms: [],
        cas: [],
        form: id.form,
        noStructure: entry.noStructure,
        smiles: entry.smiles ?? '',
        inchikey: id.inchikey,
        formula: id.formula,
        parentInchikey: id.parentInchikey,
        stereo: entry.stereo,
        listings: [],
      });
      substances.set(key, s);
    } else {
      if (s.id !== entry.id && aliases[entry.id] !== s.id) {
        aliases[entry.id] = s.id;
        warnings.push(`${source}: ${entry.id} has the same structure (${id.inchikey}) as ${s.id}; write the same id in every list`);
      }
      if (entry.nameZh && s.names.zh && entry.nameZh !== s.names.zh && !s.synonyms.includes(entry.nameZh)) s.synonyms.push(entry.nameZh);
      if (entry.nameZh && !s.names.zh) s.names.zh = entry.nameZh;
      if (entry.name !== s.names.en && !s.synonyms.includes(entry.name)) s.synonyms.push(entry.name);
    }
    for (const syn of entry.synonyms ?? []) if (syn !== s.names.en && !s.synonyms.includes(syn)) s.synonyms.push(syn);
    for (const cas of entry.cas ?? []) if (!s.cas.includes(cas)) s.cas.push(cas);
    for (const salt of entry.saltCas ?? []) if (!s.saltCas?.some((x) => x.cas === salt.cas)) (s.saltCas ??= []).push({ cas: salt.cas, salt: salt.salt });
    const dup = s.listings.find((l) => l.list === listing.list && l.effective === listing.effective);
    if (dup) warnings.push(`${source}: ${entry.id} is written twice on ${listing.list} (also ${dup.source})`);
    else s.listings.push(listing);
  }
  for (const s of substances.values()) {
    s.stereo = s.listings.every((l) => l.stereo === 'exact') ? 'exact' : 'any';
    s.listings.sort((a, b) => a.list.localeCompare(b.list) || a.effective.localeCompare(b.effective));
  }

  if (issues.length) return { issues };

  const version = dataHash(files, options.rdkitVersion);
  const lists: ListInfo[] = metas.map((m) => {
    const parts = partsByList.get(m.id) ?? [];
    const h = createHash('sha256').update(JSON.stringify(m));
    for (const p of parts) h.update(p.relative).update('\0').update(p.text);
    const count =
      [...substances.values()].filter((s) => s.listings.some((l) => l.list === m.id)).length + classEntries.filter((c) => c.list === m.id).length;
    return clean({
      id: m.id,
      jurisdiction: m.jurisdiction,
      category: m.category,
      title: m.title,
      instrument: m.instrument,
      citation: m.citation,
      count,
      note: m.note,
      sourceCount: m.sourceCount,
      gaps: gapsByList.get(m.id),
      version: h.digest('hex').slice(0, 12),
    });
  });
  const sorted = [...substances.values()].sort((a, b) => a.id.localeCompare(b.id));
  return { index: { compiler: COMPILER_VERSION, version, lists, substances: sorted, classEntries, aliases, warnings }, issues };
}

interface Identity {
  form?: 'inorganic' | 'none';
  inchikey: string;
  formula: string;
  parentInchikey?: string;
}

/**
 * The identity of a reviewed SMILES, or why it is not usable. An organic entry must be its own normalised
 * parent (one fragment); a substance without carbon may be written with its ions and is identified as a whole
 * (docs/interpretation.md, I-INORGANIC), keeping its parent's key for "another salt of this ion".
 */
function structureIdentity(smiles: string): Identity | string {
  const result = prepareStructure(smiles, { identity: 'full' });
  if (!result.ok) return result.problem.message;
  const s = result.prepared.structure;
  result.prepared.dispose();
  if (!s.inchikey) return 'RDKit gives it no InChIKey';
  if (!s.inorganic) {
    if (s.stripped.length) return 'it must be the parent structure (one fragment, no salt or solvent); only a substance without carbon may be written with its ions';
    return { inchikey: s.inchikey, formula: s.formula };
  }
  if (/[+-]$/.test(s.inorganic.formula)) return `the substance written has a net charge (${s.inorganic.formula}); write it with its counter-ions`;
  const whole = rdkit().get_mol(smiles);
  try {
    const inchi = whole?.get_inchi() ?? '';
    const inchikey = inchi ? rdkit().get_inchikey_for_inchi(inchi) : '';
    if (!inchikey) return 'RDKit gives the whole substance no InChIKey';
    return clean({ form: 'inorganic' as const, inchikey, formula: s.inorganic.formula, parentInchikey: inchikey === s.inchikey ? undefined : s.inchikey });
  } finally {
    whole?.delete();
  }
}

export function issuesMessage(issues: readonly DataIssue[], where = 'data/lists/', max = 40): string {
  const shown = issues.slice(0, max).map(formatIssue);
  if (issues.length > max) shown.push(`… and ${issues.length - max} more`);
  return `The registry data in ${where} is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${shown.join('\n')}`;
}

function splitSource(source: string): [string, number | undefined] {
  const m = /^(.*):(\d+)$/.exec(source);
  return m ? [m[1], Number(m[2])] : [source, undefined];
}

/** Drops undefined fields so the JSON cache and the objects in memory are the same shape. */
function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
