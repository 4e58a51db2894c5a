import { useTranslation } from 'react-i18next';

/**
 * A listing's date of effect as the data writes it: "YYYY-MM-DD", "YYYY" (only the year is documented) or
 * "by YYYY-MM-DD" (certainly in force on that date; the day it took effect was not read), in the reader's language.
 */
export function EffectiveDate({ value }: { value: string }) {
  const { t } = useTranslation();
  const by = /^by (\d{4}-\d{2}-\d{2})$/.exec(value)?.[1];
  if (by) return <time dateTime={by}>{t('finding.effectiveBy', { date: by })}</time>;
  return <time dateTime={value}>{value}</time>;
}
