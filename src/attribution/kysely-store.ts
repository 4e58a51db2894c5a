/** The AttributionStore on Kysely (SQLite and PostgreSQL alike). Every query filters by `ownedBy`. */
import type { Generated, Kysely } from 'kysely';
import type { AccessScope } from '../identity/access.js';
import { ownedBy } from '../store/owned.js';
import type { CalibrationResult } from './calibration.js';
import type { ImpurityProfile, ProfilePeak } from './profile.js';
import type { AttributionStore, CalibrationSummary, ProfileSummary, StoredProfile } from './store.js';

export type AttributionTables = {
  attribution_profiles: {
    id: Generated<number>;
    owner_agency_id: number;
    sample: string;
    batch: string | null;
    incident_uid: string | null;
    drug: string | null;
    peaks: string;
    created_by: number;
    created_at: string;
    updated_at: string;
  };
  attribution_calibrations: {
    id: Generated<number>;
    owner_agency_id: number;
    name: string;
    pretreatment: string;
    metric: string;
    auc: number;
    threshold: number;
    result: string;
    created_by: number;
    created_at: string;
  };
};

type ProfileRow = Omit<AttributionTables['attribution_profiles'], 'id'> & { id: number };
type CalibrationRow = Omit<AttributionTables['attribution_calibrations'], 'id'> & { id: number };

const clean = (s: string) => (s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s);

function optional(row: ProfileRow): Pick<ImpurityProfile, 'batch' | 'incident' | 'drug'> {
  return { ...(row.batch ? { batch: row.batch } : {}), ...(row.incident_uid ? { incident: row.incident_uid } : {}), ...(row.drug ? { drug: row.drug } : {}) };
}

function profileOf(row: ProfileRow): StoredProfile {
  return { id: Number(row.id), sample: row.sample, ...optional(row), peaks: JSON.parse(row.peaks) as ProfilePeak[], createdAt: row.created_at, updatedAt: row.updated_at };
}

function calibrationSummary(row: CalibrationRow): CalibrationSummary {
  return { id: Number(row.id), name: row.name, pretreatment: row.pretreatment, metric: row.metric, auc: Number(row.auc), threshold: Number(row.threshold), createdAt: row.created_at };
}

export function createAttributionStore(base: Kysely<object>): AttributionStore {
  const db = base.withTables<AttributionTables>();
  return {
    async saveProfiles(scope: AccessScope, profiles, now) {
      return db.transaction().execute(async (trx) => {
        const inserted: string[] = [];
        const updated: string[] = [];
        for (const p of profiles) {
          const orNull = (s: string | undefined) => (s === undefined ? null : clean(s));
          const values = { batch: orNull(p.batch), incident_uid: orNull(p.incident), drug: orNull(p.drug), peaks: clean(JSON.stringify(p.peaks)), updated_at: now };
          // Looked up as stored: PostgreSQL refuses NUL in text, and SQLite would miss the cleaned name.
          const sample = clean(p.sample);
          const existing = await trx.selectFrom('attribution_profiles').select('id').where(ownedBy('attribution_profiles', scope)).where('sample', '=', sample).executeTakeFirst();
          if (existing) {
            await trx.updateTable('attribution_profiles').set(values).where(ownedBy('attribution_profiles', scope)).where('id', '=', Number(existing.id)).execute();
            updated.push(p.sample);
          } else {
            await trx
              .insertInto('attribution_profiles')
              .values({ ...values, owner_agency_id: scope.agencyId, sample, created_by: scope.userId, created_at: now })
              .execute();
            inserted.push(p.sample);
          }
        }
        return { inserted, updated };
      });
    },

    async listProfiles(scope) {
      const rows = await db.selectFrom('attribution_profiles').selectAll().where(ownedBy('attribution_profiles', scope)).orderBy('sample').execute();
      return rows.map((r): ProfileSummary => ({ id: Number(r.id), sample: r.sample, ...optional(r), peaks: (JSON.parse(r.peaks) as unknown[]).length, updatedAt: r.updated_at }));
    },

    async allProfiles(scope) {
      const rows = await db.selectFrom('attribution_profiles').selectAll().where(ownedBy('attribution_profiles', scope)).orderBy('sample').execute();
      return rows.map(profileOf);
    },

    async profileById(scope, id) {
      const row = await db.selectFrom('attribution_profiles').selectAll().where(ownedBy('attribution_profiles', scope)).where('id', '=', id).executeTakeFirst();
      return row ? profileOf(row) : undefined;
    },

    async deleteProfile(scope, id) {
      const r = await db.deleteFrom('attribution_profiles').where(ownedBy('attribution_profiles', scope)).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async saveCalibration(scope, name, result: CalibrationResult, now) {
      const { id } = await db
        .insertInto('attribution_calibrations')
        .values({
          owner_agency_id: scope.agencyId,
          name: clean(name),
          pretreatment: result.chosen.pretreatment,
          metric: result.chosen.metric,
          auc: result.chosen.auc,
          threshold: result.model.threshold,
          result: JSON.stringify(result),
          created_by: scope.userId,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const row = await db.selectFrom('attribution_calibrations').selectAll().where(ownedBy('attribution_calibrations', scope)).where('id', '=', Number(id)).executeTakeFirstOrThrow();
      return calibrationSummary(row);
    },

    async listCalibrations(scope) {
      const rows = await db.selectFrom('attribution_calibrations').selectAll().where(ownedBy('attribution_calibrations', scope)).orderBy('id', 'desc').execute();
      return rows.map(calibrationSummary);
    },

    async calibrationById(scope, id) {
      const row = await db.selectFrom('attribution_calibrations').selectAll().where(ownedBy('attribution_calibrations', scope)).where('id', '=', id).executeTakeFirst();
      return row ? { ...calibrationSummary(row), result: JSON.parse(row.result) as CalibrationResult } : undefined;
    },
  };
}
