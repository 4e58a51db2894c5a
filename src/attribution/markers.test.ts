import { describe, expect, it } from 'vitest';
import { ROUTE_MARKERS, routeIndicators } from './markers.js';

describe('route indicators', () => {
  it('reports phenethyl-4-ANPP with its evidence and citation, as an indication only', () => {
    const found = routeIndicators({ sample: 'S', peaks: [{ compound: 'Phenethyl-4-ANPP', area: 12 }, { compound: 'fentanyl', area: 1000 }] });
    expect(found).toHaveLength(1);
    expect(found[0].statement).toBe('phenethyl-4-ANPP present: reported as a by-product of one-pot routes (Vandeputte et al. 2021).');
    expect(found[0].marker.strength).toBe('indicative');
    expect(found[0].marker.evidence).toContain('25 of 1,054');
    expect(found[0].caveat).toMatch(/not an identification/);
  });

  it('labels 4-ANPP as not route-specific, and reports nothing for an absent or zero peak', () => {
    const found = routeIndicators({ sample: 'S', peaks: [{ compound: 'despropionyl fentanyl', area: 3 }, { compound: 'phenethyl-4-ANPP', area: 0 }] });
    expect(found.map((f) => f.statement)).toEqual(['4-ANPP present: not route-specific (issue #14; citation pending review).']);
    expect(found[0].marker.routeSpecific).toBe(false);
  });

  it('lists only markers with a citation and no procedures', () => {
    for (const m of ROUTE_MARKERS) {
      expect(m.citation).toBeTruthy();
      expect(`${m.evidence} ${m.compound}`).not.toMatch(/\b(add|heat|reflux|stir|mix|yield|reagent)\b/i);
    }
  });
});

describe('the route-marker rule file', () => {
  it('is read from data/attribution/route-markers.yaml and checked', async () => {
    const { parseRouteMarkers, ROUTE_MARKERS } = await import('./markers.js');
    expect(ROUTE_MARKERS.map((m) => m.id)).toEqual(['phenethyl-4-anpp', '4-anpp']);
    const bad = `markers:\n  - { id: x, compound: X, drug: fentanyl, routes: [], routeSpecific: true, strength: indicative, evidence: e, citation: c, cite: c, messageKey: k }\n`;
    expect(() => parseRouteMarkers(bad, 'bad.yaml')).toThrow(/bad.yaml: marker x/);
    expect(() => parseRouteMarkers('markers: [{ id: X }]', 'bad.yaml')).toThrow(/bad.yaml/);
  });
});
