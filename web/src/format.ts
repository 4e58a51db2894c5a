/** Dates and times as the UI shows them, in the UI language. */
export function formatDateTime(iso: string | null | undefined, language: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(language.startsWith('zh') ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** Today as YYYY-MM-DD (UTC, like the server's default as-of date). */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
