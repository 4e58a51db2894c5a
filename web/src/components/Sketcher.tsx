/**
 * The Ketcher sketcher in standalone mode (Indigo compiled to WebAssembly, in the browser; no remote
 * service). Loaded lazily by the classify page, so its several megabytes cost nothing until used.
 */
import type { Ketcher } from 'ketcher-core';
import { Editor } from 'ketcher-react';
import 'ketcher-react/dist/index.css';
import { StandaloneStructServiceProvider } from 'ketcher-standalone';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

// Created once: the provider starts Indigo's worker.
const structServiceProvider = new StandaloneStructServiceProvider();

interface Props {
  /** Current text of the input box; loaded into the canvas when it is a single-line structure or a molfile. */
  initial: string;
  onUse(structure: string): void;
}

export default function Sketcher({ initial, onUse }: Props) {
  const { t } = useTranslation();
  const ketcherRef = useRef<Ketcher | undefined>(undefined);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function use() {
    const ketcher = ketcherRef.current;
    if (!ketcher) return;
    setError(undefined);
    try {
      // A molfile keeps drawn stereo and charges exactly; the server normalises it with RDKit.
      if ((await ketcher.getSmiles()).trim() === '') {
        setError(t('sketcher.empty'));
        return;
      }
      onUse(await ketcher.getMolfile());
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <div className="sketcher" data-testid="sketcher">
      <div className="sketcher-canvas">
        <Editor
          staticResourcesUrl=""
          structServiceProvider={structServiceProvider}
          disableMacromoleculesEditor
          errorHandler={(message: string) => setError(message)}
          onInit={(ketcher: Ketcher) => {
            ketcherRef.current = ketcher;
            setReady(true);
            const text = initial.trim();
            if (text && !text.startsWith('InChI=')) {
              void ketcher.setMolecule(initial).catch(() => undefined);
            }
          }}
        />
      </div>
      {error && (
        <p className="note note-error" role="alert">
          {error}
        </p>
      )}
      <div className="sketcher-actions">
        <button type="button" className="button-primary" disabled={!ready} onClick={() => void use()}>
          {t('sketcher.use')}
        </button>
        {!ready && <span className="muted">{t('sketcher.loading')}</span>}
      </div>
    </div>
  );
}
