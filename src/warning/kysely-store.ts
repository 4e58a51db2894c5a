/** The WarningStore on Kysely (SQLite and PostgreSQL alike). Reads the exchange tables only through `visibleTo`. */
import type { Generated, Kysely } from 'kysely';
import type { AccessScope } from '../identity/access.js';
import type { ExchangeTables } from '../exchange/kysely-store.js';
import { visibleTo } from '../exchange/visibility.js';
import { ownedBy } from '../store/owned.js';
import { viewFor, type StoredIncident } from '../exchange/redaction.js';
import type { Sample, SharingScope } from '../exchange/model.js';
import type { FirstDetectionAlert, Sighting } from './alerts.js';
import type { PendingSighting, SharedCase, StoredAlert, StoredSpike, WarningStore } from './store.js';
import type { SpikeAlert } from './trends.js';

export type WarningTables = {
  warning_alerts: { id: Generated<number>; owner_agency_id: number; incident_id: number; kind: string; inchikey: string | null; coverage_gap: number; occurred_on: string; content: string; created_at: string };
  warning_scans: { owner_agency_id: number; incident_id: number; revision: number };
  warning_spikes: { id: Generated<number>; owner_agency_id: number; series_key: string; week: string; content: string; created_at: string };
};
type Tables = WarningTables & Pick<ExchangeTables, 'exchange_incidents' | 'exchange_samples' | 'exchange_shares' | 'agencies'>;

interface SampleRow {
  incident_id: number;
  uid: string;
  occurred_on: string;
  country: string;
  kind: string;
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
    kind: r.kind,
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
        'exchange_incidents.kind as kind',
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

    async syncSpikes(scope, spikes, at) {
      await db.transaction().execute(async (tx) => {
        const stored = await tx.selectFrom('warning_spikes').select(['id', 'series_key', 'week', 'content']).where(ownedBy('warning_spikes', scope)).execute();
        const wanted = new Map(spikes.map((s) => [`${s.series.key}|${s.week}`, s]));
        for (const row of stored) {
          const next = wanted.get(`${row.series_key}|${row.week}`);
          if (!next) await tx.deleteFrom('warning_spikes').where(ownedBy('warning_spikes', scope)).where('id', '=', Number(row.id)).execute();
          else {
            wanted.delete(`${row.series_key}|${row.week}`);
            const content = JSON.stringify(next);
            if (content !== row.content) await tx.updateTable('warning_spikes').set({ content }).where(ownedBy('warning_spikes', scope)).where('id', '=', Number(row.id)).execute();
          }
        }
        for (const s of wanted.values())
          await tx.insertInto('warning_spikes').values({ owner_agency_id: scope.agencyId, series_key: s.series.key, week: s.week, content: JSON.stringify(s), created_at: at }).execute();
      });
    },

    async listSpikes(scope, filter) {
      let q = db.selectFrom('warning_spikes').select(['id', 'content', 'created_at']).where(ownedBy('warning_spikes', scope));
      if (filter.from) q = q.where('week', '>=', filter.from);
      if (filter.to) q = q.where('week', '<=', filter.to);
      const rows = await q.orderBy('week', 'desc').orderBy('series_key').limit(filter.limit).execute();
      return rows.map((r): StoredSpike => ({ id: Number(r.id), createdAt: r.created_at, alert: JSON.parse(r.content) as SpikeAlert }));
    },

    async sharedCases(scope, filter) {
      let q = db
        .selectFrom('exchange_incidents')
        .leftJoin('agencies', 'agencies.id', 'exchange_incidents.owner_agency_id')
        .selectAll('exchange_incidents')
        .select('agencies.name as agency_name')
        .where(visibleTo(scope))
        .where((eb) => eb.or([eb('exchange_incidents.sharing', '!=', 'private'), eb('exchange_incidents.origin_key_id', 'is not', null)]));
      if (filter.from) q = q.where('exchange_incidents.occurred_on', '>=', filter.from);
      if (filter.to) q = q.where('exchange_incidents.occurred_on', '<=', filter.to);
      const rows = await q.orderBy('exchange_incidents.occurred_on').orderBy('exchange_incidents.id').execute();
      const ids = rows.map((r) => Number(r.id));
      const samples = ids.length ? await db.selectFrom('exchange_samples').select(['incident_id', 'content']).where('incident_id', 'in', ids).orderBy('incident_id').orderBy('position').execute() : [];
      return rows.map((r): SharedCase => {
        // The reader's view, redacted as everywhere else; parties and attachments are not even loaded.
        const stored: StoredIncident = {
          uid: r.uid,
          ownerAgencyId: Number(r.owner_agency_id),
          origin: r.origin_key_id ? { agency: r.origin_agency ?? '', keyId: r.origin_key_id, packageId: r.origin_package_id ?? '' } : null,
          sharing: { scope: r.sharing as SharingScope, agencies: [] },
          release: { personal: r.release_personal === 1, operational: r.release_operational === 1 },
          content: JSON.parse(r.content) as StoredIncident['content'],
          parties: [],
          samples: samples.filter((s) => Number(s.incident_id) === Number(r.id)).map((s) => JSON.parse(s.content) as Sample),
          attachments: [],
          redactedAtOrigin: JSON.parse(r.redacted_at_origin) as string[],
          revision: Number(r.revision),
          createdAt: r.created_at,
          updatedAt: r.updated_at,
        };
        const view = viewFor(scope.agencyId, stored);
        const route = view.route;
        return {
          uid: view.uid,
          kind: view.kind,
          occurredOn: view.occurredOn,
          country: view.place.country,
          ...(view.place.region ? { region: view.place.region } : {}),
          ...(route ? { route: { ...(route.origin ? { origin: route.origin } : {}), ...(route.destination ? { destination: route.destination } : {}), transitPoints: route.transitPoints ?? [] } } : {}),
          sharing: view.origin ? 'imported' : (view.sharing.scope as 'agencies' | 'all'),
          agency: view.origin ? view.origin.agency : (r.agency_name ?? `agency ${view.ownerAgencyId}`),
          own: view.ownerAgencyId === scope.agencyId,
          samples: view.samples.map((s) => ({ label: s.label, smiles: s.result.smiles, inchikey: s.result.inchikey, controlled: s.result.controlled, needsReview: s.result.needsReview })),
        };
      });
    },
  };
}

