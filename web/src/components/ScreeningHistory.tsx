/**
 * The agency's past screenings (newest first) and one opened screening: its result, the reviewers'
 * decisions so far (append-only, with name, time and reason) and, for a reviewer, the form that
 * records a decision with a reason.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../api/types.js';
import { formatDateTime } from '../format.js';
import { Link } from '../router.js';
import { recordDecision, type Decision, type ScreeningSummary, type StoredScreening } from './ScreeningApi.js';
import { DecisionBadge } from './ScreeningResult.js';
import { ErrorBox } from './Status.js';

const DECISIONS: readonly Decision[] = ['clear', 'review', 'block'];

export function ScreeningHistory({ screenings, openId }: { screenings: ScreeningSummary[] | undefined; openId?: number }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="panel scr-history" aria-labelledby="scr-history-title" data-testid="screening-history">
      <h2 id="scr-history-title">{t('screening.history.title')}</h2>
      {screenings === undefined ? null : screenings.length === 0 ? (
        <p className="muted">{t('screening.history.none')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="screening-history-table">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('screening.history.customer')}</th>
                <th>{t('screening.history.orderDate')}</th>
                <th className="num">{t('screening.result.score')}</th>
                <th>{t('screening.history.decision')}</th>
                <th>{t('screening.history.screenedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {screenings.map((s) => (
                <tr key={s.id} className={s.id === openId ? 'selected' : ''} data-id={s.id}>
                  <td>
                    <Link href={`/screening/${s.id}`} aria-current={s.id === openId ? 'page' : undefined}>
                      {s.id}
                    </Link>
                  </td>
                  <td lang="und">{s.customerName}</td>
                  <td>{s.orderDate}</td>
                  <td className="num">{s.score}</td>
                  <td>
                    <DecisionBadge decision={s.decision} />
                  </td>
                  <td>{formatDateTime(s.createdAt, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The reviewers' decisions on a stored screening, and the form to add one. */
export function ReviewDecisions({ screening, mayDecide, onDecided }: { screening: StoredScreening; mayDecide: boolean; onDecided: () => void }) {
  const { t, i18n } = useTranslation();
  const [decision, setDecision] = useState<Decision>(screening.decision);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const errorId = useId();

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    setBusy(true);
    const r = await recordDecision(screening.id, decision, reason);
    setBusy(false);
    if (!r.ok) {
      setProblem(r.problem);
      document.getElementById('scr-decision-reason')?.focus();
      return;
    }
    setProblem(undefined);
    setReason('');
    onDecided();
  }

  return (
    <section className="panel" aria-labelledby="scr-review-title" data-testid="screening-review">
      <h2 id="scr-review-title">{t('screening.review.title')}</h2>
      {screening.decisions.length === 0 ? (
        <p className="muted">{t('screening.review.none')}</p>
      ) : (
        <ol className="scr-decisions" data-testid="screening-decisions">
          {screening.decisions.map((d, i) => (
            <li key={i}>
              <DecisionBadge decision={d.decision} /> <strong>{d.reviewer}</strong> · {formatDateTime(d.decidedAt, i18n.language)}
              <p className="scr-reason">{d.reason}</p>
            </li>
          ))}
        </ol>
      )}
      {mayDecide ? (
        <form className="stacked-form" onSubmit={(ev) => void submit(ev)} data-testid="screening-decision-form" aria-describedby={problem ? errorId : undefined}>
          <fieldset className="scr-decision-choice">
            <legend className="field-label">{t('screening.review.decision')}</legend>
            {DECISIONS.map((d) => (
              <label key={d} className="check">
                <input type="radio" name="scr-decision" value={d} checked={decision === d} onChange={() => setDecision(d)} /> {t(`screening.decisions.${d}`)}
              </label>
            ))}
          </fieldset>
          <div>
            <label className="field-label" htmlFor="scr-decision-reason">{t('screening.review.reason')} *</label>
            <textarea id="scr-decision-reason" className="scr-prose" rows={3} required value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={problem ? true : undefined} aria-describedby={problem ? errorId : undefined} />
            <p className="help">{t('screening.review.reasonHelp')}</p>
          </div>
          {problem && (
            <div id={errorId}>
              <ErrorBox problem={problem} />
            </div>
          )}
          <button type="submit" className="button-primary" disabled={busy || !reason.trim()} data-testid="screening-decision-submit">
            {t('screening.review.submit')}
          </button>
        </form>
      ) : (
        <p className="muted">{t('screening.review.noDecide')}</p>
      )}
    </section>
  );
}
