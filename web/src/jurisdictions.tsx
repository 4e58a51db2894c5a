/**
 * The jurisdictions the server classifies under, with their names in English and 中文, fetched once
 * (GET /api/jurisdictions) and shared by every page. If the list cannot be loaded, nothing is offered
 * for selection and the pages say why; classification still works (the server then uses all).
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { getJurisdictions } from './api/client.js';
import type { ApiProblem, JurisdictionInfo } from './api/types.js';

export type JurisdictionsState =
  | { phase: 'loading'; list: readonly JurisdictionInfo[] }
  | { phase: 'error'; list: readonly JurisdictionInfo[]; problem: ApiProblem }
  | { phase: 'done'; list: readonly JurisdictionInfo[] };

const EMPTY: readonly JurisdictionInfo[] = [];
const JurisdictionsContext = createContext<JurisdictionsState>({ phase: 'loading', list: EMPTY });

export function JurisdictionsProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<JurisdictionsState>({ phase: 'loading', list: EMPTY });
  useEffect(() => {
    let live = true;
    void getJurisdictions().then((r) => {
      if (live) setState(r.ok ? { phase: 'done', list: r.value } : { phase: 'error', list: EMPTY, problem: r.problem });
    });
    return () => {
      live = false;
    };
  }, []);
  return <JurisdictionsContext.Provider value={state}>{children}</JurisdictionsContext.Provider>;
}

/** A jurisdiction's name in the given UI language: the server's name in that language, else its English name. */
export function jurisdictionName(list: readonly JurisdictionInfo[], id: string, language: string): string | undefined {
  const j = list.find((x) => x.id === id);
  if (!j) return undefined;
  const lang = language.startsWith('zh') ? 'zh' : 'en';
  return j.names[lang] || j.names.en || undefined;
}

export interface Jurisdictions {
  state: JurisdictionsState;
  list: readonly JurisdictionInfo[];
  ids: string[];
  /** The name in the current UI language, or the id itself when the server did not name it. */
  name(id: string): string;
}

export function useJurisdictions(): Jurisdictions {
  const state = useContext(JurisdictionsContext);
  const { i18n } = useTranslation();
  const name = useCallback((id: string) => jurisdictionName(state.list, id, i18n.language) ?? id, [state.list, i18n.language]);
  return { state, list: state.list, ids: state.list.map((j) => j.id), name };
}
