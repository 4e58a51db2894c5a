import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UserFacts } from './UserFacts.js';
import type { ApiProblem } from '../api/types.js';
import { useAuth } from '../auth.js';
import type { PageDef } from '../pages/index.js';
import { Link, loginHref, navigate, useLocation } from '../router.js';

/**
 * The header's account corner: "Sign in" for anonymous visitors; for a signed-in user their name and
 * agency, opening a menu with their role, the account page and "Sign out".
 */
export function UserMenu({ currentPage }: { currentPage: PageDef | undefined }) {
  const { t } = useTranslation();
  const { me, signOut } = useAuth();
  const loc = useLocation();
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [busy, setBusy] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  // Close on navigation, on Escape and on a click elsewhere.
  useEffect(() => setOpen(false), [loc.pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  if (me === undefined) return <div className="user-menu" aria-hidden="true" />;
  if (me === null) {
    if (currentPage?.id === 'login') return <div className="user-menu" />;
    return (
      <div className="user-menu">
        <Link href={loginHref(loc.pathname + loc.search)} className="sign-in-link" data-testid="sign-in-link">
          {t('user.signIn')}
        </Link>
      </div>
    );
  }

  async function doSignOut() {
    setBusy(true);
    setProblem(undefined);
    const r = await signOut();
    setBusy(false);
    if (!r.ok) {
      setProblem(r.problem);
      return;
    }
    setOpen(false);
    if (currentPage && currentPage.access !== 'public') navigate('/');
  }

  return (
    <div className="user-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="user-button"
        aria-expanded={open}
        aria-controls={menuId}
        data-testid="user-menu"
        onClick={() => setOpen((o) => !o)}
      >
        <span className="user-avatar" aria-hidden="true">{initials(me.displayName || me.username)}</span>
        <span className="user-button-text">
          <span className="user-name">{me.displayName || me.username}</span>
          <span className="user-agency">{me.agency.name}</span>
        </span>
        <span className="user-caret" aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="user-panel" id={menuId} data-testid="user-panel">
          <UserFacts me={me} roleTestId="user-role" />
          <div className="user-actions">
            <Link href="/account" className="button-secondary small">{t('nav.account')}</Link>
            <button type="button" className="button-secondary small" onClick={() => void doSignOut()} disabled={busy} data-testid="sign-out">
              {t('user.signOut')}
            </button>
          </div>
          <div aria-live="polite">
            {problem && (
              <p className="note note-error" role="alert">
                <code>{problem.code}</code> {problem.message}
              </p>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

function initials(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '?';
  // One CJK character, or the first letters of up to two words.
  if (/^[\u3400-\u9fff]/.test(trimmed)) return trimmed[0];
  return trimmed
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('');
}
