/**
 * Who is asking: the signed-in user (GET /api/auth/me), read once when the app starts and again
 * whenever the server says the session is gone. The session itself is an HttpOnly cookie the UI never
 * sees. What to show is decided from `permissions`, not from the role's name.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { getMe, logout, SESSION_LOST, type ApiResult } from './api/client.js';
import type { Me, Permission } from './api/types.js';

/** The server's lower bound for a password (WEAK_PASSWORD below it); the forms check it too, to say so before sending. */
export const MIN_PASSWORD_LENGTH = 10;

export interface Auth {
  /** undefined while the first answer is awaited; null when nobody is signed in. */
  me: Me | null | undefined;
  /** Called by the sign-in page with the user the server returned. */
  signedIn(me: Me): void;
  /** Ends the session on the server; on failure the user stays signed in and the problem is returned. */
  signOut(): Promise<ApiResult<unknown>>;
  refresh(): Promise<void>;
}

const AuthContext = createContext<Auth>({
  me: null,
  signedIn: () => undefined,
  signOut: async () => ({ ok: true, value: undefined }),
  refresh: async () => undefined,
});

export function useAuth(): Auth {
  return useContext(AuthContext);
}

export function can(me: Me | null | undefined, permission: Permission): boolean {
  return !!me && me.permissions.includes(permission);
}

/** An administrator of their agency: may manage its users (and, in the operator agency, other agencies). */
export function isAdmin(me: Me | null | undefined): boolean {
  return can(me, 'users:manage') || can(me, 'agencies:manage');
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  const refresh = useCallback(async () => {
    const r = await getMe();
    // A server without sign-in (or one that cannot be reached) leaves the UI anonymous: classification,
    // the registry and the rules need no account.
    setMe(r.ok ? r.value : null);
  }, []);

  useEffect(() => {
    void refresh();
    const lost = () => void refresh();
    window.addEventListener(SESSION_LOST, lost);
    return () => window.removeEventListener(SESSION_LOST, lost);
  }, [refresh]);

  const signOut = useCallback(async () => {
    const r = await logout();
    if (r.ok) setMe(null);
    return r;
  }, []);

  const value = useMemo<Auth>(() => ({ me, signedIn: setMe, signOut, refresh }), [me, signOut, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
