import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { changePassword, createToken, listTokens, revokeToken } from '../api/client.js';
import type { ApiProblem, TokenInfo } from '../api/types.js';
import { can, MIN_PASSWORD_LENGTH, useAuth } from '../auth.js';
import { CopyButton } from '../components/CopyButton.js';
import { ErrorBox, Loading } from '../components/Status.js';
import { formatDateTime } from '../format.js';
import { UserFacts } from '../components/UserFacts.js';
import { RowProblem } from '../components/RowProblem.js';

export const MAX_TOKEN_DAYS = 3650;

/** The signed-in user's own account: who they are, their password and their API tokens. */
export function AccountPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  if (!me) return null;
  return (
    <div className="account-page">
      <section className="panel" aria-labelledby="account-title">
        <h1 id="account-title">{t('account.title')}</h1>
        <UserFacts me={me} testId="account-facts" />
      </section>
      <PasswordForm />
      {can(me, 'tokens:own') && <Tokens />}
    </div>
  );
}

function PasswordForm() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: true } | { ok: false; problem: ApiProblem } | undefined>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setOutcome(undefined);
    if (next.length < MIN_PASSWORD_LENGTH) {
      setOutcome({ ok: false, problem: { code: 'WEAK_PASSWORD', message: t('account.tooShort', { count: MIN_PASSWORD_LENGTH }) } });
      return;
    }
    if (next !== repeat) {
      setOutcome({ ok: false, problem: { code: 'INVALID_REQUEST', message: t('account.mismatch') } });
      return;
    }
    setBusy(true);
    const r = await changePassword(current, next);
    setBusy(false);
    if (r.ok) {
      setCurrent('');
      setNext('');
      setRepeat('');
      setOutcome({ ok: true });
    } else {
      // A wrong current password is cleared; the new one is kept so it need not be typed twice again.
      if (r.problem.code === 'UNAUTHENTICATED') setCurrent('');
      setOutcome({ ok: false, problem: r.problem });
    }
  }

  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 id="password-title">{t('account.password')}</h2>
      <form className="stacked-form" onSubmit={(e) => void submit(e)} noValidate data-testid="password-form">
        <div className="field">
          <label htmlFor="pw-current" className="field-label">{t('account.currentPassword')}</label>
          <input id="pw-current" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="pw-new" className="field-label">{t('account.newPassword')}</label>
          <input
            id="pw-new"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            value={next}
            onChange={(e) => setNext(e.target.value)}
            aria-describedby="pw-new-help"
          />
          <p id="pw-new-help" className="help">{t('account.passwordHelp', { count: MIN_PASSWORD_LENGTH })}</p>
        </div>
        <div className="field">
          <label htmlFor="pw-repeat" className="field-label">{t('account.repeatPassword')}</label>
          <input id="pw-repeat" type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        </div>
        <div aria-live="polite">
          {outcome?.ok === false && <ErrorBox problem={outcome.problem} title={t('account.passwordFailed')} />}
          {outcome?.ok === true && <p className="success-note" data-testid="password-changed">{t('account.passwordChanged')}</p>}
        </div>
        <button type="submit" className="button-primary" disabled={busy}>
          {t('account.changePassword')}
        </button>
      </form>
    </section>
  );
}

type ListState = { phase: 'loading' } | { phase: 'error'; problem: ApiProblem } | { phase: 'done'; tokens: TokenInfo[] };

export function tokenStatus(token: TokenInfo, now = Date.now()): 'revoked' | 'expired' | 'active' {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now) return 'expired';
  return 'active';
}

function Tokens() {
  const { t, i18n } = useTranslation();
  const [list, setList] = useState<ListState>({ phase: 'loading' });
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [created, setCreated] = useState<{ token: TokenInfo; secret: string } | undefined>();
  const [confirming, setConfirming] = useState<number | undefined>();
  const [rowProblem, setRowProblem] = useState<{ id: number; problem: ApiProblem } | undefined>();
  const secretRef = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    const r = await listTokens();
    setList(r.ok ? { phase: 'done', tokens: r.value } : { phase: 'error', problem: r.problem });
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function create(e: FormEvent) {
    e.preventDefault();
    setProblem(undefined);
    const trimmed = name.trim();
    if (!trimmed) {
      setProblem({ code: 'INVALID_REQUEST', message: t('tokens.nameMissing'), where: { field: 'name' } });
      return;
    }
    let expiresInDays: number | undefined;
    if (days.trim()) {
      expiresInDays = Number(days);
      if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > MAX_TOKEN_DAYS) {
        setProblem({ code: 'INVALID_REQUEST', message: t('tokens.daysInvalid', { max: MAX_TOKEN_DAYS }), where: { field: 'expiresInDays' } });
        return;
      }
    }
    setBusy(true);
    const r = await createToken({ name: trimmed, ...(expiresInDays ? { expiresInDays } : {}) });
    setBusy(false);
    if (!r.ok) {
      setProblem(r.problem);
      return;
    }
    setCreated(r.value);
    setName('');
    setDays('');
    void load();
  }

  async function revoke(id: number) {
    setRowProblem(undefined);
    const r = await revokeToken(id);
    setConfirming(undefined);
    // A revoked token's secret is of no use any more: stop showing it.
    if (r.ok && created?.token.id === id) setCreated(undefined);
    if (!r.ok) {
      setRowProblem({ id, problem: r.problem });
      return;
    }
    setList((cur) => (cur.phase === 'done' ? { phase: 'done', tokens: cur.tokens.map((x) => (x.id === id ? r.value : x)) } : cur));
  }

  return (
    <section className="panel" aria-labelledby="tokens-title" data-testid="tokens">
      <h2 id="tokens-title">{t('tokens.title')}</h2>
      <p className="lead">{t('tokens.intro')}</p>

      <div aria-live="polite">
        {created && (
          <div className="secret-box" data-testid="token-secret-box">
            <p className="secret-warning" role="alert">
              <strong>{t('tokens.secretTitle', { name: created.token.name })}</strong> {t('tokens.secretWarning')}
            </p>
            <div className="secret-row">
              <label htmlFor="token-secret" className="visually-hidden">{t('tokens.secretLabel')}</label>
              <input
                ref={secretRef}
                id="token-secret"
                type="text"
                readOnly
                value={created.secret}
                className="secret-value"
                spellCheck={false}
                data-testid="token-secret"
                onFocus={(e) => e.target.select()}
              />
              <CopyButton text={created.secret} fallbackInput={() => secretRef.current} />
            </div>
            <button type="button" className="link-button" onClick={() => setCreated(undefined)} data-testid="token-secret-dismiss">
              {t('tokens.secretDismiss')}
            </button>
          </div>
        )}
      </div>

      <form className="inline-form" onSubmit={(e) => void create(e)} noValidate data-testid="token-form">
        <div className="field grow">
          <label htmlFor="token-name" className="field-label">{t('tokens.name')}</label>
          <input id="token-name" type="text" maxLength={100} required value={name} onChange={(e) => setName(e.target.value)} placeholder={t('tokens.namePlaceholder')} />
        </div>
        <div className="field">
          <label htmlFor="token-days" className="field-label">{t('tokens.expiresInDays')}</label>
          <input
            id="token-days"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_TOKEN_DAYS}
            step={1}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            aria-describedby="token-days-help"
          />
          <p id="token-days-help" className="help">{t('tokens.expiresHelp')}</p>
        </div>
        <button type="submit" className="button-primary" disabled={busy} data-testid="token-create">
          {t('tokens.create')}
        </button>
      </form>
      <div aria-live="polite">{problem && <ErrorBox problem={problem} title={t('tokens.createFailed')} />}</div>

      <h3 className="section-heading">{t('tokens.yours')}</h3>
      {list.phase === 'loading' && <Loading />}
      {list.phase === 'error' && <ErrorBox problem={list.problem} />}
      {list.phase === 'done' && list.tokens.length === 0 && <p className="muted">{t('tokens.none')}</p>}
      {list.phase === 'done' && list.tokens.length > 0 && (
        <div className="table-wrap">
          <table data-testid="token-table">
            <thead>
              <tr>
                <th scope="col">{t('tokens.name')}</th>
                <th scope="col">{t('tokens.status')}</th>
                <th scope="col">{t('tokens.created')}</th>
                <th scope="col">{t('tokens.expires')}</th>
                <th scope="col">{t('tokens.lastUsed')}</th>
                <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {list.tokens.map((tok) => {
                const status = tokenStatus(tok);
                return (
                  <tr key={tok.id} data-testid={`token-${tok.id}`}>
                    <td className="strong">{tok.name}</td>
                    <td>
                      <span className={`state state-${status}`}>{t(`tokens.state.${status}`)}</span>
                      {tok.revokedAt && <div className="small muted">{formatDateTime(tok.revokedAt, i18n.language)}</div>}
                    </td>
                    <td>{formatDateTime(tok.createdAt, i18n.language)}</td>
                    <td>{tok.expiresAt ? formatDateTime(tok.expiresAt, i18n.language) : t('tokens.never')}</td>
                    <td>{tok.lastUsedAt ? formatDateTime(tok.lastUsedAt, i18n.language) : t('tokens.notUsed')}</td>
                    <td className="actions-cell">
                      {status === 'active' && confirming !== tok.id && (
                        <button type="button" className="button-secondary small" onClick={() => setConfirming(tok.id)}>
                          {t('tokens.revoke')}
                        </button>
                      )}
                      {status === 'active' && confirming === tok.id && (
                        <span className="confirm" role="group" aria-label={t('tokens.revokeConfirm', { name: tok.name })}>
                          <span className="small">{t('tokens.revokeConfirm', { name: tok.name })}</span>
                          <button type="button" className="button-danger small" onClick={() => void revoke(tok.id)} data-testid="token-revoke-confirm">
                            {t('tokens.revoke')}
                          </button>
                          <button type="button" className="button-secondary small" onClick={() => setConfirming(undefined)}>
                            {t('common.cancel')}
                          </button>
                        </span>
                      )}
                      {rowProblem?.id === tok.id && <RowProblem problem={rowProblem.problem} />}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
