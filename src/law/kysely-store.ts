/** The HistoryStore on Kysely (SQLite and PostgreSQL alike). */
import type { Generated, Kysely } from 'kysely';
import type { AccessScope } from '../identity/access.js';
import { ownedBy } from '../store/owned.js';
import type { ClassificationDetail, ClassificationRecord, ClassificationSummary, HistoryStore } from './store.js';
import { verdictHash } from './store.js';
import type { Jurisdiction, VerdictResult } from './verdict.js';

export type HistoryTables = {
  classification_history: {
    id: Generated<number>;
    input: string;
    as_of: string;
    /** Comma-separated, e.g. "US,CN,UN". */
    jurisdictions: string;
    ok: number;
    inchikey: string | null;
    smiles: string | null;
    error_code: string | null;
    /** Key into `verdicts`: SHA-256 of the verdict JSON. */
    verdict_hash: string;
    data_version: string;
    created_at: string;
    owner_agency_id: number | null;
    created_by: number | null;
  };
  /** One row per classification and jurisdiction asked (none when the input was rejected). */
  classification_results: { history_id: number; jurisdiction: string; controlled: number };
  verdicts: { hash: string; verdict: string };
};

/** Rows per INSERT: keeps well under SQLite's bound-parameter limit and PostgreSQL's message size. */
const CHUNK = 100;
/** Longest input shown in a history listing; the detail view has it whole. */
const LISTED_INPUT_CHARS = 500;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** PostgreSQL text cannot hold NUL; rejected binary input is still recorded, with NUL made visible. */
function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

type HistoryRow = Omit<HistoryTables['classification_history'], 'id' | 'verdict_hash' | 'owner_agency_id' | 'created_by'> & { id: number };

function summaryOf(row: HistoryRow, results: readonly { jurisdiction: string; controlled: number }[]): Omit<ClassificationDetail, 'verdict'> {
  const controlled: Partial<Record<Jurisdiction, boolean>> = {};
  for (const r of results) controlled[r.jurisdiction] = r.controlled === 1;
  return {
    id: Number(row.id),
    input: row.input,
    asOf: row.as_of,
    jurisdictions: row.jurisdictions.split(',').filter(Boolean),
    ok: row.ok === 1,
    inchikey: row.inchikey,
    smiles: row.smiles,
    errorCode: row.error_code,
    controlled,
    dataVersion: row.data_version,
    createdAt: row.created_at,
  };
}

export function createHistoryStore(base: Kysely<object>): HistoryStore {
  const db = base.withTables<HistoryTables>();

  async function resultsOf(ids: readonly number[]): Promise<Map<number, { jurisdiction: string; controlled: number }[]>> {
    const byId = new Map<number, { jurisdiction: string; controlled: number }[]>();
    if (ids.length === 0) return byId;
    const rows = await db.selectFrom('classification_results').selectAll().where('history_id', 'in', ids).execute();
    for (const r of rows) {
      const id = Number(r.history_id);
      byId.set(id, [...(byId.get(id) ?? []), r]);
    }
    return byId;
  }

  async function recordClassifications(records: readonly ClassificationRecord[]): Promise<void> {
    if (records.length === 0) return;
    const verdicts = new Map<string, string>();
    const entries = records.map((r) => {
      const json = storableText(r.verdictJson ?? JSON.stringify(r.verdict));
      const hash = r.verdictHash ?? verdictHash(json);
      verdicts.set(hash, json);
      const results = r.verdict.ok
        ? Object.entries(r.verdict.jurisdictions).flatMap(([jurisdiction, v]) => (v ? [{ jurisdiction, controlled: Number(v.controlled) }] : []))
        : [];
      const row = {
        input: storableText(r.input),
        as_of: r.asOf,
        jurisdictions: r.jurisdictions.join(','),
        ok: Number(r.verdict.ok),
        inchikey: r.verdict.ok ? (r.verdict.structure.inchikey ?? null) : null,
        smiles: r.verdict.ok ? r.verdict.structure.smiles : null,
        error_code: r.verdict.ok ? null : r.verdict.error.code,
        verdict_hash: hash,
        data_version: r.dataVersion,
        created_at: r.createdAt,
        owner_agency_id: r.owner?.agencyId ?? null,
        created_by: r.owner?.userId ?? null,
      };
      return { row, results };
    });
    const verdictRows = [...verdicts].map(([hash, verdict]) => ({ hash, verdict }));
    await db.transaction().execute(async (trx) => {
      for (const part of chunks(verdictRows)) await trx.insertInto('verdicts').values(part).onConflict((oc) => oc.column('hash').doNothing()).execute();
      // One row at a time for the generated id, which the per-jurisdiction rows need; the recorder batches
      // them into one transaction, so this stays cheap.
      const resultRows: { history_id: number; jurisdiction: string; controlled: number }[] = [];
      for (const e of entries) {
        const { id } = await trx.insertInto('classification_history').values(e.row).returning('id').executeTakeFirstOrThrow();
        for (const r of e.results) resultRows.push({ history_id: Number(id), ...r });
      }
      for (const part of chunks(resultRows)) await trx.insertInto('classification_results').values(part).execute();
    });
  }

  async function countStoredVerdicts(): Promise<number> {
    const row = await db.selectFrom('verdicts').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function recentClassifications(scope: AccessScope, limit: number): Promise<ClassificationSummary[]> {
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
        'data_version',
        'created_at',
      ])
      .where(ownedBy('classification_history', scope))
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    const results = await resultsOf(rows.map((r) => Number(r.id)));
    return rows.map((row) => {
      const summary = summaryOf(row, results.get(Number(row.id)) ?? []);
      const inputTruncated = summary.input.length > LISTED_INPUT_CHARS;
      return { ...summary, input: inputTruncated ? summary.input.slice(0, LISTED_INPUT_CHARS) : summary.input, inputTruncated };
    });
  }

  async function classificationById(scope: AccessScope, id: number): Promise<ClassificationDetail | undefined> {
    const row = await db
      .selectFrom('classification_history')
      .innerJoin('verdicts', 'verdicts.hash', 'classification_history.verdict_hash')
      .selectAll('classification_history')
      .select('verdicts.verdict')
      .where('classification_history.id', '=', id)
      .where(ownedBy('classification_history', scope))
      .executeTakeFirst();
    if (!row) return undefined;
    const results = await resultsOf([Number(row.id)]);
    return { ...summaryOf(row, results.get(Number(row.id)) ?? []), verdict: JSON.parse(row.verdict) as VerdictResult };
  }

  return { recordClassifications, countStoredVerdicts, recentClassifications, classificationById };
}
