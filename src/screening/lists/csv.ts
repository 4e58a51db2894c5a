/**
 * A generic CSV list (the UN consolidated list, China's unreliable entity list, an internal block
 * list): UTF-8 or Latin-1, a header row, one entry per row. Columns (case-insensitive; only `name` is
 * required): id, name, type (individual|entity|vessel|aircraft), aliases, programs, countries,
 * addresses, registration, uscc, emails, websites, phones, wallets. Several values in one cell are
 * separated by ";" or "|".
 */
import { problem, type Problem } from '../../problems.js';
import { decodeListText, MAX_PROBLEMS, parseCsv, type IdentifierType, type ListEntry, type ListFormat, type ListParseResult } from './port.js';

const MULTI = /\s*[;|]\s*/;
const ID_COLUMNS: Record<string, IdentifierType> = {
  registration: 'registration', uscc: 'uscc', emails: 'email', email: 'email', websites: 'website', website: 'website',
  phones: 'phone', phone: 'phone', wallets: 'wallet', wallet: 'wallet', passport: 'passport', 'national-id': 'national-id',
};

export function parseListCsv(bytes: Uint8Array): ListParseResult {
  const decoded = decodeListText(bytes);
  if (!decoded.ok) return { ok: false, problems: [decoded.problem] };
  const { records, problem: csvProblem } = parseCsv(decoded.text);
  if (!records.length) return { ok: false, problems: [problem('EMPTY_INPUT', 'The file is empty.')] };
  const header = records[0].fields.map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  if (col('name') < 0) return { ok: false, problems: [problem('INVALID_LIST_RECORD', 'Line 1: the header has no "name" column.', { line: 1 })] };
  const problems: Problem[] = [];
  const entries: ListEntry[] = [];
  const seen = new Set<string>();
  for (const r of records.slice(1)) {
    if (problems.length >= MAX_PROBLEMS) break;
    if (r.fields.length !== header.length) {
      problems.push(problem('INVALID_LIST_RECORD', `Line ${r.line}: ${r.fields.length} columns; the header has ${header.length}.`, { line: r.line }));
      continue;
    }
    const get = (name: string) => (col(name) >= 0 ? r.fields[col(name)].trim() : '');
    const many = (name: string) => get(name).split(MULTI).filter(Boolean);
    const name = get('name');
    if (!name) {
      problems.push(problem('INVALID_LIST_RECORD', `Line ${r.line}: the name is empty.`, { line: r.line, field: 'name' }));
      continue;
    }
    if (name.length > 2000) {
      problems.push(problem('INVALID_LIST_RECORD', `Line ${r.line}: the name is ${name.length} characters long; at most 2,000 are accepted.`, { line: r.line, field: 'name' }));
      continue;
    }
    const entryId = get('id') || String(r.line);
    if (seen.has(entryId)) {
      problems.push(problem('INVALID_LIST_RECORD', `Line ${r.line}: id ${entryId} appears twice.`, { line: r.line, field: 'id' }));
      continue;
    }
    seen.add(entryId);
    const type = get('type').toLowerCase();
    entries.push({
      entryId,
      name,
      type: type === 'individual' || type === 'vessel' || type === 'aircraft' ? type : 'entity',
      programs: many('programs'),
      names: [{ name, kind: 'primary' }, ...many('aliases').map((a) => ({ name: a, kind: 'aka' as const }))],
      identifiers: Object.entries(ID_COLUMNS).flatMap(([c, t]) => many(c).map((value) => ({ type: t, value }))),
      addresses: many('addresses'),
      countries: many('countries'),
      linkedTo: [],
      line: r.line,
    });
  }
  if (csvProblem) problems.push(csvProblem);
  if (problems.length) return { ok: false, problems };
  if (!entries.length) return { ok: false, problems: [problem('EMPTY_INPUT', 'The file has a header but no entry.')] };
  return { ok: true, entries };
}

export const csvList: ListFormat = { id: 'csv', parse: parseListCsv };
