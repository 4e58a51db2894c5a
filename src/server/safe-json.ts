/**
 * JSON for HTTP bodies with <, >, & and the JS line separators escaped (\u003c …): the same value
 * for every JSON parser, but an echoed "<script>" can never be read as markup, whatever a client sniffs.
 */
const UNSAFE = /[<>&\u2028\u2029]/g;
const HAS_UNSAFE = /[<>&\u2028\u2029]/; // no g flag: test() must not carry lastIndex between calls
const ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

export function safeJson(value: unknown): string {
  return safeJsonText(JSON.stringify(value));
}

/** The same escaping for JSON already serialised (e.g. a job's stored JSON Lines). */
export function safeJsonText(json: string): string {
  return HAS_UNSAFE.test(json) ? json.replace(UNSAFE, (c) => ESCAPES[c]) : json;
}
