import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { login } from '../api/client.js';
import type { ApiProblem } from '../api/types.js';
import { useAuth } from '../auth.js';
import { ErrorBox } from '../components/Status.js';
import { navigate, safeNext } from '../router.js';

/**
 * Sign in with a user name and password. A failed attempt shows the server's message and keeps the
 * user name; only the password is cleared. Afterwards the visitor goes back to `?next=` (a path on
 * this site) or to the start page.
 */
export function LoginPage({ search }: { search: string }) {
  const { t } = useTranslation();
  const { me, signedIn } = useAuth();
  const next = safeNext(new URLSearchParams(search).get('next'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const userRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  // Signed in (now, or already): go where the visitor was headed.
  useEffect(() => {
    if (me) navigate(next, { replace: true });
  }, [me, next]);

  useEffect(() => userRef.current?.focus(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!username.trim() || !password) {
      setProblem({ code: 'INVALID_REQUEST', message: t('login.missing') });
      (username.trim() ? passwordRef : userRef).current?.focus();
      return;
    }
    setBusy(true);
    setProblem(undefined);
    const r = await login(username.trim(), password);
    setBusy(false);
    if (r.ok) {
      signedIn(r.value);
      return;
    }
    setPassword('');
    setProblem(r.problem);
    passwordRef.current?.focus();
  }

  return (
    <div className="narrow-page">
      <section className="panel" aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="lead">{t('login.intro')}</p>
        <form className="stacked-form" onSubmit={(e) => void submit(e)} noValidate aria-describedby="login-problem" data-testid="login-form">
          <div className="field">
            <label htmlFor="login-username" className="field-label">{t('login.username')}</label>
            <input
              ref={userRef}
              id="login-username"
              name="username"
              type="text"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="login-password" className="field-label">{t('login.password')}</label>
            <input
              ref={passwordRef}
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={problem ? true : undefined}
            />
          </div>
          <div id="login-problem" aria-live="assertive">
            {problem && <ErrorBox problem={problem} title={t('login.failed')} />}
          </div>
          <button type="submit" className="button-primary" disabled={busy} data-testid="login-submit">
            {busy ? t('login.working') : t('login.submit')}
          </button>
        </form>
        <p className="muted small">{t('login.noAccount')}</p>
      </section>
    </div>
  );
}
