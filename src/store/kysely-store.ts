/**
 * The Store, written once against Kysely. The sqlite and postgres adapters only build the Kysely
 * instance; every query and migration is shared, so both backends behave the same.
 */
import type { Kysely } from 'kysely';
import { isJurisdiction, type Jurisdiction, type VerdictResult } from '../law/verdict.js';
import { migrateToLatest } from './migrations.js';
import type { ClassificationHistoryTable, Database } from './schema.js';
import type {
  ClassificationDetail,
  ClassificationRecord,
  ClassificationSummary,
  SeedData,
  SeedOutcome,
  Store,
  StoreBackend,
} from './store.js';
import { verdictHash } from './store.js';

/** Rows per INSERT: keeps well under SQLite's bound-parameter limit and PostgreSQL's message size. */
const CHUNK = 100;
/** Longest input shown in a history listing; the detail view has it whole. */
const LISTED_INPUT_CHARS = 500;
const DATA_VERSION_KEY = 'data_version';

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** PostgreSQL text cannot hold NUL; rejected binary input is still recorded, with NUL made visible. */
function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

function controlledFlag(verdict: VerdictResult, j: Jurisdiction): number | null {
  if (!verdict.ok) return null;
  const v = verdict.jurisdictions[j];
  return v ? Number(v.controlled) : null;
}

type HistoryRow = Omit<ClassificationHistoryTable, 'id' | 'verdict_hash'> & { id: number };

function summaryOf(row: HistoryRow): Omit<ClassificationDetail, 'verdict'> {
  const controlled: Partial<Record<Jurisdiction, boolean>> = {};
  if (row.us_controlled !== null) controlled.US = row.us_controlled === 1;
  if (row.cn_controlled !== null) controlled.CN = row.cn_controlled === 1;
  if (row.un_controlled !== null) controlled.UN = row.un_controlled === 1;
  return {
    id: Number(row.id),
    input: row.input,
    asOf: row.as_of,
    jurisdictions: row.jurisdictions.split(',').filter(isJurisdiction),
    ok: row.ok === 1,
    inchikey: row.inchikey,
    smiles: row.smiles,
    errorCode: row.error_code,
    controlled,
    dataVersion: row.data_version,
    createdAt: row.created_at,
  };
}

export function createKyselyStore(db: Kysely<Database>, backend: StoreBackend): Store {
  async function storedDataVersion(): Promise<string | undefined> {
    const row = await db.selectFrom('meta').select('value').where('key', '=', DATA_VERSION_KEY).executeTakeFirst();
    return row?.value;
  }

  async function seed(data: SeedData): Promise<SeedOutcome> {
    const substances = data.substances.map((s) => ({
      id: s.id,
      name_en: s.names.en,
      name_zh: s.names.zh ?? null,
      inchikey: s.inchikey,
      formula: s.formula,
      smiles: s.smiles,
      cas: JSON.stringify(s.cas),
      record: JSON.stringify(s),
    }));
    const listings = data.substances.flatMap((s) =>
      s.listings.map((l, seq) => ({
        substance_id: s.id,
        seq,
        list_id: l.list,
        jurisdiction: l.jurisdiction,
        category: l.category,
        status: l.status,
        citation: l.citation,
        effective: l.effective,
        until: l.until ?? null,
      })),
    );
    const lists = data.lists.map((l) => ({ id: l.id, jurisdiction: l.jurisdiction, category: l.category, record: JSON.stringify(l) }));
    const rules = data.rules.map((r) => ({ id: r.id, version: r.version, jurisdiction: r.jurisdiction, record: JSON.stringify(r) }));
    const outcome = { dataVersion: data.dataVersion, substances: substances.length, listings: listings.length, lists: lists.length, rules: rules.length };

    return db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('meta').select('value').where('key', '=', DATA_VERSION_KEY).executeTakeFirst();
      if (current?.value === data.dataVersion) return { seeded: false, ...outcome };
      // Replace rather than merge: a substance removed from the data must disappear from the tables too.
      for (const table of ['listings', 'substances', 'lists', 'rules'] as const) await trx.deleteFrom(table).execute();
      for (const part of chunks(substances)) await trx.insertInto('substances').values(part).execute();
      for (const part of chunks(listings)) await trx.insertInto('listings').values(part).execute();
      for (const part of chunks(lists)) await trx.insertInto('lists').values(part).execute();
      for (const part of chunks(rules)) await trx.insertInto('rules').values(part).execute();
      await trx.deleteFrom('meta').where('key', '=', DATA_VERSION_KEY).execute();
      await trx.insertInto('meta').values({ key: DATA_VERSION_KEY, value: data.dataVersion }).execute();
      return { seeded: true, ...outcome };
    });
  }

  async function countReferenceRows() {
    const count = async (table: 'substances' | 'listings' | 'lists' | 'rules') => {
      const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    };
    return { substances: await count('substances'), listings: await count('listings'), lists: await count('lists'), rules: await count('rules') };
  }

  async function recordClassifications(records: readonly ClassificationRecord[]): Promise<void> {
    const verdicts = new Map<string, string>();
    const rows = records.map((r) => {
      const json = storableText(r.verdictJson ?? JSON.stringify(r.verdict));
      const hash = r.verdictHash ?? verdictHash(json);
      verdicts.set(hash, json);
      return {
        input: storableText(r.input),
        as_of: r.asOf,
        jurisdictions: r.jurisdictions.join(','),
        ok: Number(r.verdict.ok),
        inchikey: r.verdict.ok ? (r.verdict.structure.inchikey ?? null) : null,
        smiles: r.verdict.ok ? r.verdict.structure.smiles : null,
        error_code: r.verdict.ok ? null : r.verdict.error.code,
        us_controlled: controlledFlag(r.verdict, 'US'),
        cn_controlled: controlledFlag(r.verdict, 'CN'),
        un_controlled: controlledFlag(r.verdict, 'UN'),
        verdict_hash: hash,
        data_version: r.dataVersion,
        created_at: r.createdAt,
      };
    });
    if (rows.length === 0) return;
    const verdictRows = [...verdicts].map(([hash, verdict]) => ({ hash, verdict }));
    await db.transaction().execute(async (trx) => {
      for (const part of chunks(verdictRows)) await trx.insertInto('verdicts').values(part).onConflict((oc) => oc.column('hash').doNothing()).execute();
      for (const part of chunks(rows)) await trx.insertInto('classification_history').values(part).execute();
    });
  }

  async function countStoredVerdicts(): Promise<number> {
    const row = await db.selectFrom('verdicts').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function recentClassifications(limit: number): Promise<ClassificationSummary[]> {
    const rows = await db
      .selectFrom('classification_history')
      .select([
        'id',
        // Only the start of the input is listed: a molfile can be megabytes.
        (eb) => eb.fn<string>('substr', ['input', eb.val(1), eb.val(LISTED_INPUT_CHARS + 1)]).as('input'),
        'as_of',
        'jurisdictions',
        'ok',
        'inchikey',
        'smiles',
        'error_code',
        'us_controlled',
        'cn_controlled',
        'un_controlled',
        'data_version',
        'created_at',
      ])
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => {
      const summary = summaryOf(row);
      const inputTruncated = summary.input.length > LISTED_INPUT_CHARS;
      return { ...summary, input: inputTruncated ? summary.input.slice(0, LISTED_INPUT_CHARS) : summary.input, inputTruncated };
    });
  }

  async function classificationById(id: number): Promise<ClassificationDetail | undefined> {
    const row = await db
      .selectFrom('classification_history')
      .innerJoin('verdicts', 'verdicts.hash', 'classification_history.verdict_hash')
      .selectAll('classification_history')
      .select('verdicts.verdict')
      .where('classification_history.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    return { ...summaryOf(row), verdict: JSON.parse(row.verdict) as VerdictResult };
  }

  return {
    backend,
    migrate: async () => {
      await migrateToLatest(db, backend);
    },
    storedDataVersion,
    seed,
    countReferenceRows,
    recordClassifications,
    countStoredVerdicts,
    recentClassifications,
    classificationById,
    close: () => db.destroy(),
  };
}
