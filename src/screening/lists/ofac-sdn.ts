/**
 * OFAC's Specially Designated Nationals list in its published `sdn.csv` form: 12 columns, no header,
 * Latin-1, `-0-` for an empty field. Aliases ("a.k.a."), e-mails, websites, phone numbers, registration
 * numbers (USCC, national IDs, passports), digital-currency addresses, Chinese Commercial Codes and
 * "Linked To" names are read out of the remarks column.
 *
 * Columns: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks.
 */
import { problem, type Problem } from '../../problems.js';
import { cccForms, decodeCcc } from '../telegraph.js';
import { decodeListText, MAX_PROBLEMS, parseCsv, type IdentifierType, type ListEntry, type ListFormat, type ListIdentifier, type ListParseResult } from './port.js';

const EMPTY = '-0-';
const clean = (s: string) => (s.trim() === EMPTY ? '' : s.trim());

const ID_LABELS: [RegExp, IdentifierType][] = [
  [/^Unified Social Credit Code/i, 'uscc'],
  [/^(?:Business )?Registration (?:Number|ID)|^Company Number|^Registration No/i, 'registration'],
  [/^National ID No|^Cedula No|^CURP|^Identification Number|^Personal ID Card/i, 'national-id'],
  [/^Passport/i, 'passport'],
  [/^Tax ID No|^RFC|^NIT #|^C\.U\.I\.T|^R\.U\.C|^Trade License No|^Chamber of Commerce Number/i, 'tax-id'],
];

/** Reads one remarks field into names, identifiers, countries, addresses and links. */
export function parseRemarks(remarks: string): Pick<ListEntry, 'names' | 'identifiers' | 'countries' | 'linkedTo' | 'addresses'> {
  const out: Pick<ListEntry, 'names' | 'identifiers' | 'countries' | 'linkedTo' | 'addresses'> = { names: [], identifiers: [], countries: [], linkedTo: [], addresses: [] };
  const items = remarks.replace(/\.\s*$/, '').split(/;\s+/);
  for (const rawItem of items) {
    const item = rawItem.trim();
    const alias = /^([afn])\.k\.a\.,?\s+'(.+)'\.?$/i.exec(item);
    if (alias) {
      out.names.push({ name: alias[2].trim(), kind: `${alias[1].toLowerCase()}ka` as 'aka' });
      continue;
    }
    const body = item.replace(/^alt\.\s+/i, '');
    let m: RegExpExecArray | null;
    if ((m = /^Email Address\s+(\S+)/i.exec(body))) out.identifiers.push({ type: 'email', value: m[1].replace(/\.$/, ''), label: 'Email Address' });
    else if ((m = /^Website\s+(\S+)/i.exec(body))) out.identifiers.push({ type: 'website', value: m[1].replace(/\.$/, ''), label: 'Website' });
    else if ((m = /^Phone Number\s+(.+)$/i.exec(body))) out.identifiers.push({ type: 'phone', value: m[1], label: 'Phone Number' });
    else if ((m = /^Digital Currency Address - (\w+)\s+(\S+)/i.exec(body))) out.identifiers.push({ type: 'wallet', value: m[2], label: `Digital Currency Address - ${m[1]}` });
    else if ((m = /^Chinese Commercial Code\s+([\d\s]+)/i.exec(body))) {
      const value = m[1].trim();
      const d = decodeCcc(value);
      out.identifiers.push({ type: 'ccc', value, label: 'Chinese Commercial Code', ...(d.mainland ? { decoded: cccForms(d).join(' / ') } : {}) });
    }
    else if ((m = /^Linked To:\s*(.+)$/i.exec(body))) out.linkedTo.push(m[1].trim());
    else if ((m = /^(?:nationality|citizen)\s+(.+)$/i.exec(body))) out.countries.push(m[1].trim());
    else if ((m = /^Address\s+(.+)$/i.exec(body))) out.addresses.push(m[1].trim());
    else {
      const label = ID_LABELS.find(([re]) => re.test(body));
      if (label) {
        // "<label> <value> (<country>) issued … expires …": the value is the last word before the country.
        let rest = body.replace(/\s+(issued|expires)\b.*$/i, '').trim();
        let country: string | undefined;
        const cm = /\s*\(([^()]+)\)$/.exec(rest);
        if (cm) {
          country = cm[1];
          rest = rest.slice(0, cm.index).trim();
        }
        const cut = rest.lastIndexOf(' ');
        if (cut > 0) {
          const id: ListIdentifier = { type: label[1], value: rest.slice(cut + 1).replace(/\.$/, ''), label: rest.slice(0, cut).trim() };
          if (country) id.country = country;
          out.identifiers.push(id);
        }
      }
    }
  }
  return out;
}

function entryType(t: string): ListEntry['type'] {
  const v = t.toLowerCase();
  return v === 'individual' || v === 'vessel' || v === 'aircraft' ? v : 'entity';
}

export function parseSdn(bytes: Uint8Array): ListParseResult {
  const decoded = decodeListText(bytes);
  if (!decoded.ok) return { ok: false, problems: [decoded.problem] };
  const { records, problem: csvProblem } = parseCsv(decoded.text);
  const problems: Problem[] = [];
  const entries: ListEntry[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    if (problems.length >= MAX_PROBLEMS) break;
    if (r.fields.length !== 12) {
      problems.push(problem('INVALID_LIST_RECORD', `Line ${r.line}: ${r.fields.length} columns; an sdn.csv record has 12.`, { line: r.line }));
      continue;
    }
    const [entNum, name, type, programs, , , , , , , , remarks] = r.fields.map(clean);
    if (!/^\d+$/.test(entNum)) {
      problems.push(problem('INVALID_LIST_RECORD', `Line ${r.line}: the entry number "${entNum.slice(0, 40)}" is not a number.`, { line: r.line, field: 'ent_num' }));
      continue;
    }
    if (!name) {
      problems.push(problem('INVALID_LIST_RECORD', `Line ${r.line}: entry ${entNum} has no name.`, { line: r.line, field: 'SDN_Name' }));
      continue;
    }
    if (name.length > 2000) {
      problems.push(problem('INVALID_LIST_RECORD', `Line ${r.line}: the name is ${name.length} characters long; at most 2,000 are accepted.`, { line: r.line, field: 'SDN_Name' }));
      continue;
    }
    if (seen.has(entNum)) {
      problems.push(problem('INVALID_LIST_RECORD', `Line ${r.line}: entry ${entNum} appears twice.`, { line: r.line, field: 'ent_num' }));
      continue;
    }
    seen.add(entNum);
    const parsed = parseRemarks(remarks);
    entries.push({
      entryId: entNum,
      name,
      type: entryType(type),
      programs: programs ? programs.replace(/^\[|\]$/g, '').split(/\]\s*\[/).map((p) => p.trim()).filter(Boolean) : [],
      names: [{ name, kind: 'primary' }, ...parsed.names],
      identifiers: parsed.identifiers,
      addresses: parsed.addresses,
      countries: parsed.countries,
      linkedTo: parsed.linkedTo,
      remarks: remarks || undefined,
      line: r.line,
    });
  }
  if (csvProblem) problems.push(csvProblem);
  if (problems.length) return { ok: false, problems };
  if (!entries.length) return { ok: false, problems: [problem('EMPTY_INPUT', 'The file holds no SDN record.')] };
  return { ok: true, entries };
}

export const ofacSdn: ListFormat = { id: 'ofac-sdn', defaultList: 'OFAC-SDN', parse: parseSdn };
