import { useTranslation } from 'react-i18next';
import type { ClassRule, Finding, JurisdictionVerdict, ListInfo, RulesResponse } from '../api/types.js';
import { useJurisdictions } from '../jurisdictions.js';
import { Link } from '../router.js';
import { LegalText } from './LegalText.js';
import { EffectiveDate } from './EffectiveDate.js';

interface Props {
  jurisdiction: string;
  verdict: JurisdictionVerdict;
  rules?: RulesResponse;
  selected?: Finding;
  onSelect(finding: Finding): void;
}

export function VerdictCard({ jurisdiction, verdict, rules, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const { name } = useJurisdictions();
  const applying = verdict.findings.filter((f) => f.applies);
  const other = verdict.findings.filter((f) => !f.applies);
  const state = verdict.controlled ? 'controlled' : verdict.needsReview ? 'review' : 'clear';
  return (
    <article className={`verdict-card verdict-${state}`} data-testid={`verdict-${jurisdiction}`} aria-labelledby={`verdict-title-${jurisdiction}`}>
      <header className="verdict-header">
        <h3 id={`verdict-title-${jurisdiction}`}>
          <span className="jurisdiction-code">{jurisdiction}</span> {name(jurisdiction) !== jurisdiction && name(jurisdiction)}
        </h3>
        <span className={`badge badge-${state}`} data-testid={`verdict-${jurisdiction}-badge`}>
          {verdict.controlled ? t('verdict.controlled') : t('verdict.notControlled')}
        </span>
      </header>
      {verdict.controlled && (
        <p className="verdict-summary" data-testid={`verdict-${jurisdiction}-summary`}>
          {[...new Set(applying.map((f) => f.status))].join(' · ')}
        </p>
      )}
      {verdict.needsReview && <p className="review-note">{t('verdict.needsReview')}</p>}
      {verdict.findings.length === 0 && <p className="muted">{t('verdict.noFindings')}</p>}
      {applying.map((f) => (
        <FindingView key={`${f.rule}:${f.kind}`} finding={f} rules={rules} selected={selected === f} onSelect={onSelect} />
      ))}
      {other.length > 0 && (
        <details className="other-findings">
          <summary>{t('verdict.alsoConsidered', { count: other.length })}</summary>
          {other.map((f) => (
            <FindingView key={`${f.rule}:${f.kind}`} finding={f} rules={rules} selected={selected === f} onSelect={onSelect} />
          ))}
        </details>
      )}
    </article>
  );
}

function FindingView({ finding: f, rules, selected, onSelect }: { finding: Finding; rules?: RulesResponse; selected: boolean; onSelect(f: Finding): void }) {
  const { t, i18n } = useTranslation();
  // The verdict carries its reason in both languages (src/law/messages.ts).
  const reasonInZh = i18n.language.startsWith('zh') && !!f.reasonZh;
  const reason = reasonInZh ? f.reasonZh : f.reason;
  const reasonLang = reasonInZh ? 'zh-CN' : 'en';
  const rule: ClassRule | undefined = f.kind === 'class' ? rules?.rules.find((r) => r.id === f.rule) : undefined;
  const list: ListInfo | undefined = f.kind === 'listed' ? rules?.lists.find((l) => l.id === f.rule) : undefined;
  const title = rule?.title ?? list?.title;
  const zh = i18n.language === 'zh';
  const clauses = rule ? f.clauses.map((id) => ({ id, clause: rule.clauses.find((c) => c.id === id) })) : [];
  return (
    <section className={`finding ${f.applies ? 'finding-applies' : 'finding-other'}`} data-testid={`finding-${f.rule}`} data-kind={f.kind} data-applies={f.applies}>
      <div className="finding-tags">
        <span className="tag">{f.kind === 'class' ? t('finding.kindClass') : t('finding.kindListed')}</span>
        <span className="tag">{f.category === 'drug' ? t('finding.categoryDrug') : t('finding.categoryPrecursor')}</span>
        <span className="tag tag-rule">{f.rule}</span>
        {f.needsReview && <span className="tag tag-review">{t('finding.needsReview')}</span>}
      </div>
      <p className="finding-status" lang={/[\u4e00-\u9fff]/.test(f.status) ? 'zh-CN' : undefined}>{f.status}</p>
      {f.statusEn && f.statusEn !== f.status && <p className="finding-status-en">{f.statusEn}</p>}
      {title && (
        <p className="finding-title">
          {zh || title.language !== 'zh' ? title.original : title.en}
          {title.language === 'zh' && !zh && <span className="muted"> · {title.original}</span>}
          {title.language === 'zh' && zh && title.en !== title.original && <span className="muted"> · {title.en}</span>}
        </p>
      )}
      {list && <p className="small muted">{list.instrument}</p>}
      {f.substance && (
        <p>
          {t('finding.substance')}:{' '}
          <Link href={`/registry/${encodeURIComponent(f.substance.id)}`}>
            {f.substance.name}
            {f.substance.nameZh ? ` · ${f.substance.nameZh}` : ''}
          </Link>
          {f.substance.cas?.length ? <span className="muted"> ({t('registry.cas')} {f.substance.cas.join(', ')})</span> : null}
        </p>
      )}
      <dl className="facts">
        {f.clauses.length > 0 && (
          <>
            <dt>{t('finding.clauses')}</dt>
            <dd data-testid={`finding-${f.rule}-clauses`}>{f.clauses.map((c) => t('finding.clause', { id: c })).join(', ')}</dd>
          </>
        )}
        <dt>{t('finding.effective')}</dt>
        <dd>
          <EffectiveDate value={f.effective} />
          {f.until && (
            <>
              {' '}
              {t('finding.until')} <time dateTime={f.until}>{f.until}</time>
            </>
          )}
        </dd>
        <dt>{t('finding.citation')}</dt>
        <dd className="citation">{f.citation}</dd>
      </dl>
      {!f.applies && reason && (
        <p className="finding-reason" lang={reasonLang}>
          <strong>{t('finding.whyNot')}:</strong> {reason}
        </p>
      )}
      {f.applies && reason && f.reason !== f.explanation && (
        <p className="finding-reason" lang={reasonLang}>
          {reason}
        </p>
      )}
      {f.explanation && (
        <div className="explanation">
          <p className="label">{t('finding.explanation')}</p>
          <p>{f.explanation}</p>
        </div>
      )}
      {clauses.length > 0 && (
        <div className="clause-texts">
          <p className="label">{t('finding.legalText')}</p>
          {clauses.map(({ id, clause }) =>
            clause ? (
              <LegalText key={id} heading={t('finding.clause', { id })} original={clause.text.original} english={clause.text.en} language={rule?.text.language ?? 'en'} />
            ) : (
              <p key={id} className="muted">{t('finding.clauseMissing', { id })}</p>
            ),
          )}
        </div>
      )}
      {rule && (
        <details className="full-text">
          <summary>{t('finding.fullText')}</summary>
          <LegalText original={rule.text.original} english={rule.text.en} language={rule.text.language} />
          <Link href={`/rules/${encodeURIComponent(rule.id)}`}>{t('finding.openRule')}</Link>
        </details>
      )}
      {f.interpretations.length > 0 && (
        <p className="muted small">
          {t('finding.interpretations')}: {f.interpretations.join(', ')}
        </p>
      )}
      {f.highlights && f.highlights.length > 0 && (
        <button type="button" className="button-secondary small" aria-pressed={selected} onClick={() => onSelect(f)}>
          {selected ? t('finding.highlighted') : t('finding.highlight')}
        </button>
      )}
    </section>
  );
}
