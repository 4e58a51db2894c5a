/**
 * Spectral identification: choose one of the agency's libraries, upload a spectrum file or paste
 * peaks, and get the hit list; the selected hit shows a mirror plot (query up, library down, matched
 * peaks highlighted), its structure depiction and its legal verdict per jurisdiction.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding, JurisdictionVerdict } from '../api/types.js';
import { Depiction } from '../components/Depiction.js';
import { MirrorPlot } from '../components/MirrorPlot.js';
import { VerdictCard } from '../components/VerdictCard.js';
import { apiRequest } from '../api/client.js';

type Peak = [number, number];
interface Library {
  id: number;
  name: string;
  version: string;
  spectra: number;
}
interface Hit {
  id: number;
  name: string;
  inchikey: string | null;
  score: number;
  reverseScore: number;
  probability: number;
  massShift?: number;
  structure: string;
  smiles: string | null;
  legal: Record<string, boolean> | null;
  note?: string;
  family: { name: string } | null;
  verdict?: { ok: boolean; jurisdictions?: Record<string, JurisdictionVerdict> } | null;
}
interface Result {
  query: string;
  hits: Hit[];
  family?: { message: string } | null;
}
interface Problem {
  code: string;
  message: string;
}

/** Through the one API client (web/src/api/client.ts): a body makes it a POST. */
function call<T>(url: string, body?: unknown): Promise<{ ok: true; value: T } | { ok: false; problem: Problem }> {
  return apiRequest<T>(url, body === undefined ? undefined : { method: 'POST', body: JSON.stringify(body) });
}

function parsePeaks(text: string): Peak[] {
  const nums = text.replace(/#.*/g, '').split(/[\s,;:]+/).filter(Boolean).map(Number);
  const out: Peak[] = [];
  for (let k = 0; k + 1 < nums.length; k += 2) if (Number.isFinite(nums[k]) && Number.isFinite(nums[k + 1])) out.push([nums[k], nums[k + 1]]);
  return out;
}

export function SpectraPage() {
  const { t } = useTranslation();
  const [libraries, setLibraries] = useState<Library[]>([]);
  const [library, setLibrary] = useState<number | undefined>();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | undefined>();
  const [mode, setMode] = useState<'identity' | 'hybrid' | 'msms'>('identity');
  const [result, setResult] = useState<Result | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [selected, setSelected] = useState<Hit | undefined>();
  const [libraryPeaks, setLibraryPeaks] = useState<Peak[]>([]);
  const [finding, setFinding] = useState<Finding | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void call<{ libraries: Library[] }>('/api/spectra/libraries').then((r) => {
      if (r.ok) {
        setLibraries(r.value.libraries);
        setLibrary(r.value.libraries[0]?.id);
      } else setProblem(r.problem);
    });
  }, []);

  useEffect(() => {
    if (!selected || library === undefined) return;
    void call<{ spectrum: { peaks: Peak[] } }>(`/api/spectra/libraries/${library}/spectra/${selected.id}`).then((r) => setLibraryPeaks(r.ok ? r.value.spectrum.peaks : []));
  }, [selected, library]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (library === undefined) return;
    setBusy(true);
    setProblem(undefined);
    const r = await call<{ results: Result[] }>('/api/spectra/search', { library, text, fileName, mode, top: 10 });
    setBusy(false);
    if (!r.ok) {
      setProblem(r.problem);
      setResult(undefined);
      return;
    }
    const first = r.value.results[0];
    setResult(first);
    setSelected(first?.hits[0]);
  }

  async function onFile(file: File | undefined) {
    if (!file) return;
    setFileName(file.name);
    setText(await file.text());
  }

  const verdicts = selected?.verdict?.ok ? Object.entries(selected.verdict.jurisdictions ?? {}) : [];
  return (
    <section className="panel" aria-labelledby="spectra-title">
      <h1 id="spectra-title">{t('spectra.title')}</h1>
      <p className="lead">{t('spectra.intro')}</p>
      {libraries.length === 0 && <p className="muted" data-testid="spectra-no-library">{t('spectra.noLibrary')}</p>}
      <form onSubmit={onSubmit} className="spectra-form">
        <label>
          {t('spectra.library')}{' '}
          <select value={library ?? ''} onChange={(e) => setLibrary(Number(e.target.value))} data-testid="spectra-library">
            {libraries.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name} ({t('spectra.count', { count: l.spectra })}, {l.version})
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('spectra.mode')}{' '}
          <select value={mode} onChange={(e) => setMode(e.target.value as typeof mode)} data-testid="spectra-mode">
            <option value="identity">{t('spectra.modes.identity')}</option>
            <option value="hybrid">{t('spectra.modes.hybrid')}</option>
            <option value="msms">{t('spectra.modes.msms')}</option>
          </select>
        </label>
        <label className="block">
          {t('spectra.peaks')}
          <textarea rows={6} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('spectra.peaksPlaceholder')} data-testid="spectra-peaks" />
        </label>
        <label>
          {t('spectra.upload')} <input type="file" accept=".msp,.jdx,.dx,.txt,.csv" onChange={(e) => void onFile(e.target.files?.[0])} data-testid="spectra-file" />
        </label>{' '}
        <button type="submit" disabled={busy || library === undefined || !text.trim()} data-testid="spectra-search">
          {busy ? t('spectra.searching') : t('spectra.search')}
        </button>
      </form>
      {problem && (
        <p className="error" role="alert" data-testid="spectra-error">
          {problem.code}: {problem.message}
        </p>
      )}
      {result && (
        <div className="spectra-result">
          {result.family !== undefined && <p data-testid="spectra-family">{result.family ? result.family.message : t('spectra.noFamily')}</p>}
          {result.hits.length === 0 ? (
            <p className="muted">{t('spectra.noHit')}</p>
          ) : (
            <table className="hits" data-testid="spectra-hits">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('spectra.hit.name')}</th>
                  <th>{t('spectra.hit.score')}</th>
                  <th>{t('spectra.hit.reverse')}</th>
                  <th>{t('spectra.hit.probability')}</th>
                  {mode === 'hybrid' && <th>{t('spectra.hit.shift')}</th>}
                  <th>{t('spectra.hit.legal')}</th>
                </tr>
              </thead>
              <tbody>
                {result.hits.map((h, k) => (
                  <tr key={h.id} className={selected?.id === h.id ? 'selected' : ''} onClick={() => setSelected(h)} data-testid={`spectra-hit-${k}`}>
                    <td>{k + 1}</td>
                    <td>
                      <button type="button" className="link" onClick={() => setSelected(h)}>
                        {h.name}
                      </button>
                    </td>
                    <td>{h.score}</td>
                    <td>{h.reverseScore}</td>
                    <td>{(h.probability * 100).toFixed(1)}%</td>
                    {mode === 'hybrid' && <td>{h.massShift !== undefined ? `${h.massShift >= 0 ? '+' : ''}${h.massShift}` : ''}</td>}
                    <td>
                      {h.legal
                        ? Object.entries(h.legal)
                            .map(([j, c]) => `${j}: ${c ? t('verdict.controlled') : t('verdict.notControlled')}`)
                            .join(' · ')
                        : t('spectra.structureNotKnown')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {selected && (
            <div className="spectra-detail" data-testid="spectra-detail">
              <h2>{selected.name}</h2>
              <MirrorPlot query={parsePeaks(text)} library={libraryPeaks} queryLabel={result.query} libraryLabel={selected.name} massShift={selected.massShift} />
              {selected.smiles ? <div className="spectra-depiction"><Depiction smiles={selected.smiles} label={selected.name} /></div> : <p className="muted">{t('spectra.structureNotKnown')}</p>}
              {selected.family && <p>{t('spectra.family', { name: selected.family.name })}</p>}
              <div className="verdict-grid">
                {verdicts.map(([j, v]) => (
                  <VerdictCard key={j} jurisdiction={j} verdict={v} selected={finding} onSelect={setFinding} />
                ))}
              </div>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
