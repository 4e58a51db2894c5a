/** The exchange module's error codes: packages that fail their checks, and records that cannot be changed. */
import { defineProblems, type CodesOf } from '../problems.js';

export const EXCHANGE_PROBLEMS = defineProblems({
  PACKAGE_MALFORMED: { status: 400, meaning: 'An exchange package is not a complete JSON document of the package envelope (e.g. a truncated file).' },
  PACKAGE_VERSION_UNSUPPORTED: { status: 400, meaning: 'An exchange package has a format version this instance does not read.' },
  PACKAGE_SCHEMA_INVALID: { status: 400, meaning: 'An exchange package is signed correctly but does not match the package schema (`where.field` names the place).' },
  UNKNOWN_SENDER_KEY: { status: 400, meaning: 'An exchange package is signed with a key that is not registered here.' },
  SIGNATURE_INVALID: { status: 400, meaning: 'An exchange package’s Ed25519 signature does not match its content: it was altered, or signed with another key.' },
  RECORD_CONFLICT: { status: 409, meaning: 'An imported record has the id of a record of another origin here; nothing was imported.' },
  IMPORTED_READ_ONLY: { status: 409, meaning: 'The record was imported from another agency and cannot be edited here.' },
  NOT_OWNER: { status: 403, meaning: 'The record is shared with the caller’s agency but owned by another: only the owner edits or shares it.' },
  NOTHING_SELECTED: { status: 400, meaning: 'An export selection matches none of the agency’s own records.' },
  AUDIT_CHAIN_BROKEN: { status: 500, meaning: 'The audit log’s hash chain does not verify: an entry was edited, deleted or reordered.' },
});

declare module '../problems.js' {
  interface ProblemCodes extends CodesOf<typeof EXCHANGE_PROBLEMS> {}
}
