/** The SpectraStore on Kysely (SQLite and PostgreSQL alike). Every query filters by `ownedBy`. */
import type { Generated, Kysely } from 'kysely';
import type { AccessScope } from '../identity/access.js';
import { problem, ProblemError } from '../problems.js';
import { ownedBy } from '../store/owned.js';
import type { Peak, SpectrumKind, SpectrumRecord } from './spectrum.js';
import type { LibrarySummary, NewImport, SpectraStore, StoredSpectrum } from './store.js';

export type SpectraTables = {
  spectral_libraries: {
    id: Generated<number>;
    owner_agency_id: number;
    name: string;
    source: string;
    version: string;
    format: string;
    spectra: number;
    revision: number;
    created_by: number | null;
    created_at: string;
    updated_at: string;
  };
  spectral_entries: {
    id: Generated<number>;
    library_id: number;
    owner_agency_id: number;
    name: string;
    inchikey: string | null;
    smiles: string | null;
    formula: string | null;
    mw: number | null;
    kind: string;
    precursor_mz: number | null;
    peaks: string;
    meta: string;
    source_line: number | null;
  };
};

/** Rows per INSERT: 13 columns × 60 rows stays under SQLite's bound-parameter limit. */
const CHUNK = 60;

export function encodePeaks(peaks: readonly Peak[]): string {
  return peaks.map(([m, i]) => `${m}:${i}`).join(' ');
}

export function decodePeaks(text: string): Peak[] {
  if (!text) return [];
  return text.split(' ').map((p) => {
    const k = p.indexOf(':');
    return [Number(p.slice(0, k)), Number(p.slice(k + 1))] as Peak;
  });
}

/** PostgreSQL text cannot hold NUL. */
const clean = (s: string) => (s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s);

function metaOf(r: SpectrumRecord): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  if (r.synonyms?.length) meta.synonyms = r.synonyms;
  if (r.cas) meta.cas = r.cas;
  if (r.sourceId) meta.sourceId = r.sourceId;
  if (r.exactMass !== undefined) meta.exactMass = r.exactMass;
  if (r.precursorType) meta.precursorType = r.precursorType;
  if (r.collisionEnergy) meta.collisionEnergy = r.collisionEnergy;
  if (r.ionMode) meta.ionMode = r.ionMode;
  return meta;
}

type LibraryRow = Omit<SpectraTables['spectral_libraries'], 'id'> & { id: number };

function summary(row: LibraryRow): LibrarySummary {
  return {
    id: Number(row.id),
    name: row.name,
    source: row.source,
    version: row.version,
    format: row.format,
    spectra: Number(row.spectra),
    revision: Number(row.revision),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

type EntryRow = Omit<SpectraTables['spectral_entries'], 'id'> & { id: number };

function spectrumOf(row: EntryRow): StoredSpectrum {
  return {
    id: Number(row.id),
    libraryId: Number(row.library_id),
    name: row.name,
    inchikey: row.inchikey,
    smiles: row.smiles,
    formula: row.formula,
    mw: row.mw === null ? null : Number(row.mw),
    kind: row.kind as SpectrumKind,
    precursorMz: row.precursor_mz === null ? null : Number(row.precursor_mz),
    peaks: decodePeaks(row.peaks),
    meta: JSON.parse(row.meta) as Record<string, unknown>,
  };
}

export function createSpectraStore(base: Kysely<object>): SpectraStore {
  const db = base.withTables<SpectraTables>();

  const libraryByName = async (scope: AccessScope, name: string) => {
    const row = await db.selectFrom('spectral_libraries').selectAll().where(ownedBy('spectral_libraries', scope)).where('name', '=', name).executeTakeFirst();
    return row ? summary(row) : undefined;
  };
  const libraryById = async (scope: AccessScope, id: number) => {
    const row = await db.selectFrom('spectral_libraries').selectAll().where(ownedBy('spectral_libraries', scope)).where('id', '=', id).executeTakeFirst();
    return row ? summary(row) : undefined;
  };

  return {
    libraryByName,
    libraryById,

    async importLibrary(scope, input: NewImport) {
      const name = input.library.trim();
      if (!name || name.length > 200) throw new ProblemError(problem('INVALID_REQUEST', 'A library needs a name of 1–200 characters.', { field: 'library' }));
      return db.transaction().execute(async (trx) => {
        let lib = await trx.selectFrom('spectral_libraries').selectAll().where(ownedBy('spectral_libraries', scope)).where('name', '=', name).executeTakeFirst();
        if (!lib) {
          const { id } = await trx
            .insertInto('spectral_libraries')
            .values({
              owner_agency_id: scope.agencyId,
              name,
              source: clean(input.source),
              version: clean(input.version),
              format: input.format,
              spectra: 0,
              revision: 0,
              created_by: scope.userId,
              created_at: input.now,
              updated_at: input.now,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          lib = await trx.selectFrom('spectral_libraries').selectAll().where(ownedBy('spectral_libraries', scope)).where('id', '=', Number(id)).executeTakeFirstOrThrow();
        } else if (input.replace) {
          await trx.deleteFrom('spectral_entries').where(ownedBy('spectral_entries', scope)).where('library_id', '=', Number(lib.id)).execute();
        }
        const libraryId = Number(lib.id);
        const rows = input.records.map((r) => ({
          library_id: libraryId,
          owner_agency_id: scope.agencyId,
          name: clean(r.name),
          inchikey: r.inchikey ?? null,
          smiles: r.smiles ? clean(r.smiles) : null,
          formula: r.formula ? clean(r.formula) : null,
          mw: r.mw ?? null,
          kind: r.kind,
          precursor_mz: r.precursorMz ?? null,
          peaks: encodePeaks(r.peaks),
          meta: clean(JSON.stringify(metaOf(r))),
          source_line: r.line,
        }));
        for (let i = 0; i < rows.length; i += CHUNK) await trx.insertInto('spectral_entries').values(rows.slice(i, i + CHUNK)).execute();
        const count = await trx
          .selectFrom('spectral_entries')
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .where(ownedBy('spectral_entries', scope))
          .where('library_id', '=', libraryId)
          .executeTakeFirstOrThrow();
        const sources = input.replace || !lib.source ? input.source : [...new Set([...lib.source.split(', '), input.source])].join(', ');
        await trx
          .updateTable('spectral_libraries')
          .set({
            spectra: Number(count.n),
            revision: Number(lib.revision) + 1,
            source: clean(sources.slice(0, 2000)),
            version: clean(input.version),
            format: input.format,
            updated_at: input.now,
          })
          .where(ownedBy('spectral_libraries', scope))
          .where('id', '=', libraryId)
          .execute();
        const row = await trx.selectFrom('spectral_libraries').selectAll().where(ownedBy('spectral_libraries', scope)).where('id', '=', libraryId).executeTakeFirstOrThrow();
        return summary(row);
      });
    },

    async listLibraries(scope) {
      const rows = await db.selectFrom('spectral_libraries').selectAll().where(ownedBy('spectral_libraries', scope)).orderBy('name').execute();
      return rows.map(summary);
    },

    async spectraOf(scope, libraryId) {
      const rows = await db.selectFrom('spectral_entries').selectAll().where(ownedBy('spectral_entries', scope)).where('library_id', '=', libraryId).orderBy('id').execute();
      return rows.map(spectrumOf);
    },

    async spectrumById(scope, libraryId, id) {
      const row = await db
        .selectFrom('spectral_entries')
        .selectAll()
        .where(ownedBy('spectral_entries', scope))
        .where('library_id', '=', libraryId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? spectrumOf(row) : undefined;
    },

    async deleteLibrary(scope, id) {
      return db.transaction().execute(async (trx) => {
        const lib = await trx.selectFrom('spectral_libraries').select('id').where(ownedBy('spectral_libraries', scope)).where('id', '=', id).executeTakeFirst();
        if (!lib) return false;
        await trx.deleteFrom('spectral_entries').where(ownedBy('spectral_entries', scope)).where('library_id', '=', id).execute();
        await trx.deleteFrom('spectral_libraries').where(ownedBy('spectral_libraries', scope)).where('id', '=', id).execute();
        return true;
      });
    },
  };
}
