/**
 * Sanctions and denied-party lists of the agency: the imported versions (newest first, with the entries
 * each added and removed), an import form (OFAC SDN `sdn.csv` or a generic CSV with a header; all or
 * nothing, a bad line is reported with its number) and a quick check of one party name.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../api/types.js';
import { formatDateTime } from '../format.js';
import { fileBase64, importList, screenParty, type ListVersion, type PartyHit } from './ScreeningApi.js';
import { PartyHits } from './ScreeningResult.js';
import { ErrorBox } from './Status.js';

export function ScreeningLists({ versions, mayImport, onImported }: { versions: ListVersion[] | undefined; mayImport: boolean; onImported: (v: ListVersion) => void }) {
  const { t, i18n } = useTranslation();
  const [format, setFormat] = useState<'ofac-sdn' | 'csv'>('ofac-sdn');
  const [list, setList] = useState('');
  const [version, setVersion] = useState('');
  const [file, setFile] = useState<File | undefined>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [done, setDone] = useState<ListVersion | undefined>();

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    if (!file) return;
    setBusy(true);
    setProblem(undefined);
    setDone(undefined);
    const r = await importList({ format, contentBase64: await fileBase64(file), fileName: file.name, ...(list.trim() ? { list: list.trim() } : {}), ...(version.trim() ? { version: version.trim() } : {}) });
    setBusy(false);
    if (!r.ok) return setProblem(r.problem);
    setDone(r.value);
    onImported(r.value);
  }

  return (
    <section className="panel scr-lists" aria-labelledby="scr-lists-title" data-testid="screening-lists">
      <h2 id="scr-lists-title">{t('screening.lists.title')}</h2>
      {versions === undefined ? null : versions.length === 0 ? (
        <p className="scr-warn" data-testid="screening-no-lists">{t('screening.lists.none')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="screening-list-versions">
            <thead>
              <tr>
                <th>{t('screening.lists.list')}</th>
                <th>{t('screening.lists.version')}</th>
                <th className="num">{t('screening.lists.entries')}</th>
                <th>{t('screening.lists.changes')}</th>
                <th>{t('screening.lists.importedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id}>
                  <td>
                    <strong>{v.list}</strong> <span className="help">{v.format}</span>
                  </td>
                  <td>
                    <code>{v.version}</code>
                    <div className="help">{v.source}</div>
                  </td>
                  <td className="num">{v.entries}</td>
                  <td>
                    <ListChanges v={v} />
                  </td>
                  <td>{formatDateTime(v.importedAt, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayImport ? (
        <form className="inline-form" onSubmit={(ev) => void submit(ev)} data-testid="screening-import-form">
          <div className="field">
            <label className="field-label" htmlFor="scr-import-format">{t('screening.lists.format')}</label>
            <select id="scr-import-format" value={format} onChange={(e) => setFormat(e.target.value as 'ofac-sdn' | 'csv')}>
              <option value="ofac-sdn">{t('screening.lists.formats.ofac-sdn')}</option>
              <option value="csv">{t('screening.lists.formats.csv')}</option>
            </select>
          </div>
          <div className="field">
            <label className="field-label" htmlFor="scr-import-list">
              {t('screening.lists.listName')}
              {format === 'csv' ? ' *' : ''}
            </label>
            <input id="scr-import-list" type="text" value={list} required={format === 'csv'} placeholder={format === 'ofac-sdn' ? 'OFAC-SDN' : ''} onChange={(e) => setList(e.target.value)} aria-invalid={problem?.where?.field === 'list' ? true : undefined} />
          </div>
          <div className="field">
            <label className="field-label" htmlFor="scr-import-version">{t('screening.lists.version')}</label>
            <input id="scr-import-version" type="text" value={version} onChange={(e) => setVersion(e.target.value)} />
          </div>
          <div className="field grow">
            <label className="field-label" htmlFor="scr-import-file">{t('screening.lists.file')}</label>
            <input id="scr-import-file" type="file" accept=".csv,.txt,text/csv" onChange={(e) => setFile(e.target.files?.[0])} data-testid="screening-import-file" />
            <p className="help">{format === 'csv' ? t('screening.lists.csvHelp') : t('screening.lists.sdnHelp')}</p>
          </div>
          <button type="submit" className="button-primary" disabled={busy || !file || (format === 'csv' && !list.trim())} data-testid="screening-import-submit">
            {busy ? t('screening.lists.importing') : t('screening.lists.import')}
          </button>
        </form>
      ) : (
        <p className="muted">{t('screening.lists.noImport')}</p>
      )}
      {problem && <ErrorBox problem={problem} title={t('screening.lists.failed')} />}
      {done && (
        <p className="success-note" role="status" data-testid="screening-import-done">
          {t('screening.lists.imported', { list: done.list, version: done.version, count: done.entries })} <ListChanges v={done} />
        </p>
      )}
      <PartyCheck disabled={!versions?.length} />
    </section>
  );
}

function ListChanges({ v }: { v: ListVersion }) {
  const { t } = useTranslation();
  return (
    <span title={[...v.added.slice(0, 50).map((x) => `+${x}`), ...v.removed.slice(0, 50).map((x) => `−${x}`)].join(' ')}>
      {t('screening.lists.addedRemoved', { added: v.added.length, removed: v.removed.length })}
    </span>
  );
}

/** One name against the imported lists (POST /api/screening/party). */
function PartyCheck({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [country, setCountry] = useState('');
  const [hits, setHits] = useState<PartyHit[] | undefined>();
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [busy, setBusy] = useState(false);
  async function submit(ev: FormEvent) {
    ev.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    const r = await screenParty(name.trim(), country.trim().toUpperCase() || undefined);
    setBusy(false);
    if (!r.ok) {
      setProblem(r.problem);
      setHits(undefined);
      return;
    }
    setProblem(undefined);
    setHits(r.value.hits);
  }
  return (
    <div className="subform">
      <h3>{t('screening.partyCheck.title')}</h3>
      <form className="inline-form" onSubmit={(ev) => void submit(ev)} data-testid="screening-party-check">
        <div className="field grow">
          <label className="field-label" htmlFor="scr-check-name">{t('screening.party.name')}</label>
          <input id="scr-check-name" type="text" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="scr-check-country">{t('screening.party.country')}</label>
          <input id="scr-check-country" type="text" maxLength={2} value={country} onChange={(e) => setCountry(e.target.value)} />
        </div>
        <button type="submit" className="button-primary" disabled={busy || disabled || !name.trim()}>
          {t('screening.partyCheck.submit')}
        </button>
      </form>
      {problem && <ErrorBox problem={problem} />}
      {hits && <PartyHits hits={hits} testId="screening-party-check-hits" />}
    </div>
  );
}
