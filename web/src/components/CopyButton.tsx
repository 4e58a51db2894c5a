import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Copies `text` to the clipboard and says so; where the clipboard API is refused, it selects `fallbackInput` instead. */
export function CopyButton({ text, fallbackInput, label }: { text: string; fallbackInput?: () => HTMLInputElement | null; label?: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      const input = fallbackInput?.();
      input?.focus();
      input?.select();
      setState('failed');
    }
  }

  return (
    <>
      <button type="button" className="button-secondary" onClick={() => void copy()} data-testid="copy-button">
        {label ?? t('common.copy')}
      </button>
      <span className="copy-status" role="status" aria-live="polite">
        {state === 'copied' && t('common.copied')}
        {state === 'failed' && t('common.copyFailed')}
      </span>
    </>
  );
}
