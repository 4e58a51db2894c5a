import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createAgency, createUser, listAgencies, listUsers } from '../api/client.js';
import { AGENCY_KINDS, ROLES, type Agency, type AgencyKind, type ApiProblem, type Role, type User } from '../api/types.js';
import { can, MIN_PASSWORD_LENGTH, useAuth } from '../auth.js';
import { ErrorBox, Loading } from '../components/Status.js';
import { formatDateTime } from '../format.js';
import { useJurisdictions } from '../jurisdictions.js';

type Load<T> = { phase: 'loading' } | { phase: 'error'; problem: ApiProblem } | { phase: 'done'; items: T[] };

/**
 * Agencies and their users. An operator agency's administrators see and create agencies; every
 * administrator manages the users of the agencies they can see.
 */
export function AdminPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [agencies, setAgencies] = useState<Load<Agency>>({ phase: 'loading' });
  const [selected, setSelected] = useState<number | undefined>(me?.agency.id);

  const load = useCallback(async () => {
    const r = await listAgencies();
    setAgencies(r.ok ? { phase: 'done', items: r.value } : { phase: 'error', problem: r.problem });
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  if (!me) return null;
  const mayCreateAgency = me.agency.operator && can(me, 'agencies:manage');
  const agencyList = agencies.phase === 'done' ? agencies.items : [];
  const current = agencyList.find((a) => a.id === selected);

  return (
    <div className="admin-page">
      <section className="panel" aria-labelledby="agencies-title">
        <h1 id="agencies-title">{t('admin.title')}</h1>
        <p className="lead">{mayCreateAgency ? t('admin.introOperator') : t('admin.intro', { agency: me.agency.name })}</p>
        <h2>{t('admin.agencies')}</h2>
        {agencies.phase === 'loading' && <Loading />}
        {agencies.phase === 'error' && <ErrorBox problem={agencies.problem} />}
        {agencies.phase === 'done' && (
          <AgencyTable agencies={agencyList} selected={selected} onSelect={setSelected} />
        )}
        {mayCreateAgency && (
          <AgencyForm
            onCreated={(a) => {
              setAgencies((cur) => (cur.phase === 'done' ? { phase: 'done', items: [...cur.items, a] } : cur));
              setSelected(a.id);
            }}
          />
        )}
      </section>
      {selected !== undefined && can(me, 'users:manage') && (
        <Users key={selected} agencyId={selected} agencyName={current?.name ?? (selected === me.agency.id ? me.agency.name : String(selected))} />
      )}
    </div>
  );
}

function AgencyTable({ agencies, selected, onSelect }: { agencies: Agency[]; selected?: number; onSelect(id: number): void }) {
  const { t, i18n } = useTranslation();
  const { name } = useJurisdictions();
  if (agencies.length === 0) return <p className="muted">{t('admin.noAgencies')}</p>;
  return (
    <div className="table-wrap">
      <table data-testid="agency-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.agencyName')}</th>
            <th scope="col">{t('admin.kind')}</th>
            <th scope="col">{t('admin.jurisdiction')}</th>
            <th scope="col">{t('admin.created')}</th>
            <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {agencies.map((a) => (
            <tr key={a.id} className={a.id === selected ? 'row-selected' : undefined} aria-current={a.id === selected ? 'true' : undefined}>
              <td className="strong">
                {a.name}
                {a.operator && <span className="tag tag-operator">{t('admin.operator')}</span>}
              </td>
              <td>{t(`agencyKind.${a.kind}`, { defaultValue: a.kind })}</td>
              <td>{a.jurisdiction ? name(a.jurisdiction) : '—'}</td>
              <td>{formatDateTime(a.createdAt, i18n.language)}</td>
              <td className="actions-cell">
                <button type="button" className="button-secondary small" aria-pressed={a.id === selected} onClick={() => onSelect(a.id)}>
                  {t('admin.showUsers')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AgencyForm({ onCreated }: { onCreated(a: Agency): void }) {
  const { t } = useTranslation();
  const { list: jurisdictions, name: jName } = useJurisdictions();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<AgencyKind>('laboratory');
  const [jurisdiction, setJurisdiction] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: true; name: string } | { ok: false; problem: ApiProblem } | undefined>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setOutcome(undefined);
    if (!name.trim()) {
      setOutcome({ ok: false, problem: { code: 'INVALID_REQUEST', message: t('admin.agencyNameMissing'), where: { field: 'name' } } });
      return;
    }
    setBusy(true);
    const r = await createAgency({ name: name.trim(), kind, ...(jurisdiction ? { jurisdiction } : {}) });
    setBusy(false);
    if (!r.ok) {
      setOutcome({ ok: false, problem: r.problem });
      return;
    }
    setOutcome({ ok: true, name: r.value.name });
    setName('');
    setJurisdiction('');
    onCreated(r.value);
  }

  return (
    <form className="subform" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="agency-form-title" data-testid="agency-form">
      <h3 id="agency-form-title">{t('admin.newAgency')}</h3>
      <div className="inline-form">
        <div className="field grow">
          <label htmlFor="agency-name" className="field-label">{t('admin.agencyName')}</label>
          <input id="agency-name" type="text" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="agency-kind" className="field-label">{t('admin.kind')}</label>
          <select id="agency-kind" value={kind} onChange={(e) => setKind(e.target.value as AgencyKind)}>
            {AGENCY_KINDS.filter((k) => k !== 'operator').map((k) => (
              <option key={k} value={k}>{t(`agencyKind.${k}`)}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="agency-jurisdiction" className="field-label">{t('admin.jurisdiction')}</label>
          <select id="agency-jurisdiction" value={jurisdiction} onChange={(e) => setJurisdiction(e.target.value)}>
            <option value="">{t('admin.noJurisdiction')}</option>
            {jurisdictions.map((j) => (
              <option key={j.id} value={j.id}>{jName(j.id)}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="button-primary" disabled={busy}>{t('admin.createAgency')}</button>
      </div>
      <div aria-live="polite">
        {outcome?.ok === false && <ErrorBox problem={outcome.problem} title={t('admin.agencyFailed')} />}
        {outcome?.ok === true && <p className="success-note">{t('admin.agencyCreated', { name: outcome.name })}</p>}
      </div>
    </form>
  );
}

function Users({ agencyId, agencyName }: { agencyId: number; agencyName: string }) {
  const { t, i18n } = useTranslation();
  const [users, setUsers] = useState<Load<User>>({ phase: 'loading' });

  useEffect(() => {
    let live = true;
    void listUsers(agencyId).then((r) => live && setUsers(r.ok ? { phase: 'done', items: r.value } : { phase: 'error', problem: r.problem }));
    return () => {
      live = false;
    };
  }, [agencyId]);

  return (
    <section className="panel" aria-labelledby="users-title" data-testid="users">
      <h2 id="users-title">{t('admin.users', { agency: agencyName })}</h2>
      {users.phase === 'loading' && <Loading />}
      {users.phase === 'error' && <ErrorBox problem={users.problem} />}
      {users.phase === 'done' && users.items.length === 0 && <p className="muted">{t('admin.noUsers')}</p>}
      {users.phase === 'done' && users.items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="user-table">
            <thead>
              <tr>
                <th scope="col">{t('user.username')}</th>
                <th scope="col">{t('user.name')}</th>
                <th scope="col">{t('user.role')}</th>
                <th scope="col">{t('admin.userState')}</th>
                <th scope="col">{t('admin.created')}</th>
              </tr>
            </thead>
            <tbody>
              {users.items.map((u) => (
                <tr key={u.id}>
                  <td><code>{u.username}</code></td>
                  <td>{u.displayName || '—'}</td>
                  <td>{t(`role.${u.role}`, { defaultValue: u.role })}</td>
                  <td>{u.disabled ? <span className="state state-revoked">{t('admin.disabled')}</span> : <span className="state state-active">{t('admin.enabled')}</span>}</td>
                  <td>{formatDateTime(u.createdAt, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <UserForm agencyId={agencyId} onCreated={(u) => setUsers((cur) => (cur.phase === 'done' ? { phase: 'done', items: [...cur.items, u] } : cur))} />
    </section>
  );
}

function UserForm({ agencyId, onCreated }: { agencyId: number; onCreated(u: User): void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: true; username: string } | { ok: false; problem: ApiProblem } | undefined>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setOutcome(undefined);
    if (!username.trim()) {
      setOutcome({ ok: false, problem: { code: 'INVALID_REQUEST', message: t('admin.usernameMissing'), where: { field: 'username' } } });
      return;
    }
    if (password.length < MIN_PASSWORD_LENGTH) {
      setOutcome({ ok: false, problem: { code: 'WEAK_PASSWORD', message: t('account.tooShort', { count: MIN_PASSWORD_LENGTH }), where: { field: 'password' } } });
      return;
    }
    setBusy(true);
    const r = await createUser({ username: username.trim(), ...(displayName.trim() ? { displayName: displayName.trim() } : {}), role, password, agencyId });
    setBusy(false);
    if (!r.ok) {
      setOutcome({ ok: false, problem: r.problem });
      return;
    }
    setOutcome({ ok: true, username: r.value.username });
    setUsername('');
    setDisplayName('');
    setPassword('');
    setRole('analyst');
    onCreated(r.value);
  }

  return (
    <form className="subform" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="user-form-title" data-testid="user-form">
      <h3 id="user-form-title">{t('admin.newUser')}</h3>
      <div className="inline-form">
        <div className="field">
          <label htmlFor="new-username" className="field-label">{t('user.username')}</label>
          <input id="new-username" type="text" autoComplete="off" autoCapitalize="none" spellCheck={false} required value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
        <div className="field grow">
          <label htmlFor="new-display-name" className="field-label">{t('admin.displayName')}</label>
          <input id="new-display-name" type="text" autoComplete="off" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="new-role" className="field-label">{t('user.role')}</label>
          <select id="new-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="new-password" className="field-label">{t('admin.initialPassword')}</label>
          <input
            id="new-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-describedby="new-password-help"
          />
          <p id="new-password-help" className="help">{t('account.passwordHelp', { count: MIN_PASSWORD_LENGTH })}</p>
        </div>
        <button type="submit" className="button-primary" disabled={busy}>{t('admin.createUser')}</button>
      </div>
      <div aria-live="polite">
        {outcome?.ok === false && <ErrorBox problem={outcome.problem} title={t('admin.userFailed')} />}
        {outcome?.ok === true && <p className="success-note">{t('admin.userCreated', { username: outcome.username })}</p>}
      </div>
    </form>
  );
}
