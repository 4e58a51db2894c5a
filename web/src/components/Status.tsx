import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../api/types.js';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

/** An error as the server gave it: its stable code and message, never swallowed. */
export function ErrorBox({ problem, title }: { problem: ApiProblem; title?: string }) {
  const { t, i18n } = useTranslation();
  const hintKey = `errors.${problem.code}`;
  const hint = i18n.exists(hintKey) ? t(hintKey) : undefined;
  return (
    <div className="error-box" role="alert" data-testid="error">
      <p className="error-title">{title ?? t('common.error')}</p>
      <p>
        <code className="error-code">{problem.code}</code> <span className="error-message">{problem.message}</span>
      </p>
      {problem.where && (
        <p className="error-where">
          {t('common.where')}:{' '}
          {[
            problem.where.line !== undefined ? `${t('common.line')} ${problem.where.line}` : '',
            problem.where.field ? `${t('common.field')} ${problem.where.field}` : '',
            problem.where.record !== undefined ? `${t('common.record')} ${problem.where.record}` : '',
          ]
            .filter(Boolean)
            .join(', ')}
        </p>
      )}
      {hint && <p className="error-hint">{hint}</p>}
    </div>
  );
}
