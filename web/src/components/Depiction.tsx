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

/** Server-drawn SVG (RDKit) of a structure; the unmodified core and the modified parts in different colours. */
export function Depiction({ smiles, highlights = [], label, size = 'large', showLegend = false }: Props) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState<string | undefined>();
  const core = [...new Set(highlights.filter((h) => !h.modified).flatMap((h) => h.atoms))];
  const modifiedSet = new Set(highlights.filter((h) => h.modified).flatMap((h) => h.atoms));
  // An atom named both core and modified is drawn as modified: the modification is what needs attention.
  const coreOnly = core.filter((a) => !modifiedSet.has(a));
  const modified = [...modifiedSet];
  const src = depictUrl(smiles, { core: coreOnly, modified });
  return (
    <figure className={`depiction depiction-${size}`}>
      {failed === src ? (
        <div className="depiction-failed">{t('depiction.failed')}</div>
      ) : (
        <img src={src} alt={t('depiction.alt', { name: label })} loading={size === 'thumb' ? 'lazy' : 'eager'} onError={() => setFailed(src)} />
      )}
      {showLegend && (coreOnly.length > 0 || modified.length > 0) && (
        <figcaption className="legend">
          {coreOnly.length > 0 && (
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
    </figure>
  );
}
