import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { depictUrl } from '../api/client.js';
import type { Highlight } from '../api/types.js';

interface Props {
  smiles: string;
  highlights?: Highlight[];
  /** Accessible description of the structure (its name or SMILES). */
  label: string;
  size?: 'thumb' | 'large';
  showLegend?: boolean;
}

const SIZES = { thumb: { width: 240, height: 180 }, large: { width: 480, height: 360 } };

/**
 * Server-drawn SVG (RDKit) of a structure, with the unmodified core and the modified parts in
 * different colours (`core=` and `modified=`). A server that only knows one highlight colour
 * rejects those parameters; the picture then falls back to `highlight=` with one colour and a
 * legend that says so, rather than showing nothing.
 */
export function Depiction({ smiles, highlights = [], label, size = 'large', showLegend = false }: Props) {
  const { t } = useTranslation();
  const modifiedSet = new Set(highlights.filter((h) => h.modified).flatMap((h) => h.atoms));
  // An atom named both core and modified is drawn as modified: the modification is what needs attention.
  const core = [...new Set(highlights.filter((h) => !h.modified).flatMap((h) => h.atoms))].filter((a) => !modifiedSet.has(a));
  const modified = [...modifiedSet];
  const twoColour = depictUrl(smiles, { core, modified, ...SIZES[size] });
  const oneColour = depictUrl(smiles, { highlight: [...core, ...modified], ...SIZES[size] });
  const [failed, setFailed] = useState<{ url: string; stage: 'two' | 'one' } | undefined>();
  const hasHighlights = core.length + modified.length > 0;
  const stage = failed?.url !== twoColour ? 'two' : failed.stage === 'two' && hasHighlights ? 'one' : 'none';
  const src = stage === 'two' ? twoColour : oneColour;

  return (
    <figure className={`depiction depiction-${size}`}>
      {stage === 'none' ? (
        <div className="depiction-failed">{t('depiction.failed')}</div>
      ) : (
        <img
          key={src}
          src={src}
          alt={t('depiction.alt', { name: label })}
          loading={size === 'thumb' ? 'lazy' : 'eager'}
          data-testid="depiction"
          data-highlight-mode={hasHighlights ? stage : 'none'}
          onError={() => setFailed({ url: twoColour, stage: stage === 'two' ? 'two' : 'one' })}
        />
      )}
      {showLegend && hasHighlights && stage === 'two' && (
        <figcaption className="legend">
          {core.length > 0 && (
            <span>
              <span className="swatch swatch-core" aria-hidden="true" /> {t('depiction.core')}
            </span>
          )}
          {modified.length > 0 && (
            <span>
              <span className="swatch swatch-modified" aria-hidden="true" /> {t('depiction.modified')}
            </span>
          )}
        </figcaption>
      )}
      {showLegend && hasHighlights && stage === 'one' && (
        <figcaption className="legend">
          <span>
            <span className="swatch swatch-single" aria-hidden="true" /> {t('depiction.single')}
          </span>
        </figcaption>
      )}
    </figure>
  );
}
