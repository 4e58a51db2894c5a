/**
 * Agency exchange: the incidents of one's agency and those shared with it (list and detail, with what
 * is withheld and its attachments), sharing controls and attachment upload for one's own, the incident
 * entry form (components/ExchangeIncidentForm.tsx), package export and import, and the audit view. Every string goes through the catalogue (exchange.*).
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../api/types.js';
import { can, useAuth } from '../auth.js';
import {
  createIncident,
  exportPackage,
  getIncident,
  importPackage,
  listAudit,
  listIncidents,
  listPartners,
  setSharing,
  type AuditEntry,
  type ImportResult,
  type Incident,
  type IncidentSummary,
  type Partner,
  type SharingScope,
} from '../components/ExchangeApi.js';
import { Attachments } from '../components/ExchangeAttachments.js';
import { IncidentForm } from '../components/ExchangeIncidentForm.js';
import { ErrorBox, Loading } from '../components/Status.js';
import { formatDateTime } from '../format.js';

type BiText = { en?: string; zh?: string } | undefined;

/** Bilingual free text in the reader's language first, the other beside it. */
function Text({ value }: { value: BiText }) {
  const { i18n } = useTranslation();
  if (!value) return <span className="muted">—</span>;
  const zhFirst = i18n.language.startsWith('zh');
  const [first, second] = zhFirst ? [value.zh, value.en] : [value.en, value.zh];
  return (
    <span>
      {first ?? second}
      {first && second && <span className="muted small"> · {second}</span>}
    </span>
  );
}

export function ExchangePage({ uid }: { uid?: string }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [list, setList] = useState<IncidentSummary[] | undefined>();
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [selected, setSelected] = useState<string | undefined>(uid);

  const load = useCallback(async () => {
    const r = await listIncidents();
    if (r.ok) {
      setList(r.value);
      setProblem(undefined);
    } else setProblem(r.problem);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="exchange-page">
      <section className="panel" aria-labelledby="exchange-title">
        <h1 id="exchange-title">{t('exchange.title')}</h1>
        <p className="lead">{t('exchange.intro')}</p>
        {problem && <ErrorBox problem={problem} />}
        {!list && !problem && <Loading />}
        {list && list.length === 0 && <p className="muted">{t('exchange.none')}</p>}
        {list && list.length > 0 && (
          <div className="table-wrap">
            <table data-testid="exchange-incidents">
              <thead>
                <tr>
                  <th scope="col">{t('exchange.occurredOn')}</th>
                  <th scope="col">{t('exchange.kind')}</th>
                  <th scope="col">{t('exchange.country')}</th>
                  <th scope="col">{t('exchange.origin')}</th>
                  <th scope="col">{t('exchange.sharing')}</th>
                  <th scope="col">{t('exchange.samples')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((i) => (
                  <tr key={i.uid} className={i.uid === selected ? 'selected' : undefined}>
                    <td>
                      <button type="button" className="link-button" onClick={() => setSelected(i.uid)}>
                        {i.occurredOn}
                      </button>
                    </td>
                    <td>{i.kind}</td>
                    <td>{i.country}</td>
                    <td>{i.originAgency ?? (i.ownerAgencyId === me?.agency.id ? t('exchange.ownAgency') : t('exchange.sharedWithUs'))}</td>
                    <td>{i.sharing}</td>
                    <td>{i.samples}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {selected && <IncidentDetail uid={selected} onChanged={load} />}
      {can(me, 'exchange:write') && <NewIncident onCreated={(i) => { void load(); setSelected(i.uid); }} />}
      {can(me, 'exchange:packages') && <Packages onImported={load} />}
      {can(me, 'exchange:audit') && <AuditView />}
    </div>
  );
}

function IncidentDetail({ uid, onChanged }: { uid: string; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const [incident, setIncident] = useState<Incident | undefined>();
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  useEffect(() => {
    setIncident(undefined);
    void getIncident(uid).then((r) => (r.ok ? (setIncident(r.value), setProblem(undefined)) : setProblem(r.problem)));
  }, [uid]);
  if (problem) return <ErrorBox problem={problem} />;
  if (!incident) return <Loading />;
  const e = incident.edas;
  return (
    <section className="panel" aria-labelledby="incident-title" data-testid="exchange-detail">
      <h2 id="incident-title">
        {t('exchange.incident')} {incident.occurredOn} · {incident.kind} · {incident.place.country}
        {incident.place.region ? ` (${incident.place.region})` : ''}
      </h2>
      <p className="small muted">
        {incident.origin ? t('exchange.importedFrom', { agency: incident.origin.agency }) : incident.editable ? t('exchange.ownRecord') : t('exchange.sharedRecord')} · {t('exchange.revision')} {incident.revision} · {formatDateTime(incident.updatedAt, i18n.language)}
      </p>
      {incident.redacted.length > 0 && (
        <p className="note" data-testid="exchange-redacted">
          {t('exchange.withheld')}: {incident.redacted.join(', ')}
        </p>
      )}
      <dl className="facts">
        <dt>{t('exchange.description')}</dt>
        <dd><Text value={incident.description} /></dd>
        <dt>{t('exchange.quantity')}</dt>
        <dd>{incident.quantity ? `${incident.quantity.amount} ${incident.quantity.unit}` : '—'} {incident.form ?? ''}</dd>
        <dt>{t('exchange.packaging')}</dt>
        <dd><Text value={incident.packaging} /></dd>
        <dt>{t('exchange.route')}</dt>
        <dd>{incident.route ? [incident.route.origin, ...(incident.route.transitPoints ?? []), incident.route.destination].filter(Boolean).join(' → ') : '—'}</dd>
        <dt>{t('exchange.coordinates')}</dt>
        <dd>{incident.place.coordinates ? `${incident.place.coordinates.lat}, ${incident.place.coordinates.lon}` : '—'}</dd>
        <dt>{t('exchange.edas.riskType')}</dt>
        <dd>{e.riskType ?? '—'}</dd>
        <dt>{t('exchange.edas.meansOfExposure')}</dt>
        <dd><Text value={e.meansOfExposure} /></dd>
        <dt>{t('exchange.edas.toxicology')}</dt>
        <dd><Text value={e.toxicology} /></dd>
        <dt>{t('exchange.edas.risks')}</dt>
        <dd><Text value={e.healthRisks} /> <Text value={e.socialRisks} /> <Text value={e.securityRisks} /></dd>
        <dt>{t('exchange.edas.measuresTaken')}</dt>
        <dd><Text value={e.measuresTaken} /></dd>
        <dt>{t('exchange.operational')}</dt>
        <dd>{incident.operational ? <>{incident.operational.caseReference ?? ''} <Text value={incident.operational.notes} /></> : '—'}</dd>
      </dl>
      <h3>{t('exchange.parties')}</h3>
      <ul>
        {incident.parties.map((p, i) => (
          <li key={i}>
            {p.role} ({p.kind}): {p.personal ? `${p.personal.name}${p.personal.nationality ? `, ${p.personal.nationality}` : ''}` : <em className="muted">{t('exchange.withheldPersonal')}</em>}
          </li>
        ))}
      </ul>
      <h3>{t('exchange.samples')}</h3>
      <ul>
        {incident.samples.map((s, i) => (
          <li key={i}>
            <strong>{s.label}</strong> · {s.method} · {s.confidence} · <code>{s.result.smiles}</code> ·{' '}
            {Object.entries(s.result.controlled).map(([j, c]) => `${j}: ${c ? t('exchange.controlled') : t('exchange.notControlled')}`).join(', ')}
            <div className="small muted">{t('exchange.classifiedWith', { asOf: s.result.asOf, version: s.result.dataVersion })}</div>
          </li>
        ))}
      </ul>
      <Attachments incident={incident} onAdded={(a) => setIncident({ ...incident, attachments: [...incident.attachments, a] })} />
      {incident.editable && <SharingControls incident={incident} onSaved={(i) => { setIncident(i); onChanged(); }} />}
    </section>
  );
}

function SharingControls({ incident, onSaved }: { incident: Incident; onSaved: (i: Incident) => void }) {
  const { t } = useTranslation();
  const [partners, setPartners] = useState<Partner[]>([]);
  const [scope, setScope] = useState<SharingScope>(incident.sharing.scope);
  const [agencies, setAgencies] = useState<number[]>(incident.sharing.agencies);
  const [release, setRelease] = useState(incident.release);
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  useEffect(() => {
    void listPartners().then((r) => r.ok && setPartners(r.value));
  }, []);
  async function save(ev: FormEvent) {
    ev.preventDefault();
    const r = await setSharing(incident.uid, { scope, agencies: scope === 'agencies' ? agencies : [], release });
    if (r.ok) {
      setProblem(undefined);
      onSaved(r.value);
    } else setProblem(r.problem);
  }
  return (
    <form onSubmit={(ev) => void save(ev)} data-testid="exchange-sharing">
      <h3>{t('exchange.sharingTitle')}</h3>
      <label className="field-label" htmlFor="sharing-scope">{t('exchange.sharing')}</label>
      <select id="sharing-scope" value={scope} onChange={(ev) => setScope(ev.target.value as SharingScope)}>
        <option value="private">{t('exchange.scope.private')}</option>
        <option value="agencies">{t('exchange.scope.agencies')}</option>
        <option value="all">{t('exchange.scope.all')}</option>
      </select>
      {scope === 'agencies' && (
        <fieldset>
          <legend>{t('exchange.partners')}</legend>
          {partners.map((p) => (
            <label key={p.id} className="checkbox">
              <input type="checkbox" checked={agencies.includes(p.id)} onChange={(ev) => setAgencies((cur) => (ev.target.checked ? [...cur, p.id] : cur.filter((a) => a !== p.id)))} /> {p.name}
            </label>
          ))}
        </fieldset>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={release.personal} onChange={(ev) => setRelease({ ...release, personal: ev.target.checked })} /> {t('exchange.releasePersonal')}
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={release.operational} onChange={(ev) => setRelease({ ...release, operational: ev.target.checked })} /> {t('exchange.releaseOperational')}
      </label>
      <button type="submit" className="button-primary">{t('exchange.save')}</button>
      {problem && <ErrorBox problem={problem} />}
    </form>
  );
}

function NewIncident({ onCreated }: { onCreated: (i: Incident) => void }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="new-incident-title">
      <h2 id="new-incident-title">{t('exchange.newTitle')}</h2>
      <IncidentForm
        onSubmit={async (input) => {
          const r = await createIncident(input);
          if (!r.ok) return r.problem;
          onCreated(r.value);
          return undefined;
        }}
      />
    </section>
  );
}

function Packages({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [imported, setImported] = useState<ImportResult | undefined>();
  const fileRef = useRef<HTMLInputElement>(null);

  async function doExport(ev: FormEvent) {
    ev.preventDefault();
    const r = await exportPackage({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
    if (!r.ok) return setProblem(r.problem);
    setProblem(undefined);
    const url = URL.createObjectURL(new Blob([r.value.text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.value.name;
    a.click();
    URL.revokeObjectURL(url);
  }
  async function doImport(file: File) {
    let pkg: unknown;
    try {
      pkg = JSON.parse(await file.text());
    } catch {
      return setProblem({ code: 'PACKAGE_MALFORMED', message: t('exchange.notJson') });
    }
    const r = await importPackage(pkg);
    if (!r.ok) return setProblem(r.problem);
    setProblem(undefined);
    setImported(r.value);
    onImported();
  }
  return (
    <section className="panel" aria-labelledby="packages-title">
      <h2 id="packages-title">{t('exchange.packagesTitle')}</h2>
      <p className="lead">{t('exchange.packagesIntro')}</p>
      <form onSubmit={(ev) => void doExport(ev)} className="options-row">
        <label>
          {t('exchange.from')} <input type="date" value={from} onChange={(ev) => setFrom(ev.target.value)} />
        </label>
        <label>
          {t('exchange.to')} <input type="date" value={to} onChange={(ev) => setTo(ev.target.value)} />
        </label>
        <button type="submit" className="button-primary" disabled={!from && !to}>{t('exchange.export')}</button>
      </form>
      <p>
        <button type="button" className="button-secondary" onClick={() => fileRef.current?.click()}>{t('exchange.import')}</button>
        <input ref={fileRef} type="file" accept="application/json,.json" hidden onChange={(ev) => ev.target.files?.[0] && void doImport(ev.target.files[0])} />
      </p>
      {imported && (
        <p className="success-note" data-testid="exchange-imported">
          {imported.replay ? t('exchange.replay') : t('exchange.importedCounts', { inserted: imported.inserted.length, updated: imported.updated.length, unchanged: imported.unchanged.length })}
        </p>
      )}
      {problem && <ErrorBox problem={problem} />}
    </section>
  );
}

function AuditView() {
  const { t, i18n } = useTranslation();
  const [entries, setEntries] = useState<AuditEntry[] | undefined>();
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  useEffect(() => {
    void listAudit().then((r) => (r.ok ? setEntries(r.value) : setProblem(r.problem)));
  }, []);
  return (
    <section className="panel" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('exchange.auditTitle')}</h2>
      <p className="lead">{t('exchange.auditIntro')}</p>
      {problem && <ErrorBox problem={problem} />}
      {entries && (
        <div className="table-wrap">
          <table data-testid="exchange-audit">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('exchange.when')}</th>
                <th scope="col">{t('exchange.action')}</th>
                <th scope="col">{t('exchange.actor')}</th>
                <th scope="col">{t('exchange.subject')}</th>
                <th scope="col">{t('exchange.hash')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.seq}>
                  <td>{e.seq}</td>
                  <td>{formatDateTime(e.at, i18n.language)}</td>
                  <td>{e.action}</td>
                  <td>{t('exchange.actorText', { agency: e.actorAgencyId, user: e.actorUserId })}</td>
                  <td><code className="small">{e.subject}</code></td>
                  <td><code className="small">{e.hash.slice(0, 12)}…</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
