import { describe, expect, it } from 'vitest';
import type { JurisdictionInfo, Verdict } from './api/types.js';
import { jurisdictionsToSend } from './components/JurisdictionPicker.js';
import { jurisdictionName } from './jurisdictions.js';
import { verdictOrder } from './pages/ClassifyPage.js';

const LIST: JurisdictionInfo[] = [
  { id: 'US', names: { en: 'United States', zh: '美国' }, kind: 'country' },
  { id: 'CN', names: { en: 'China', zh: '中国' }, kind: 'country' },
  { id: 'UN', names: { en: 'United Nations' }, kind: 'international' },
];
const IDS = LIST.map((j) => j.id);

describe('jurisdictions from the API', () => {
  it('names a jurisdiction in the UI language, falling back to English', () => {
    expect(jurisdictionName(LIST, 'US', 'zh')).toBe('美国');
    expect(jurisdictionName(LIST, 'US', 'en')).toBe('United States');
    expect(jurisdictionName(LIST, 'UN', 'zh')).toBe('United Nations');
    expect(jurisdictionName(LIST, 'XX', 'en')).toBeUndefined();
  });

  it('sends nothing when all are chosen (the server’s default), else the chosen known ids', () => {
    expect(jurisdictionsToSend(undefined, IDS)).toBeUndefined();
    expect(jurisdictionsToSend(['US', 'CN', 'UN'], IDS)).toBeUndefined();
    expect(jurisdictionsToSend(['CN', 'XX'], IDS)).toEqual(['CN']);
    expect(jurisdictionsToSend([], IDS)).toEqual([]);
    // Before the list is loaded (or when it failed), a choice from a link is sent as it is.
    expect(jurisdictionsToSend(['US'], [])).toEqual(['US']);
  });

  it('orders verdict cards as the server lists the jurisdictions, then any others', () => {
    const card = { controlled: false, needsReview: false, findings: [] };
    const v = { jurisdictions: { UN: card, XX: card, US: card } } as unknown as Verdict;
    expect(verdictOrder(v, IDS).map(([j]) => j)).toEqual(['US', 'UN', 'XX']);
    expect(verdictOrder(v, []).map(([j]) => j)).toEqual(['UN', 'XX', 'US']);
  });
});
