/**
 * A Verdict as flat fields, for spreadsheets (CSV) and chemistry software (SDF data items): the input,
 * whether it was read, and per jurisdiction whether it is controlled, needs review, and by which rules
 * or lists (those that apply). The JSON Verdict stays the full answer; this is a summary of it.
 */
import { JURISDICTIONS, type VerdictResult } from './verdict.js';

export type SummaryVerdict = VerdictResult & { name?: string };

export function verdictSummaryKeys(): string[] {
  return ['input', 'name', 'ok', 'error_code', 'smiles', 'inchikey', ...JURISDICTIONS.flatMap((j) => [`${j}_controlled`, `${j}_needs_review`, `${j}_rules`])];
}

/** The values in the order of `verdictSummaryKeys()`; '' where a jurisdiction was not asked. */
export function verdictSummaryValues(verdict: SummaryVerdict): string[] {
  const base = verdict.ok
    ? [verdict.input, verdict.name ?? '', 'true', '', verdict.structure?.smiles ?? '', verdict.structure?.inchikey ?? '']
    : [verdict.input, verdict.name ?? '', 'false', verdict.error.code, '', ''];
  const perJurisdiction = JURISDICTIONS.flatMap((j) => {
    const v = verdict.ok ? verdict.jurisdictions[j] : undefined;
    if (!v) return ['', '', ''];
    return [String(v.controlled), String(v.needsReview), [...new Set(v.findings.filter((f) => f.applies).map((f) => f.rule))].join(' ')];
  });
  return [...base, ...perJurisdiction];
}

function cell(text: string): string {
  // Quote when needed (RFC 4180); a leading =, +, - or @ is prefixed so no spreadsheet runs it as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function verdictCsvHeader(): string {
  return verdictSummaryKeys().join(',') + '\r\n';
}

export function verdictCsvRow(verdict: SummaryVerdict): string {
  return verdictSummaryValues(verdict).map(cell).join(',') + '\r\n';
}

/** The summary as SDF data items (empty values left out). */
export function verdictSdfData(verdict: SummaryVerdict): Record<string, string> {
  const keys = verdictSummaryKeys();
  return Object.fromEntries(verdictSummaryValues(verdict).flatMap((value, i) => (value === '' ? [] : [[keys[i], value]])));
}
