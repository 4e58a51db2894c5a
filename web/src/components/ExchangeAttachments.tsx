/**
 * An incident's attachments in its detail view: the list with download links (served by the API as
 * files), and, for the owner of a local incident, an upload (spectra files and photos; the type is
 * guessed from the file name and can be changed; the server checks the size and the bytes).
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../api/types.js';
import { attachmentUrl, uploadAttachment, type AttachmentInfo, type Incident } from './ExchangeApi.js';
import { ErrorBox } from './Status.js';

/** The accepted types (src/exchange/attachments.ts) and the file endings that suggest each. */
const TYPES: [string, RegExp][] = [
  ['image/png', /\.png$/i],
  ['image/jpeg', /\.jpe?g$/i],
  ['application/pdf', /\.pdf$/i],
  ['chemical/x-jcamp-dx', /\.(jdx|dx|jcamp)$/i],
  ['chemical/x-msp', /\.msp$/i],
  ['chemical/x-massbank', /\.(txt|mb)$/i],
  ['text/csv', /\.csv$/i],
];
const MAX_BYTES = 20 * 1024 * 1024;
const KINDS: AttachmentInfo['kind'][] = ['spectrum', 'photo', 'document'];

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const sizeText = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`);

export function Attachments({ incident, onAdded }: { incident: Incident; onAdded: (a: AttachmentInfo) => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const [file, setFile] = useState<File | undefined>();
  const [contentType, setContentType] = useState('image/png');
  const [kind, setKind] = useState<AttachmentInfo['kind']>('photo');
  const [sample, setSample] = useState('');
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [busy, setBusy] = useState(false);
  const withheld = incident.redacted.includes('attachments');

  function choose(f: File | undefined) {
    setFile(f);
    setProblem(undefined);
    if (!f) return;
    const type = TYPES.find(([, ending]) => ending.test(f.name))?.[0] ?? (f.type || contentType);
    setContentType(type);
    setKind(type.startsWith('image/') ? 'photo' : type === 'application/pdf' ? 'document' : 'spectrum');
  }

  async function upload(ev: FormEvent) {
    ev.preventDefault();
    if (!file) return;
    if (file.size > MAX_BYTES) return setProblem({ code: 'INPUT_TOO_LARGE', message: t('exchange.attachments.tooLarge', { size: sizeText(file.size) }) });
    setBusy(true);
    const r = await uploadAttachment(incident.uid, { filename: file.name, contentType, kind, ...(sample ? { sample } : {}), data: base64Of(new Uint8Array(await file.arrayBuffer())) });
    setBusy(false);
    if (!r.ok) return setProblem(r.problem);
    setProblem(undefined);
    setFile(undefined);
    onAdded(r.value);
  }

  return (
    <section aria-labelledby={`${ids}-title`} data-testid="exchange-attachments">
      <h3 id={`${ids}-title`}>{t('exchange.attachments.title')}</h3>
      {withheld && <p className="muted">{t('exchange.attachments.withheld')}</p>}
      {!withheld && incident.attachments.length === 0 && <p className="muted">{t('exchange.attachments.none')}</p>}
      {incident.attachments.length > 0 && (
        <ul className="attachment-list">
          {incident.attachments.map((a) => (
            <li key={a.id}>
              <a href={attachmentUrl(incident.uid, a.id)} download={a.filename} data-testid="attachment-link">{a.filename}</a>{' '}
              <span className="small muted">
                {t(`exchange.attachments.kinds.${a.kind}`)} · {a.contentType} · {sizeText(a.size)}
                {a.sample ? ` · ${t('exchange.attachments.ofSample', { sample: a.sample })}` : ''} · SHA-256 <code title={a.sha256}>{a.sha256.slice(0, 12)}…</code>
              </span>
            </li>
          ))}
        </ul>
      )}
      {incident.editable && (
        <form onSubmit={(ev) => void upload(ev)} className="attachment-upload" data-testid="attachment-upload">
          <p className="help">{t('exchange.attachments.help')}</p>
          <label className="field-label" htmlFor={`${ids}-file`}>{t('exchange.attachments.file')}</label>
          <input id={`${ids}-file`} type="file" accept=".png,.jpg,.jpeg,.pdf,.jdx,.dx,.jcamp,.msp,.txt,.mb,.csv,image/png,image/jpeg,application/pdf,text/csv" onChange={(ev) => choose(ev.target.files?.[0])} data-testid="attachment-file" />
          <div className="options-row">
            <label>
              {t('exchange.attachments.type')}{' '}
              <select value={contentType} onChange={(ev) => setContentType(ev.target.value)}>
                {TYPES.map(([type]) => <option key={type} value={type}>{t(`exchange.attachments.types.${type.replace(/[^a-z]/g, '')}`)} ({type})</option>)}
              </select>
            </label>
            <label>
              {t('exchange.attachments.kind')}{' '}
              <select value={kind} onChange={(ev) => setKind(ev.target.value as AttachmentInfo['kind'])}>
                {KINDS.map((k) => <option key={k} value={k}>{t(`exchange.attachments.kinds.${k}`)}</option>)}
              </select>
            </label>
            {incident.samples.length > 0 && (
              <label>
                {t('exchange.attachments.sample')}{' '}
                <select value={sample} onChange={(ev) => setSample(ev.target.value)}>
                  <option value="">—</option>
                  {incident.samples.map((s) => <option key={s.label} value={s.label}>{s.label}</option>)}
                </select>
              </label>
            )}
          </div>
          <button type="submit" className="button-primary" disabled={!file || busy} data-testid="attachment-submit">{t('exchange.attachments.upload')}</button>
          {problem && <ErrorBox problem={problem} />}
        </form>
      )}
    </section>
  );
}
