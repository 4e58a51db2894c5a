/** The list formats, by id. */
import { csvList } from './csv.js';
import { ofacSdn } from './ofac-sdn.js';
import type { ListFormat, ListFormatId } from './port.js';

export const LIST_FORMATS: Record<ListFormatId, ListFormat> = { 'ofac-sdn': ofacSdn, csv: csvList };
export * from './port.js';
