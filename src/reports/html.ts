/** HTML for printable reports (briefings, pre-export documents, charts): every value passes through here. */
export const escapeHtml = (s: string | number | boolean | null | undefined): string =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
