import { useTranslation } from 'react-i18next';

interface Props {
  heading?: string;
  original: string;
  english: string;
  /** Language of the original ("en", "zh", ...). */
  language: string;
}

/** A legal provision verbatim in its own language, with the English translation beside it. */
export function LegalText({ heading, original, english, language }: Props) {
  const { t } = useTranslation();
  const translated = language !== 'en' && english && english !== original;
  return (
    <div className={`legal-text ${translated ? 'legal-text-pair' : ''}`}>
      {heading && <p className="legal-heading">{heading}</p>}
      <blockquote lang={language === 'zh' ? 'zh-CN' : language}>
        {translated && <span className="legal-lang">{t(`language.${language === 'zh' ? 'zh' : 'other'}`)}</span>}
        {original}
      </blockquote>
      {translated && (
        <blockquote lang="en" className="translation">
          <span className="legal-lang">{t('language.enTranslation')}</span>
          {english}
        </blockquote>
      )}
    </div>
  );
}
