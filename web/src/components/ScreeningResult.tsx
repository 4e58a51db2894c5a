/**
 * One order's screening, as the server returned it: the decision with why, every red flag with its
 * points, rule id, source and evidence (they add up to the score); each product's status on the
 * exporting side, the importing side and under the UN conventions ("no data" where there is none),
 * with controls, clauses, thresholds, whether it is a drug itself and the designer-precursor analysis
 * (scaffold and differing group, drawn in two colours); and each party's list hits with score and
 * what matched. Text the server gives in both languages (rule titles, reasons) is shown in the UI's.
 */
import { useTranslation } from 'react-i18next';
import { useJurisdictions } from '../jurisdictions.js';
import { Depiction } from './Depiction.js';
import type { DocumentKind } from '../../../src/screening/documents.js';
import type { ControlStatus, Decision, DesignerHit, JurisdictionStatus, PartyHit, PartyScreening, ProductScreening, RedFlag, ScreeningResult as Result, ThresholdCheck } from './ScreeningApi.js';

/** Score at or above which the decision is block / review (src/screening/red-flags.ts). */
export const BLOCK_AT = 70;
export const REVIEW_AT = 25;

const STATUS_KEY: Record<ControlStatus, string> = { controlled: 'controlled', 'not controlled': 'notControlled', 'needs review': 'needsReview', 'no data': 'noData' };
const STATUS_CLASS: Record<ControlStatus, string> = { controlled: 'badge-controlled', 'not controlled': 'badge-clear', 'needs review': 'badge-review', 'no data': 'badge-nodata' };
export const DECISION_CLASS: Record<Decision, string> = { clear: 'badge-clear', review: 'badge-review', block: 'badge-controlled' };

/** The group names designer.ts gives, keyed for the catalogue (screening.groups.*). */
const GROUP_KEYS: Record<string, string> = {
  'tert-butoxycarbonyl (Boc) protecting group': 'boc',
  'benzyloxycarbonyl (Cbz) protecting group': 'cbz',
  'fluorenylmethoxycarbonyl (Fmoc) protecting group': 'fmoc',
  'trifluoroacetyl group': 'trifluoroacetyl',
  'alkoxycarbonyl (carbamate/ester) group': 'alkoxycarbonyl',
  'cyclic acetal (ketal) of the ketone': 'ketal',
  'acyl (amide) group': 'acyl',
  'phenethyl group': 'phenethyl',
  'benzyl group': 'benzyl',
  halogen: 'halogen',
  'alkyl group': 'alkyl',
};

function useNames() {
  const { i18n } = useTranslation();
  const { name: jurisdiction, list } = useJurisdictions();
  const zh = i18n.language.startsWith('zh');
  const region = (() => {
    try {
      return new Intl.DisplayNames([zh ? 'zh-CN' : 'en'], { type: 'region' });
    } catch {
      return undefined;
    }
  })();
  /** A country or jurisdiction code's name in the UI language, with the code. */
  const country = (code: string) => {
    const known = list.some((j) => j.id === code) ? jurisdiction(code) : undefined;
    let name = known;
    if (!name) {
      try {
        name = region?.of(code);
      } catch {
        name = undefined;
      }
    }
    return name && name !== code ? `${name} (${code})` : code;
  };
  return { zh, country };
}

export function DecisionBadge({ decision, testId }: { decision: Decision; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${DECISION_CLASS[decision]}`} data-decision={decision} data-testid={testId}>
      {t(`screening.decisions.${decision}`)}
    </span>
  );
}

function StatusBadge({ status }: { status: ControlStatus }) {
  const { t } = useTranslation();
  return <span className={`badge ${STATUS_CLASS[status]}`} data-status={status}>{t(`screening.status.${STATUS_KEY[status]}`)}</span>;
}

function Thresholds({ checks }: { checks: ThresholdCheck[] }) {
  const { t } = useTranslation();
  if (!checks.length) return null;
  return (
    <ul className="scr-thresholds">
      {checks.map((c, i) => (
        <li key={i} title={c.note}>
          <code>{c.list}</code> {t('screening.product.threshold', { quantity: c.threshold.quantity, unit: c.threshold.unit })}
          {c.ordered !== undefined && <> · {t('screening.product.ordered', { quantity: c.ordered, unit: c.threshold.unit })}</>} ·{' '}
          <strong className={c.reached ? 'scr-reached' : ''}>{c.reached === null ? t('screening.product.notComparable') : c.reached ? t('screening.product.reached') : t('screening.product.below')}</strong>
          <span className="help"> {c.note}</span>
        </li>
      ))}
    </ul>
  );
}

function Side({ side, testId }: { side: JurisdictionStatus; testId: string }) {
  const { t } = useTranslation();
  const { zh, country } = useNames();
  return (
    <div className="scr-side" data-testid={testId} data-status={side.status}>
      <h5>
        {t(`screening.sides.${side.role}`)}: {country(side.country)}
      </h5>
      <StatusBadge status={side.status} />
      {side.status === 'no data' && <p className="help">{t('screening.product.noDataHelp', { country: side.country })}</p>}
      {side.controls.length > 0 && (
        <ul className="scr-controls">
          {side.controls.map((c) => (
            <li key={c.rule}>
              <code>{c.rule}</code> <span className="muted">({t(`screening.category.${c.category}`)})</span> {zh ? c.status : c.statusEn ?? c.status}
              {c.clauses.length > 0 && <> · {t('screening.product.clauses')}: <code>{c.clauses.join(', ')}</code></>}
              <div className="help">{zh && c.reasonZh ? c.reasonZh : c.reason}</div>
              <div className="help">{c.citation}</div>
            </li>
          ))}
        </ul>
      )}
      <Thresholds checks={side.thresholds} />
    </div>
  );
}

export function DesignerExplanation({ hit }: { hit: DesignerHit }) {
  const { t } = useTranslation();
  const { zh } = useNames();
  const scaffold = zh && hit.scaffold.nameZh ? hit.scaffold.nameZh : hit.scaffold.name;
  const lists = hit.scaffold.lists.join(', ');
  if (hit.method === 'similarity')
    return <p>{t('screening.designer.similarity', { scaffold, lists, similarity: hit.similarity?.toFixed(3) ?? '?' })}</p>;
  const added = (hit.differing ?? []).reduce((n, d) => n + d.atoms.length, 0);
  return (
    <div>
      <p>{t('screening.designer.substructure', { scaffold, lists, added })}</p>
      <ul>
        {(hit.differing ?? []).map((d, i) => (
          <li key={i}>
            <code>{d.formula}</code> {d.group ? (GROUP_KEYS[d.group] ? t(`screening.groups.${GROUP_KEYS[d.group]}`) : d.group) : t('screening.designer.unnamedGroup')} — {t('screening.designer.attachedTo')} <code>{d.attachedTo}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Product({ p }: { p: ProductScreening }) {
  const { t } = useTranslation();
  const { zh } = useNames();
  const label = (p.substance && (zh && p.substance.nameZh ? p.substance.nameZh : p.substance.name)) ?? p.input.name ?? p.input.cas ?? p.smiles ?? t('screening.form.line', { n: p.line });
  const firstSub = p.designer.find((d) => d.method === 'substructure');
  return (
    <article className="scr-product" data-testid={`screening-product-${p.line}`}>
      <h4>
        {t('screening.form.line', { n: p.line })}: {label}
      </h4>
      <p className="help">
        {p.identified ? t(`screening.product.identifiedBy.${p.identifiedBy ?? 'structure'}`) : t('screening.product.unidentified')}
        {p.substance?.cas.length ? <> · CAS {p.substance.cas.join(', ')}</> : null}
        {p.smiles && <> · <code className="scr-smiles">{p.smiles}</code></>}
      </p>
      {p.problem && <p className="note note-error">{p.problem}</p>}
      <div className="scr-product-body">
        {p.smiles && (
          <div className="scr-depiction">
            <Depiction
              smiles={p.smiles}
              label={label}
              size="thumb"
              highlights={firstSub ? [{ role: 'core', modified: false, atoms: firstSub.scaffoldAtoms ?? [] }, { role: 'modified', modified: true, atoms: (firstSub.differing ?? []).flatMap((d) => d.atoms) }] : []}
            />
            {firstSub && (
              <p className="legend">
                <span>
                  <span className="swatch swatch-core" aria-hidden="true" /> {t('screening.designer.legendScaffold')}
                </span>
                <span>
                  <span className="swatch swatch-modified" aria-hidden="true" /> {t('screening.designer.legendAdded')}
                </span>
              </p>
            )}
          </div>
        )}
        <div className="scr-sides">
          {p.jurisdictions.map((j) => (
            <Side key={j.role} side={j} testId={`screening-product-${p.line}-${j.role}`} />
          ))}
        </div>
      </div>
      {p.controlledIn.length > 0 && (
        <p className="help">
          {t('screening.product.controlledIn')}: {p.controlledIn.map((c) => `${c.jurisdiction} (${c.rules.join(', ')})`).join('; ')}
        </p>
      )}
      {p.isDrug.drug && (
        <p className="scr-alert" data-testid={`screening-product-${p.line}-drug`}>
          <strong>{t('screening.product.isDrug')}</strong> {p.isDrug.rules.map((r) => <code key={r}>{r} </code>)}
        </p>
      )}
      {p.designer.length > 0 && (
        <section className="scr-designer" data-testid={`screening-product-${p.line}-designer`}>
          <h5>
            {t('screening.designer.title')}
            {p.designerGap && <span className="badge badge-review">{t('screening.designer.gap')}</span>}
          </h5>
          <p className="help">{p.designerGap ? t('screening.designer.gapHelp') : t('screening.designer.noGapHelp')}</p>
          <ol>
            {p.designer.map((d, i) => (
              <li key={i} data-method={d.method}>
                <strong>{t(`screening.designer.method.${d.method}`)}</strong>
                <DesignerExplanation hit={d} />
              </li>
            ))}
          </ol>
        </section>
      )}
    </article>
  );
}

export function PartyHits({ hits, testId }: { hits: PartyHit[]; testId?: string }) {
  const { t } = useTranslation();
  if (!hits.length) return <p className="muted" data-testid={testId}>{t('screening.parties.noHit')}</p>;
  return (
    <div className="table-wrap">
      <table className="scr-hits" data-testid={testId}>
        <thead>
          <tr>
            <th>{t('screening.parties.entry')}</th>
            <th>{t('screening.parties.score')}</th>
            <th>{t('screening.parties.matchedOn')}</th>
            <th>{t('screening.parties.why')}</th>
          </tr>
        </thead>
        <tbody>
          {hits.map((h) => (
            <tr key={`${h.list}:${h.entryId}`} data-match={h.match}>
              <td>
                <strong>{h.name}</strong>
                {h.matchedName && h.matchedName !== h.name && <div className="help">{t('screening.parties.matchedName', { name: h.matchedName })}</div>}
                <div className="help">
                  {h.list}
                  {h.listVersion ? ` ${h.listVersion}` : ''} · {t('screening.parties.entryId', { id: h.entryId })}
                  {h.programs.length > 0 && <> · {h.programs.join(', ')}</>}
                </div>
              </td>
              <td>
                <span className={`badge ${h.match === 'strong' ? 'badge-controlled' : 'badge-review'}`}>{t(`screening.parties.match.${h.match}`)}</span> <strong>{h.score.toFixed(3)}</strong>
              </td>
              <td>
                {h.matchedOn.map((m) => (
                  <code key={m} className="scr-chip">{m}</code>
                ))}
              </td>
              <td>
                <ul className="scr-why">
                  {h.explanation.map((e, i) => (
                    <li key={i}>{e}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Party({ party, index }: { party: PartyScreening; index: number }) {
  const { t } = useTranslation();
  return (
    <article className="scr-party-result" data-testid={`screening-party-result-${index}`}>
      <h4>
        {t(`screening.roles.${party.role}`)}: <span lang="und">{party.name}</span>
      </h4>
      <PartyHits hits={party.hits} testId={`screening-party-hits-${index}`} />
    </article>
  );
}

function Flags({ flags, score }: { flags: RedFlag[]; score: number }) {
  const { t } = useTranslation();
  const { zh } = useNames();
  const sum = flags.reduce((n, f) => n + f.points, 0);
  if (!flags.length) return <p className="muted" data-testid="screening-flags">{t('screening.flags.none')}</p>;
  return (
    <div className="table-wrap">
      <table className="scr-flags" data-testid="screening-flags">
        <thead>
          <tr>
            <th>{t('screening.flags.rule')}</th>
            <th>{t('screening.flags.evidence')}</th>
            <th className="num">{t('screening.flags.points')}</th>
          </tr>
        </thead>
        <tbody>
          {flags.map((f, i) => (
            <tr key={i} data-rule={f.rule}>
              <td>
                <strong>{zh ? f.titleZh : f.title}</strong>
                <div>
                  <code>{f.rule}</code>
                  {f.forces && <span className={`badge ${f.forces === 'block' ? 'badge-controlled' : 'badge-review'}`}>{t(`screening.flags.forces.${f.forces}`)}</span>}
                </div>
                <div className="help">{t('screening.flags.source')}: {f.source}</div>
              </td>
              <td>{f.evidence}</td>
              <td className="num">+{f.points}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th colSpan={2}>{sum > score ? t('screening.flags.totalCapped', { sum, score }) : t('screening.flags.total')}</th>
            <th className="num">{score}</th>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** A reason of decide() (src/screening/red-flags.ts) in the UI language; one the UI does not know is shown as given. */
export function reasonText(reason: string, t: (key: string, vars?: Record<string, unknown>) => string): string {
  let m: RegExpExecArray | null;
  if ((m = /^(\S+) blocks on its own$/.exec(reason))) return t('screening.reasons.blocks', { rule: m[1] });
  if ((m = /^(\S+) needs review$/.exec(reason))) return t('screening.reasons.review', { rule: m[1] });
  if ((m = /^score (\d+) ≥ (\d+)$/.exec(reason))) return t('screening.reasons.atLeast', { score: m[1], limit: m[2] });
  if ((m = /^score (\d+) < (\d+) and no rule needs review$/.exec(reason))) return t('screening.reasons.below', { score: m[1], limit: m[2] });
  if (reason === 'no red flag') return t('screening.reasons.none');
  return reason;
}

/** The documents the server generates from a stored screening (src/screening/documents.ts). */
export const DOCUMENT_KINDS = ['pre-export-notification', 'dea-486', 'suspicious-order-report', 'end-use-declaration', 'transaction-record'] as const satisfies readonly DocumentKind[];

/** GET /api/screening/:id/documents/:kind in a format, with the page's labels in the UI language. */
export function documentUrl(id: number, kind: DocumentKind, format: 'html' | 'pdf' | 'json', lang: 'en' | 'zh'): string {
  return `/api/screening/${encodeURIComponent(String(id))}/documents/${kind}?format=${format}${format === 'json' ? '' : `&lang=${lang}`}`;
}

/** One link per generated document (printable HTML), with its PDF and JSON. */
export function ScreeningDocuments({ id }: { id?: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('zh') ? 'zh' : 'en';
  if (id === undefined) return <p className="help no-print">{t('screening.documents.notStored')}</p>;
  return (
    <div className="scr-documents no-print" data-testid="screening-documents">
      <ul>
        {DOCUMENT_KINDS.map((kind) => (
          <li key={kind}>
            <a href={documentUrl(id, kind, 'html', lang)} target="_blank" rel="noopener" data-testid={`screening-document-${kind}`}>
              {t(`screening.documents.kinds.${kind}`)}
            </a>{' '}
            · <a href={documentUrl(id, kind, 'pdf', lang)}>{t('screening.documents.pdf')}</a> · <a href={documentUrl(id, kind, 'json', lang)} target="_blank" rel="noopener">{t('screening.documents.json')}</a>
          </li>
        ))}
      </ul>
      <p className="help">{t('screening.documents.help')}</p>
    </div>
  );
}

export function ScreeningResultView({ result, id }: { result: Result; id?: number }) {
  const { t } = useTranslation();
  return (
    <section className="panel scr-result" aria-labelledby="scr-result-title" data-testid="screening-result" data-decision={result.decision}>
      <div className="scr-result-head">
        <h2 id="scr-result-title">
          {t('screening.result.title')}
          {result.orderId && <> · {result.orderId}</>}
          {id !== undefined && <span className="muted"> #{id}</span>}
        </h2>
        <button type="button" className="button-secondary small no-print" onClick={() => window.print()}>
          {t('screening.result.print')}
        </button>
      </div>
      <div className="scr-decision" data-testid="screening-decision" role="status">
        <DecisionBadge decision={result.decision} testId="screening-decision-badge" />
        <span className="scr-score">
          {t('screening.result.score')}: <strong data-testid="screening-score">{result.score}</strong> / 100
        </span>
        <ul className="scr-reasons">
          {result.reasons.map((r, i) => (
            <li key={i}>{reasonText(r, t)}</li>
          ))}
        </ul>
        <p className="help">{t('screening.result.rule', { block: BLOCK_AT, review: REVIEW_AT })}</p>
        <p className="help">
          {t('screening.result.date', { date: result.date })} ·{' '}
          {result.lists.length ? t('screening.result.lists', { lists: result.lists.map((l) => `${l.list}${l.version ? ` ${l.version}` : ''}`).join(', ') }) : <strong className="scr-warn">{t('screening.result.noLists')}</strong>}
        </p>
      </div>

      <h3>{t('screening.flags.title')}</h3>
      <Flags flags={result.redFlags} score={result.score} />

      <h3>{t('screening.result.products')}</h3>
      {result.products.map((p) => (
        <Product key={p.line} p={p} />
      ))}

      <h3>{t('screening.result.parties')}</h3>
      <div className="scr-party-results">
        {result.parties.map((p, i) => (
          <Party key={i} party={p} index={i} />
        ))}
      </div>
      <h3 className="no-print">{t('screening.documents.title')}</h3>
      <ScreeningDocuments id={id} />
      <p className="help">{t('screening.result.dataVersion', { version: result.dataVersion })}</p>
    </section>
  );
}
