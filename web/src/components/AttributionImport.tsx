/**
 * Import impurity profiles as CSV (pasted or from a file): what was inserted and replaced, and each
 * bad line with its number, column and message (the rest of the file is imported).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../api/types.js';
import { importProfiles, type ImportOutcome } from './AttributionApi.js';

const EXAMPLE = 'sample,compound,inchikey,ri,area,batch,incident,drug\nS-001,caffeine,RYYVLZVUVIJVGH-UHFFFAOYSA-N,,1520,B7,,\nS-001,,,1720.4,33.1,,,';

export function AttributionImport({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const [csv, setCsv] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | undefined>();
  const [failure, setFailure] = useState<ApiProblem | undefined>();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFailure(undefined);
    setOutcome(undefined);
    const r = await importProfiles(csv);
    setBusy(false);
    if (!r.ok) return setFailure(r.problem);
    setOutcome(r.value);
    onImported();
  }

  async function onFile(file: File | undefined) {
    if (file) setCsv(await file.text());
  }

  const problems = outcome?.problems ?? (failure?.where?.line !== undefined ? [failure] : []);
  return (
    <form onSubmit={onSubmit} className="attribution-import" data-testid="attribution-import">
      <label className="field-label" htmlFor="attribution-csv">
        {t('attribution.import.label')}
      </label>
      <textarea id="attribution-csv" rows={6} value={csv} onChange={(e) => setCsv(e.target.value)} placeholder={EXAMPLE} data-testid="attribution-csv" spellCheck={false} />
      <p className="help">{t('attribution.import.help')}</p>
      <div className="input-tools">
        <label>
          {t('attribution.import.file')} <input type="file" accept=".csv,.txt,text/csv" onChange={(e) => void onFile(e.target.files?.[0])} data-testid="attribution-csv-file" />
        </label>
        <button type="submit" className="button-primary" disabled={busy || !csv.trim()} data-testid="attribution-import-submit">
          {busy ? t('attribution.import.busy') : t('attribution.import.submit')}
        </button>
      </div>
      {failure && failure.where?.line === undefined && (
        <p className="error-box" role="alert" data-testid="attribution-import-error">
          <span className="error-code">{failure.code}</span> {failure.message}
        </p>
      )}
      {outcome && (
        <p className="success-note" role="status" data-testid="attribution-import-result">
          {t('attribution.import.result', { inserted: outcome.inserted.length, updated: outcome.updated.length, problems: outcome.problems.length })}
        </p>
      )}
      {problems.length > 0 && (
        <div className="table-wrap attribution-scroll">
          <table data-testid="attribution-import-problems">
            <caption className="note note-error">{t('attribution.import.problems', { count: problems.length })}</caption>
            <thead>
              <tr>
                <th>{t('attribution.import.line')}</th>
                <th>{t('attribution.import.field')}</th>
                <th>{t('attribution.import.message')}</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((p, i) => (
                <tr key={i}>
                  <td>{p.where?.line ?? '—'}</td>
                  <td>
                    <code>{p.where?.field ?? '—'}</code>
                  </td>
                  <td>
                    <span className="error-code">{p.code}</span> {p.message}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </form>
  );
}
