/** The ReferenceStore on Kysely (SQLite and PostgreSQL alike). The tables are the baseline migration's. */
import type { Kysely } from 'kysely';
import type { ReferenceStore, SeedData, SeedOutcome } from './store.js';

export type ReferenceTables = {
  meta: { key: string; value: string };
  substances: {
    id: string;
    name_en: string;
    name_zh: string | null;
    inchikey: string;
    formula: string;
    smiles: string;
    /** JSON array of CAS numbers. */
    cas: string;
    /** The whole registry record, JSON. */
    record: string;
  };
  listings: {
    substance_id: string;
    /** Position of the listing within the substance's record. */
    seq: number;
    list_id: string;
    jurisdiction: string;
    category: string;
    status: string;
    citation: string;
    effective: string;
    until: string | null;
  };
  lists: { id: string; jurisdiction: string; category: string; record: string };
  rules: { id: string; version: string; jurisdiction: string; record: string };
};

/** Rows per INSERT: keeps well under SQLite's bound-parameter limit and PostgreSQL's message size. */
const CHUNK = 100;
const DATA_VERSION_KEY = 'data_version';

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

export function createReferenceStore(base: Kysely<object>): ReferenceStore {
  const db = base.withTables<ReferenceTables>();

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

  return { storedDataVersion, seed, countReferenceRows };
}
