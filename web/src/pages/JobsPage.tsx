import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { cancelJob, jobResultUrl, listJobs, submitClassifyJob } from '../api/client.js';
import type { ApiProblem, Job } from '../api/types.js';
import { can, useAuth } from '../auth.js';
import { JurisdictionPicker, jurisdictionsToSend } from '../components/JurisdictionPicker.js';
import { ErrorBox, Loading } from '../components/Status.js';
import { formatDateTime } from '../format.js';
import { useJurisdictions } from '../jurisdictions.js';
import { MAX_JOB_STRUCTURES, readStructureListFile, structuresFromText } from '../structure-file.js';
import { RowProblem } from '../components/RowProblem.js';

/** How often the list is re-read while a job is queued or running. */
export const POLL_MS = 1000;

export function isActive(job: Job): boolean {
  return job.state === 'queued' || job.state === 'running';
}

/** Progress as a whole percentage (0 while the total is unknown). */
export function percent(job: Job): number {
  const { done, total } = job.progress;
  if (job.state === 'done') return 100;
  return total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
}

type ListState = { phase: 'loading' } | { phase: 'error'; problem: ApiProblem } | { phase: 'done'; jobs: Job[] };

/** Bulk classification: submit a list of structures, follow the agency's jobs, cancel them, download results. */
export function JobsPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [list, setList] = useState<ListState>({ phase: 'loading' });
  const [pollProblem, setPollProblem] = useState<ApiProblem | undefined>();
  // Counts finished reads, so polling goes on after a failed one too.
  const [reads, setReads] = useState(0);

  const load = useCallback(async () => {
    const r = await listJobs();
    setReads((n) => n + 1);
    if (r.ok) {
      setList({ phase: 'done', jobs: r.value });
      setPollProblem(undefined);
    } else {
      setList((cur) => (cur.phase === 'done' ? cur : { phase: 'error', problem: r.problem }));
      setPollProblem(r.problem);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  // Poll once a second while any job is queued or running (one request at a time).
  const anyActive = list.phase === 'done' && list.jobs.some(isActive);
  useEffect(() => {
    if (!anyActive) return;
    const timer = setTimeout(() => void load(), POLL_MS);
    return () => clearTimeout(timer);
  }, [anyActive, reads, load]);

  function upsert(job: Job) {
    setList((cur) => {
      const jobs = cur.phase === 'done' ? cur.jobs : [];
      return { phase: 'done', jobs: jobs.some((j) => j.id === job.id) ? jobs.map((j) => (j.id === job.id ? job : j)) : [job, ...jobs] };
    });
  }

  return (
    <div className="jobs-page">
      <section className="panel" aria-labelledby="jobs-title">
        <h1 id="jobs-title">{t('jobs.title')}</h1>
        <p className="lead">{t('jobs.intro')}</p>
        {can(me, 'jobs:submit') ? <JobForm onSubmitted={upsert} /> : <p className="muted">{t('jobs.noSubmit')}</p>}
      </section>
      <section className="panel" aria-labelledby="jobs-list-title">
        <h2 id="jobs-list-title">{t('jobs.list', { agency: me?.agency.name ?? '' })}</h2>
        <div aria-live="polite">
          {list.phase === 'loading' && <Loading />}
          {list.phase === 'error' && <ErrorBox problem={list.problem} />}
          {list.phase === 'done' && pollProblem && <ErrorBox problem={pollProblem} title={t('jobs.refreshFailed')} />}
        </div>
        {list.phase === 'done' && list.jobs.length === 0 && <p className="muted">{t('jobs.none')}</p>}
        {list.phase === 'done' && list.jobs.length > 0 && <JobTable jobs={list.jobs} mayCancel={can(me, 'jobs:cancel')} onChanged={upsert} />}
      </section>
    </div>
  );
}

function JobForm({ onSubmitted }: { onSubmitted(job: Job): void }) {
  const { t } = useTranslation();
  const { ids } = useJurisdictions();
  const [text, setText] = useState('');
  const [asOf, setAsOf] = useState('');
  const [selectedJ, setSelectedJ] = useState<string[] | undefined>();
  const [fileNote, setFileNote] = useState<{ kind: 'info' | 'error'; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: true; job: Job } | { ok: false; problem: ApiProblem } | undefined>();
  const fileRef = useRef<HTMLInputElement>(null);
  const count = structuresFromText(text).length;

  async function takeFile(file: File | undefined) {
    if (!file) return;
    const r = await readStructureListFile(file);
    if (!r.ok) {
      setFileNote({ kind: 'error', text: t(`jobs.file.${r.code}`, { name: file.name }) });
      return;
    }
    setText(r.structures.join('\n'));
    setFileNote({ kind: 'info', text: t('jobs.file.loaded', { name: file.name, count: r.structures.length }) });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setOutcome(undefined);
    const structures = structuresFromText(text);
    if (structures.length === 0) {
      setOutcome({ ok: false, problem: { code: 'EMPTY_INPUT', message: t('jobs.empty'), where: { field: 'structures' } } });
      return;
    }
    if (structures.length > MAX_JOB_STRUCTURES) {
      setOutcome({ ok: false, problem: { code: 'INPUT_TOO_LARGE', message: t('jobs.tooMany', { max: MAX_JOB_STRUCTURES.toLocaleString(), count: structures.length }), where: { field: 'structures' } } });
      return;
    }
    const jurisdictions = jurisdictionsToSend(selectedJ, ids);
    if (jurisdictions?.length === 0) {
      setOutcome({ ok: false, problem: { code: 'UNKNOWN_JURISDICTION', message: t('classify.noJurisdiction'), where: { field: 'jurisdictions' } } });
      return;
    }
    setBusy(true);
    const r = await submitClassifyJob({ structures, ...(asOf ? { asOf } : {}), ...(jurisdictions ? { jurisdictions } : {}) });
    setBusy(false);
    if (!r.ok) {
      setOutcome({ ok: false, problem: r.problem });
      return;
    }
    setOutcome({ ok: true, job: r.value });
    setText('');
    setFileNote(undefined);
    onSubmitted(r.value);
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="job-form">
      <label htmlFor="job-structures" className="field-label">{t('jobs.structures')}</label>
      <textarea
        id="job-structures"
        name="structures"
        rows={8}
        spellCheck={false}
        autoComplete="off"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('jobs.placeholder')}
        aria-describedby="job-structures-help job-structures-count"
      />
      <p id="job-structures-help" className="help">{t('jobs.help', { max: MAX_JOB_STRUCTURES.toLocaleString() })}</p>
      <div className="input-tools">
        <button type="button" className="button-secondary" onClick={() => fileRef.current?.click()}>
          {t('jobs.openFile')}
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".smi,.smiles,.txt"
          hidden
          data-testid="job-file"
          onChange={(e) => {
            void takeFile(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <span id="job-structures-count" className="muted small" data-testid="job-count">
          {t('jobs.count', { count })}
        </span>
      </div>
      {fileNote && (
        <p className={fileNote.kind === 'error' ? 'note note-error' : 'note'} role={fileNote.kind === 'error' ? 'alert' : 'status'}>
          {fileNote.text}
        </p>
      )}
      <div className="options-row">
        <div className="field">
          <label htmlFor="job-as-of" className="field-label">{t('jobs.asOf')}</label>
          <input id="job-as-of" type="date" value={asOf} min="1970-01-01" max="2100-12-31" onChange={(e) => setAsOf(e.target.value)} aria-describedby="job-as-of-help" />
          <p id="job-as-of-help" className="help">{t('jobs.asOfHelp')}</p>
        </div>
        <JurisdictionPicker idPrefix="job" selected={selectedJ} onChange={setSelectedJ} />
        <button type="submit" className="button-primary" disabled={busy} data-testid="job-submit">
          {busy ? t('jobs.submitting') : t('jobs.submit')}
        </button>
      </div>
      <div aria-live="polite">
        {outcome?.ok === false && <ErrorBox problem={outcome.problem} title={t('jobs.submitFailed')} />}
        {outcome?.ok === true && <p className="success-note">{t('jobs.submitted', { id: outcome.job.id, count: outcome.job.progress.total })}</p>}
      </div>
    </form>
  );
}

function JobTable({ jobs, mayCancel, onChanged }: { jobs: Job[]; mayCancel: boolean; onChanged(job: Job): void }) {
  const { t, i18n } = useTranslation();
  const [problem, setProblem] = useState<{ id: string; problem: ApiProblem } | undefined>();
  const [cancelling, setCancelling] = useState<string | undefined>();

  async function cancel(id: string) {
    setProblem(undefined);
    setCancelling(id);
    const r = await cancelJob(id);
    setCancelling(undefined);
    if (r.ok) onChanged(r.value);
    else setProblem({ id, problem: r.problem });
  }

  return (
    <div className="table-wrap">
      <table className="jobs-table" data-testid="job-table">
        <thead>
          <tr>
            <th scope="col">{t('jobs.created')}</th>
            <th scope="col">{t('jobs.state')}</th>
            <th scope="col">{t('jobs.progress')}</th>
            <th scope="col">{t('jobs.summary')}</th>
            <th scope="col">{t('jobs.by')}</th>
            <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => {
            const pct = percent(job);
            return (
              <tr key={job.id} data-testid={`job-${job.id}`} data-state={job.state}>
                <td>
                  {formatDateTime(job.createdAt, i18n.language)}
                  <div className="small muted">
                    <code title={job.id}>{job.id.length > 12 ? `${job.id.slice(0, 8)}…` : job.id}</code>
                  </div>
                </td>
                <td>
                  <span className={`state state-${job.state}`} data-testid="job-state">{t(`jobs.states.${job.state}`)}</span>
                  {job.error && (
                    <div className="small note-error">
                      <code>{job.error.code}</code> {job.error.message}
                    </div>
                  )}
                </td>
                <td className="progress-cell">
                  <progress
                    max={100}
                    value={pct}
                    aria-label={t('jobs.progressLabel', { done: job.progress.done, total: job.progress.total })}
                  />
                  <span className="small muted">
                    {job.progress.done.toLocaleString()} / {job.progress.total.toLocaleString()} ({pct}%)
                  </span>
                </td>
                <td>
                  {job.summary ? (
                    <>
                      {job.summary.controlled !== undefined && <div>{t('jobs.controlled', { count: job.summary.controlled })}</div>}
                      {job.summary.errors !== undefined && <div className={job.summary.errors ? 'note-error' : 'muted'}>{t('jobs.errors', { count: job.summary.errors })}</div>}
                      <SummaryBreakdown summary={job.summary} />
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{job.createdBy.username}</td>
                <td className="actions-cell">
                  {job.state === 'done' && (
                    <a className="button-secondary small" href={jobResultUrl(job.id)} download={`narcotrace-job-${job.id}.jsonl`} data-testid="job-download">
                      {t('jobs.download')}
                    </a>
                  )}{' '}
                  {job.state === 'done' && job.kind === 'classify' && (
                    <>
                    <a className="button-secondary small" href={jobResultUrl(job.id, 'csv')} download={`narcotrace-job-${job.id}.csv`} data-testid="job-download-csv">
                      {t('jobs.downloadCsv')}
                    </a>{' '}
                    <a className="button-secondary small" href={jobResultUrl(job.id, 'sdf')} download={`narcotrace-job-${job.id}.sdf`} data-testid="job-download-sdf">
                      {t('jobs.downloadSdf')}
                    </a>
                    </>
                  )}
                  {isActive(job) && mayCancel && (
                    <button type="button" className="button-secondary small" disabled={cancelling === job.id} onClick={() => void cancel(job.id)} data-testid="job-cancel">
                      {t('jobs.cancel')}
                    </button>
                  )}
                  {problem?.id === job.id && <RowProblem problem={problem.problem} />}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A classify job's tallies per jurisdiction (`controlled.US`) and per rule or list (`rule.US-FRS`), when it reports them. */
function SummaryBreakdown({ summary }: { summary: Record<string, number> }) {
  const { t } = useTranslation();
  const of = (prefix: string) => Object.entries(summary).filter(([k]) => k.startsWith(prefix)).map(([k, n]) => [k.slice(prefix.length), n] as const);
  const perJurisdiction = of('controlled.');
  const perRule = of('rule.').sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (!perJurisdiction.length && !perRule.length) return null;
  return (
    <div className="muted" data-testid="job-breakdown">
      {perJurisdiction.length > 0 && <div>{perJurisdiction.map(([j, n]) => `${j} ${n}`).join(' · ')}</div>}
      {perRule.length > 0 && (
        <details>
          <summary>{t('jobs.byRule')}</summary>
          <ul className="plain">
            {perRule.map(([rule, n]) => (
              <li key={rule}>
                <code>{rule}</code> {n}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
