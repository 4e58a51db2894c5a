/**
 * A Verdict as one CSV row, for spreadsheets: the input, whether it was read, and per jurisdiction
 * whether it is controlled, needs review, and by which rules or lists (those that apply). The JSON
 * Verdict stays the full answer; this is a summary of it.
 */
import { JURISDICTIONS, type VerdictResult } from './verdict.js';

function cell(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  // Quote when needed (RFC 4180); a leading =, +, - or @ is prefixed so no spreadsheet runs it as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function verdictCsvHeader(): string {
  const perJurisdiction = JURISDICTIONS.flatMap((j) => [`${j}_controlled`, `${j}_needs_review`, `${j}_rules`]);
  return ['input', 'name', 'ok', 'error_code', 'smiles', 'inchikey', ...perJurisdiction].join(',') + '\r\n';
}

export function verdictCsvRow(verdict: VerdictResult & { name?: string }): string {
  const base = verdict.ok
    ? [verdict.input, verdict.name, true, '', verdict.structure?.smiles, verdict.structure?.inchikey]
    : [verdict.input, verdict.name, false, verdict.error.code, '', ''];
  const perJurisdiction = JURISDICTIONS.flatMap((j) => {
    const v = verdict.ok ? verdict.jurisdictions[j] : undefined;
    if (!v) return ['', '', ''];
    return [v.controlled, v.needsReview, [...new Set(v.findings.filter((f) => f.applies).map((f) => f.rule))].join(' ')];
  });
  return [...base, ...perJurisdiction].map(cell).join(',') + '\r\n';
}
