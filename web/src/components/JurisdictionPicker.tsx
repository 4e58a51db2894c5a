import { useTranslation } from 'react-i18next';
import { useJurisdictions } from '../jurisdictions.js';
import { ErrorBox, Loading } from './Status.js';

/**
 * One checkbox per jurisdiction the server offers (GET /api/jurisdictions), named in the UI language.
 * `selected` undefined means all. If the list could not be loaded nothing is selectable and the
 * problem is shown; the server then uses every jurisdiction.
 */
export function JurisdictionPicker({ selected, onChange, idPrefix }: { selected: string[] | undefined; onChange(next: string[]): void; idPrefix: string }) {
  const { t } = useTranslation();
  const { state, ids, name } = useJurisdictions();
  const current = selected ?? ids;

  function toggle(id: string) {
    onChange(ids.filter((x) => (x === id ? !current.includes(id) : current.includes(x))));
  }

  return (
    <fieldset className="field jurisdictions" data-testid={`${idPrefix}-jurisdictions`}>
      <legend className="field-label">{t('classify.jurisdictions')}</legend>
      {state.phase === 'loading' && <Loading label={t('jurisdictions.loading')} />}
      {state.phase === 'error' && (
        <div aria-live="polite" className="jurisdictions-error">
          <ErrorBox problem={state.problem} title={t('jurisdictions.failed')} />
        </div>
      )}
      {state.list.map((j) => (
        <label key={j.id} className="check">
          <input type="checkbox" id={`${idPrefix}-j-${j.id}`} value={j.id} checked={current.includes(j.id)} onChange={() => toggle(j.id)} /> {name(j.id)}
        </label>
      ))}
    </fieldset>
  );
}

/** What to send: undefined when all are selected (the server's default), else the chosen ids known to the server. */
export function jurisdictionsToSend(selected: string[] | undefined, ids: string[]): string[] | undefined {
  if (selected === undefined) return undefined;
  const known = ids.length ? selected.filter((j) => ids.includes(j)) : selected;
  return ids.length && known.length === ids.length ? undefined : known;
}
