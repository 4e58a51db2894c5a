/**
 * Route indicators of one profile: each marker found, in the words the literature reports it, with
 * its strength, whether it is route-specific, its citation, and always the caveat that it is an
 * indication for intelligence, not an identification of the synthesis route.
 */
import { useTranslation } from 'react-i18next';
import type { RouteIndicator, RouteMarker } from './AttributionApi.js';

export function MarkerFacts({ marker }: { marker: RouteMarker }) {
  const { t } = useTranslation();
  return (
    <div className="finding-tags">
      <span className="tag">{t(`attribution.strength.${marker.strength}`)}</span>
      <span className={marker.routeSpecific ? 'tag' : 'tag tag-review'}>{marker.routeSpecific ? t('attribution.indicators.routeSpecific') : t('attribution.indicators.notRouteSpecific')}</span>
      {marker.needsReview && <span className="tag tag-review">{t('attribution.indicators.needsReview')}</span>}
    </div>
  );
}

export function AttributionIndicators({ sample, indicators }: { sample: string; indicators: RouteIndicator[] }) {
  const { t } = useTranslation();
  return (
    <div className="attribution-indicators" data-testid="attribution-indicators">
      <h3>{t('attribution.indicators.for', { sample })}</h3>
      {indicators.length === 0 ? (
        <p className="muted">{t('attribution.indicators.none')}</p>
      ) : (
        indicators.map((ind) => (
          <div className="finding" key={ind.marker.id} data-testid={`attribution-indicator-${ind.marker.id}`}>
            <p className="finding-status">{t(ind.marker.messageKey, { cite: ind.marker.cite, defaultValue: ind.statement })}</p>
            <MarkerFacts marker={ind.marker} />
            <p className="finding-reason">
              {t('attribution.indicators.matched', { peak: ind.matched, area: ind.area })} · {ind.marker.evidence}
            </p>
            <p className="citation">
              {t('attribution.indicators.source')}: {ind.marker.citation}
            </p>
          </div>
        ))
      )}
      <p className="review-note" data-testid="attribution-caveat">
        {t('attribution.indicators.caveat')}
      </p>
    </div>
  );
}
