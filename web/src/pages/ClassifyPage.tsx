import { lazy, Suspense, useEffect, useRef, useState, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { classify, getRules } from '../api/client.js';
import type { ApiProblem, Finding, JurisdictionVerdict, RulesResponse, Verdict } from '../api/types.js';
import { Depiction } from '../components/Depiction.js';
import { JurisdictionPicker, jurisdictionsToSend } from '../components/JurisdictionPicker.js';
import { ErrorBox, Loading } from '../components/Status.js';
import { VerdictCard } from '../components/VerdictCard.js';
import { todayIso } from '../format.js';
import { useJurisdictions } from '../jurisdictions.js';
import { navigate } from '../router.js';
import { readStructureFile } from '../structure-file.js';

// Ketcher is several megabytes: load it only when the user asks to draw.
const Sketcher = lazy(() => import('../components/Sketcher.js'));

const INPUT_KEY = 'narcotrace.classify.input';

/** Structures the reader can try at once. SMILES as in the project's reviewed examples. */
const EXAMPLES: { key: string; smiles: string }[] = [
  { key: 'fentanyl', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1' },
  { key: 'benzylfentanyl', smiles: 'O=C(CC)N(c1ccccc1)C1CCN(Cc2ccccc2)CC1' },
  { key: 'ethanol', smiles: 'CCO' },
];

type State =
  | { phase: 'idle' }
  | { phase: 'loading' }
  | { phase: 'error'; problem: ApiProblem }
  | { phase: 'done'; verdict: Verdict };

/** The draft kept from before a reload; storage can be blocked (private mode), which only loses the draft. */
function savedDraft(): string {
  try {
    return sessionStorage.getItem(INPUT_KEY) ?? '';
  } catch {
    return '';
  }
}

/** The verdict's jurisdictions in the server's order (GET /api/jurisdictions), then any it did not list. */
export function verdictOrder(v: Verdict, ids: readonly string[]): [string, JurisdictionVerdict][] {
  const byId = v.jurisdictions as Partial<Record<string, JurisdictionVerdict>>;
  const keys = [...ids.filter((j) => byId[j]), ...Object.keys(byId).filter((j) => !ids.includes(j))];
  return keys.flatMap((j) => (byId[j] ? [[j, byId[j]] as [string, JurisdictionVerdict]] : []));
}

function firstHighlighted(v: Verdict, ids: readonly string[]): Finding | undefined {
  const all = verdictOrder(v, ids).flatMap(([, jv]) => jv.findings);
  return all.find((f) => f.applies && f.highlights?.length) ?? all.find((f) => f.highlights?.length);
}

export function ClassifyPage({ search }: { search: string }) {
  const { t } = useTranslation();
  const { ids } = useJurisdictions();
  const params = new URLSearchParams(search);
  const [input, setInput] = useState(() => params.get('structure') ?? savedDraft());
  const [asOf, setAsOf] = useState(() => params.get('asOf') ?? todayIso());
  // undefined: all the server offers. From a link, ?j=US,CN (ids the server does not know are dropped when sending).
  const [selectedJ, setSelectedJ] = useState<string[] | undefined>(() => {
    const fromUrl = params.get('j')?.split(',').filter(Boolean);
    return fromUrl?.length ? fromUrl : undefined;
  });
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [rules, setRules] = useState<RulesResponse | undefined>();
  const [selected, setSelected] = useState<Finding | undefined>();
  const [fileNote, setFileNote] = useState<{ kind: 'info' | 'error'; text: string } | undefined>();
  const [dragging, setDragging] = useState(false);
  const [sketching, setSketching] = useState(false);
  const abortRef = useRef<AbortController | undefined>(undefined);
  const fileRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void getRules().then((r) => r.ok && setRules(r.value));
  }, []);

  useEffect(() => {
    try {
      sessionStorage.setItem(INPUT_KEY, input);
    } catch {
      // Losing the draft on reload is acceptable when storage is blocked.
    }
  }, [input]);

  async function run(structure: string, date: string, jurisdictions: string[] | undefined) {
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    setState({ phase: 'loading' });
    setSelected(undefined);
    // Keep the query in the URL so the result can be shared and survives a reload (molfiles excepted: too long).
    if (!structure.includes('\n')) {
      const q = new URLSearchParams({ structure, asOf: date });
      if (jurisdictions) q.set('j', jurisdictions.join(','));
      navigate(`/?${q}`, { replace: true });
    }
    const result = await classify({ structure, asOf: date, ...(jurisdictions ? { jurisdictions } : {}) }, controller.signal);
    if (controller.signal.aborted) return;
    if (result.ok) {
      setState({ phase: 'done', verdict: result.value });
      setSelected(firstHighlighted(result.value, ids));
    } else {
      setState({ phase: 'error', problem: result.problem });
    }
  }

  // A shared link (?structure=...) classifies on arrival.
  useEffect(() => {
    if (params.get('structure')) void run(input, asOf, selectedJ);
    return () => abortRef.current?.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on first render
  }, []);

  function submit(e?: FormEvent) {
    e?.preventDefault();
    if (input.trim() === '') {
      setState({ phase: 'error', problem: { code: 'EMPTY_INPUT', message: t('classify.emptyInput') } });
      return;
    }
    const jurisdictions = jurisdictionsToSend(selectedJ, ids);
    if (jurisdictions?.length === 0) {
      setState({ phase: 'error', problem: { code: 'UNKNOWN_JURISDICTION', message: t('classify.noJurisdiction') } });
      return;
    }
    void run(input, asOf, jurisdictions);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
  }

  async function takeFile(file: File | undefined) {
    if (!file) return;
    const r = await readStructureFile(file);
    if (!r.ok) {
      setFileNote({ kind: 'error', text: t(`file.${r.code}`, { name: file.name }) });
      return;
    }
    setInput(r.text);
    setFileNote({
      kind: 'info',
      text: r.records > 1 ? t('file.firstOfMany', { name: file.name, count: r.records }) : t('file.loaded', { name: file.name }),
    });
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    void takeFile(e.dataTransfer.files[0]);
  }

  return (
    <div className="classify-page">
      <section className="panel input-panel" aria-labelledby="classify-title">
        <h1 id="classify-title">{t('classify.title')}</h1>
        <p className="lead">{t('classify.intro')}</p>
        <form onSubmit={submit} noValidate>
          <label htmlFor="structure-input" className="field-label">{t('classify.inputLabel')}</label>
          <div
            className={`drop-zone ${dragging ? 'dragging' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          >
            <textarea
              id="structure-input"
              name="structure"
              value={input}
              onChange={(e) => setInput(e.target.value)}
              onKeyDown={onKeyDown}
              rows={input.includes('\n') ? 8 : 3}
              spellCheck={false}
              autoComplete="off"
              placeholder={t('classify.placeholder')}
              aria-describedby="structure-help"
            />
            <p id="structure-help" className="help">{t('classify.help')}</p>
          </div>
          {fileNote && (
            <p className={fileNote.kind === 'error' ? 'note note-error' : 'note'} role={fileNote.kind === 'error' ? 'alert' : 'status'}>
              {fileNote.text}
            </p>
          )}
          <div className="input-tools">
            <button type="button" className="button-secondary" onClick={() => fileRef.current?.click()}>
              {t('classify.openFile')}
            </button>
            <input
              ref={fileRef}
              type="file"
              accept=".mol,.sdf,.sd,.smi,.smiles,.txt,.inchi"
              hidden
              onChange={(e) => {
                void takeFile(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
            <button type="button" className="button-secondary" aria-expanded={sketching} onClick={() => setSketching((s) => !s)}>
              {sketching ? t('classify.closeSketcher') : t('classify.draw')}
            </button>
            <span className="examples">
              {t('classify.examples')}:{' '}
              {EXAMPLES.map((ex) => (
                <button key={ex.key} type="button" className="link-button" onClick={() => setInput(ex.smiles)}>
                  {t(`examples.${ex.key}`)}
                </button>
              ))}
            </span>
          </div>
          {sketching && (
            <Suspense fallback={<Loading label={t('sketcher.loading')} />}>
              <Sketcher
                initial={input}
                onUse={(structure) => {
                  setInput(structure);
                  setSketching(false);
                }}
              />
            </Suspense>
          )}
          <div className="options-row">
            <div className="field">
              <label htmlFor="as-of" className="field-label">{t('classify.asOf')}</label>
              <input id="as-of" type="date" value={asOf} min="1970-01-01" max="2100-12-31" onChange={(e) => setAsOf(e.target.value || todayIso())} />
            </div>
            <JurisdictionPicker idPrefix="classify" selected={selectedJ} onChange={setSelectedJ} />
            <button type="submit" className="button-primary" disabled={state.phase === 'loading'} data-testid="classify-submit">
              {state.phase === 'loading' ? t('classify.working') : t('classify.submit')}
            </button>
          </div>
        </form>
      </section>

      <div aria-live="polite">
        {state.phase === 'loading' && <Loading label={t('classify.working')} />}
        {state.phase === 'error' && <ErrorBox problem={state.problem} title={t('classify.failed')} />}
      </div>
      {state.phase === 'done' && <Result verdict={state.verdict} rules={rules} selected={selected} onSelect={setSelected} />}
    </div>
  );
}

function Result({ verdict, rules, selected, onSelect }: { verdict: Verdict; rules?: RulesResponse; selected?: Finding; onSelect(f: Finding): void }) {
  const { t } = useTranslation();
  const { ids } = useJurisdictions();
  const s = verdict.structure;
  const shown = verdictOrder(verdict, ids);
  return (
    <section className="result" aria-labelledby="result-title" data-testid="result">
      <h2 id="result-title" className="visually-hidden">{t('result.title')}</h2>
      <div className="panel structure-panel">
        <Depiction smiles={s.smiles} highlights={selected?.highlights} label={s.smiles} showLegend />
        <div className="structure-facts">
          <h3>{t('result.structure')}</h3>
          {selected && (
            <p className="small muted">{t('result.highlighting', { rule: selected.rule, clauses: selected.clauses.join(', ') || '—' })}</p>
          )}
          <dl className="facts">
            <dt>{t('result.smiles')}</dt>
            <dd><code className="break">{s.smiles}</code></dd>
            {s.inchikey && (
              <>
                <dt>{t('result.inchikey')}</dt>
                <dd><code>{s.inchikey}</code></dd>
              </>
            )}
            <dt>{t('result.formula')}</dt>
            <dd>{s.formula}</dd>
            {s.stripped && s.stripped.length > 0 && (
              <>
                <dt>{t('result.stripped')}</dt>
                <dd>{s.stripped.join(', ')}</dd>
              </>
            )}
            {s.changes && s.changes.length > 0 && (
              <>
                <dt>{t('result.changes')}</dt>
                <dd>
                  <ul className="plain">{s.changes.map((c) => <li key={c}>{c}</li>)}</ul>
                </dd>
              </>
            )}
            <dt>{t('result.asOf')}</dt>
            <dd><time dateTime={verdict.asOf}>{verdict.asOf}</time></dd>
            <dt>{t('result.dataVersion')}</dt>
            <dd><code className="small break">{verdict.dataVersion}</code></dd>
          </dl>
        </div>
      </div>
      <div className="verdict-grid">
        {shown.map(([j, jv]) => (
          <VerdictCard key={j} jurisdiction={j} verdict={jv} rules={rules} selected={selected} onSelect={onSelect} />
        ))}
      </div>
    </section>
  );
}
