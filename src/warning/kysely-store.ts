/** The WarningStore on Kysely (SQLite and PostgreSQL alike). Reads the exchange tables only through `visibleTo`. */
import type { Generated, Kysely } from 'kysely';
import type { AccessScope } from '../identity/access.js';
import type { ExchangeTables } from '../exchange/kysely-store.js';
import { visibleTo } from '../exchange/visibility.js';
import { ownedBy } from '../store/owned.js';
import type { FirstDetectionAlert, Sighting } from './alerts.js';
import type { PendingSighting, StoredAlert, WarningStore } from './store.js';

export type WarningTables = {
  warning_alerts: { id: Generated<number>; owner_agency_id: number; incident_id: number; kind: string; inchikey: string | null; coverage_gap: number; occurred_on: string; content: string; created_at: string };
  warning_scans: { owner_agency_id: number; incident_id: number; revision: number };
};
type Tables = WarningTables & Pick<ExchangeTables, 'exchange_incidents' | 'exchange_samples' | 'exchange_shares'>;

interface SampleRow {
  incident_id: number;
  uid: string;
  occurred_on: string;
  country: string;
  revision: number;
  incident_content: string;
  sample_content: string;
  inchikey: string | null;
}

function toSighting(r: SampleRow): PendingSighting {
  const place = (JSON.parse(r.incident_content) as { place?: { region?: string } }).place;
  const sample = JSON.parse(r.sample_content) as { label?: string; result?: { smiles?: string | null } };
  return {
    incidentId: Number(r.incident_id),
    revision: Number(r.revision),
    incidentUid: r.uid,
    occurredOn: r.occurred_on,
    country: r.country,
    ...(place?.region ? { region: place.region } : {}),
    sampleLabel: sample.label ?? '',
    smiles: sample.result?.smiles ?? '',
    inchikey: r.inchikey ?? '',
  };
}

export function createWarningStore(base: Kysely<object>): WarningStore {
  const db = base.withTables<Tables>();

  function samplesOf(scope: AccessScope) {
    return db
      .selectFrom('exchange_samples')
      .innerJoin('exchange_incidents', 'exchange_incidents.id', 'exchange_samples.incident_id')
      .select([
        'exchange_incidents.id as incident_id',
        'exchange_incidents.uid as uid',
        'exchange_incidents.occurred_on as occurred_on',
        'exchange_incidents.country as country',
        'exchange_incidents.revision as revision',
        'exchange_incidents.content as incident_content',
        'exchange_samples.content as sample_content',
        'exchange_samples.inchikey as inchikey',
      ])
      .where(visibleTo(scope))
      .where('exchange_samples.inchikey', 'is not', null)
      .orderBy('exchange_incidents.occurred_on')
      .orderBy('exchange_incidents.id')
      .orderBy('exchange_samples.position');
  }

  return {
    async pendingSightings(scope) {
      const rows = await samplesOf(scope)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('warning_scans')
                .select('warning_scans.incident_id')
                .whereRef('warning_scans.incident_id', '=', 'exchange_incidents.id')
                .whereRef('warning_scans.revision', '=', 'exchange_incidents.revision')
                .where('warning_scans.owner_agency_id', '=', scope.agencyId),
            ),
          ),
        )
        .execute();
      return (rows as SampleRow[]).map(toSighting);
    },

    async seenInchikeys(scope) {
      const rows = await db.selectFrom('warning_alerts').select('inchikey').where(ownedBy('warning_alerts', scope)).where('inchikey', 'is not', null).execute();
      return new Set(rows.map((r) => r.inchikey!));
    },

    async recordScan(scope, alerts, judged, at) {
      await db.transaction().execute(async (tx) => {
        for (const { incidentId, alert } of alerts)
          await tx
            .insertInto('warning_alerts')
            .values({ owner_agency_id: scope.agencyId, incident_id: incidentId, kind: alert.kind, inchikey: alert.sighting.inchikey, coverage_gap: alert.coverageGap ? 1 : 0, occurred_on: alert.sighting.occurredOn, content: JSON.stringify(alert), created_at: at })
            .execute();
        for (const j of judged) {
          await tx.deleteFrom('warning_scans').where(ownedBy('warning_scans', scope)).where('incident_id', '=', j.incidentId).execute();
          await tx.insertInto('warning_scans').values({ owner_agency_id: scope.agencyId, incident_id: j.incidentId, revision: j.revision }).execute();
        }
      });
    },

    async listAlerts(scope, filter) {
      let q = db
        .selectFrom('warning_alerts')
        .innerJoin('exchange_incidents', 'exchange_incidents.id', 'warning_alerts.incident_id')
        .select(['warning_alerts.id as id', 'warning_alerts.content as content', 'warning_alerts.created_at as created_at'])
        .where(ownedBy('warning_alerts', scope))
        .where(visibleTo(scope));
      if (filter.from) q = q.where('warning_alerts.occurred_on', '>=', filter.from);
      if (filter.to) q = q.where('warning_alerts.occurred_on', '<=', filter.to);
      if (filter.gapsOnly) q = q.where('warning_alerts.coverage_gap', '=', 1);
      const rows = await q.orderBy('warning_alerts.occurred_on', 'desc').orderBy('warning_alerts.id', 'desc').limit(filter.limit).execute();
      return rows.map((r): StoredAlert => ({ id: Number(r.id), createdAt: r.created_at, alert: JSON.parse(r.content) as FirstDetectionAlert }));
    },

    async sightings(scope, filter) {
      let q = samplesOf(scope);
      if (filter.from) q = q.where('exchange_incidents.occurred_on', '>=', filter.from);
      if (filter.to) q = q.where('exchange_incidents.occurred_on', '<=', filter.to);
      return ((await q.execute()) as SampleRow[]).map((r): Sighting => {
        const { incidentId: _i, revision: _r, ...s } = toSighting(r);
        return s;
      });
    },
  };
}

