/**
 * The bilateral briefing: its four sections in both languages from a scripted set of incidents by three
 * agencies; nothing of another agency's private records and no withheld field in it; the HTML written
 * by the CLI; and the PDF rendered by Debian's Chromium, checked by converting page 1 to PNG (pdftoppm,
 * poppler-utils) or, without pdftoppm, by its header and page count (the PNG step skipped with a reason).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { briefingCommand } from '../cli/briefing.js';
import { ExchangeService } from '../exchange/service.js';
import { createExchangeStore } from '../exchange/kysely-store.js';
import { exchangeMigrations } from '../exchange/migrations.js';
import type { AccessScope } from '../identity/access.js';
import { createIdentityStore } from '../identity/kysely-store.js';
import { identityMigrations } from '../identity/migrations.js';
import { IdentityService } from '../identity/service.js';
import { loadClassifier, type Classifier } from '../law/index.js';
import { openDatabase, type OpenDatabase } from '../store/database.js';
import { renderBriefingHtml, type Briefing } from './briefing.js';
import { createWarningStore } from './kysely-store.js';
import { warningMigrations } from './migrations.js';
import { CHROMIUM, htmlToPdf } from '../reports/pdf.js';
import { WarningService } from './service.js';
import type { WarningStore } from './store.js';

const dir = mkdtempSync(join(tmpdir(), 'narcotrace-briefing-'));
let database: OpenDatabase;
let classifier: Classifier;
let exchange: ExchangeService;
let store: WarningStore;
let warning: WarningService;
let identity: IdentityService;
let US: AccessScope;
let CN: AccessScope;
let THIRD: AccessScope;
let briefing: Briefing;
let html: string;
const uids: Record<string, string> = {};

const ACETYLFENTANYL = 'CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1';
const PARA_METHOXYFENTANYL = 'CCC(=O)N(c1ccc(OC)cc1)C1CCN(CCc2ccccc2)CC1';
const SECRETS = ['SUSPECT-SECRET-NAME', 'CASE-SECRET-REF', 'OPERATIONAL-SECRET-NOTE', '31.2304567', 'CN-PRIVATE-LABEL', 'THIRD-PRIVATE-LABEL'];

const incident = (over: Record<string, unknown>, label: string, structure = ACETYLFENTANYL) => ({
  kind: 'seizure',
  place: { country: 'US', region: 'California' },
  samples: [{ label, structure, method: 'GC-MS', confidence: 'confirmed' }],
  ...over,
});

beforeAll(async () => {
  classifier = await loadClassifier();
  database = await openDatabase({ backend: 'sqlite', path: join(dir, 'b.db') }, [
    { name: 'identity', migrations: identityMigrations },
    { name: 'exchange', migrations: exchangeMigrations },
    { name: 'warning', migrations: warningMigrations },
  ]);
  const identityStore = createIdentityStore(database.db);
  identity = new IdentityService(identityStore);
  const ids: number[] = [];
  for (const [name, j] of [['US lab', 'US'], ['CN lab', 'CN'], ['Third lab', 'US']] as const) ids.push((await identityStore.insertAgency({ name, kind: 'laboratory', jurisdiction: j, operator: false }, '2026-01-01T00:00:00.000Z')).id);
  [US, CN, THIRD] = ids.map((agencyId, i) => ({ agencyId, userId: i + 1, role: 'analyst' as const, operator: false }));
  exchange = new ExchangeService(createExchangeStore(database.db), classifier);
  store = createWarningStore(database.db);
  warning = new WarningService(store, classifier, () => '2026-04-01T00:00:00.000Z');

  // US lab's own incidents (private): a steady trickle of acetylfentanyl, then a burst.
  for (let w = 0; w < 12; w += 2) await exchange.createIncident(US, incident({ occurredOn: new Date(Date.UTC(2026, 0, 5) + w * 7 * 86_400_000).toISOString().slice(0, 10) }, `US-${w}`));
  for (let d = 0; d < 5; d++) await exchange.createIncident(US, incident({ occurredOn: `2026-03-${String(16 + d).padStart(2, '0')}` }, `US-burst-${d}`));
  // CN lab shares with US lab by name a seizure shipped CN → US, with every withheld field filled in.
  const shared = await exchange.createIncident(
    CN,
    incident(
      {
        occurredOn: '2026-02-10',
        place: { country: 'CN', region: 'Shanghai', coordinates: { lat: 31.2304567, lon: 121.47 } },
        route: { origin: 'CN', destination: 'US', transitPoints: [] },
        operational: { caseReference: 'CASE-SECRET-REF', notes: { en: 'OPERATIONAL-SECRET-NOTE' } },
        parties: [{ role: 'consignor', kind: 'person', personal: { name: 'SUSPECT-SECRET-NAME' } }],
      },
      'CN-SHARED-1',
      PARA_METHOXYFENTANYL,
    ),
  );
  await exchange.setSharing(CN, shared.uid, { scope: 'agencies', agencies: [US.agencyId] });
  uids.shared = shared.uid;
  // CN lab's private incident, also CN → US: never in US lab's briefing.
  uids.cnPrivate = (await exchange.createIncident(CN, incident({ occurredOn: '2026-02-11', place: { country: 'CN' }, route: { origin: 'CN', destination: 'US', transitPoints: [] } }, 'CN-PRIVATE-LABEL', PARA_METHOXYFENTANYL))).uid;
  // Third lab: one private, one shared with all but touching only the US (not a US–CN case).
  uids.thirdPrivate = (await exchange.createIncident(THIRD, incident({ occurredOn: '2026-02-12' }, 'THIRD-PRIVATE-LABEL'))).uid;
  const usOnly = await exchange.createIncident(THIRD, incident({ occurredOn: '2026-02-13', place: { country: 'US', region: 'Ohio' } }, 'THIRD-ALL-1'));
  await exchange.setSharing(THIRD, usOnly.uid, { scope: 'all' });
  uids.thirdAll = usOnly.uid;

  briefing = await warning.briefing(US, { a: 'US', b: 'CN', from: '2026-01-01', to: '2026-03-31', agency: 'US lab' });
  html = renderBriefingHtml(briefing);
}, 300_000);
afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('bilateral briefing', () => {
  it('has the four sections, each in English and Chinese', () => {
    for (const heading of ['New substances and their coverage', '新物质及其管制情况', 'Gap list US–CN as of 2026-03-31', '管制差异清单', 'Incident trends', '事件趋势', 'Open cases shared between US and CN', '共享的未结案件'])
      expect(html, heading).toContain(heading);
    expect(html.startsWith('<!doctype html>')).toBe(true);
  });

  it('lists the new substances with their coverage on each side', () => {
    expect(briefing.newSubstances.map((n) => n.alert.sighting.smiles)).toEqual([ACETYLFENTANYL, PARA_METHOXYFENTANYL]);
    const pmf = briefing.newSubstances[1];
    expect([pmf.a?.jurisdiction, pmf.a?.covered, pmf.b?.jurisdiction, pmf.b?.covered]).toEqual(['US', true, 'CN', true]);
    expect(html).toContain('芬太尼类物质');
  });

  it('gives the gap list between the two at the end of the period', () => {
    expect(briefing.gaps.asOf).toBe('2026-03-31');
    expect(briefing.gaps.rows.length).toBeGreaterThan(0);
    expect(briefing.gaps.rows.every((r) => ['only-a', 'only-b', 'review'].includes(r.outcome))).toBe(true);
    expect(briefing.gaps.rows.length).toBe(briefing.gaps.totals['only-a'] + briefing.gaps.totals['only-b'] + briefing.gaps.totals.review);
  });

  it('charts the trends as SVG with the burst week marked', () => {
    expect(html).toMatch(/<svg[^>]*role="img"/);
    const substance = briefing.trends.series.find((s) => s.dimension === 'substance' && s.label === ACETYLFENTANYL)!;
    expect(substance.alarms.map((i) => briefing.trends.weeks[i])).toEqual(['2026-03-16']);
    expect(briefing.trends.spikes.some((s) => s.week === '2026-03-16' && s.series.dimension === 'substance')).toBe(true);
    expect(html).toContain('<polygon');
  });

  it('lists only shared incidents that touch both jurisdictions, never a private one of another agency nor a withheld field', () => {
    expect(briefing.cases.map((c) => c.uid)).toEqual([uids.shared]);
    expect(briefing.cases[0]).toMatchObject({ sharing: 'agencies', agency: 'CN lab', own: false, country: 'CN', region: 'Shanghai', route: { origin: 'CN', destination: 'US' } });
    for (const secret of [...SECRETS, uids.cnPrivate, uids.thirdPrivate]) {
      expect(html, secret).not.toContain(secret);
      expect(JSON.stringify(briefing), secret).not.toContain(secret);
    }
  });

  it('writes the HTML from the CLI, and refuses bad options with exit code 2', async () => {
    const out = join(dir, 'b.html');
    const io = { stdout: { write: () => true } as unknown as NodeJS.WritableStream, stderr: { write: () => true } as unknown as NodeJS.WritableStream };
    expect(await briefingCommand({ warning: store, identity, classifier, now: () => '2026-04-01T00:00:00.000Z' }, 'US', 'CN', { from: '2026-01-01', to: '2026-03-31', agency: 'US lab', out }, io)).toBe(0);
    const written = readFileSync(out, 'utf8');
    expect(written).toContain('双边简报');
    expect(written).toContain(uids.shared);
    expect(await briefingCommand({ warning: store, identity, classifier }, 'US', 'US', { from: '2026-01-01', to: '2026-03-31', agency: 'US lab', out }, io)).toBe(2);
    expect(await briefingCommand({ warning: store, identity, classifier }, 'US', 'CN', { from: '2026-04-01', to: '2026-03-31', agency: 'US lab', out }, io)).toBe(2);
    expect(await briefingCommand({ warning: store, identity, classifier }, 'US', 'CN', { from: '2026-01-01', to: '2026-03-31', agency: 'No such lab', out }, io)).toBe(2);
    expect(await briefingCommand({ warning: store, identity, classifier }, 'US', 'CN', { from: '2026-01-01', to: '2026-03-31', agency: 'US lab', out: join(dir, 'b.docx') }, io)).toBe(2);
  }, 120_000);

  const noChromium = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed (apt-get install chromium fonts-noto-cjk)`;
  it.skipIf(!!noChromium)('renders the PDF with Debian Chromium and checks page 1 as PNG', async () => {
    const pdf = await htmlToPdf(html);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(2);
    const file = join(dir, 'briefing.pdf');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, pdf);
    let pdftoppm: string | undefined;
    try {
      pdftoppm = execFileSync('sh', ['-c', 'command -v pdftoppm'], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      pdftoppm = undefined;
    }
    if (!pdftoppm) {
      console.log(`[briefing] PNG check skipped: pdftoppm is not installed (apt-get install poppler-utils); the PDF has a valid header and ${pages} pages.`);
      return;
    }
    execFileSync(pdftoppm, ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file, join(dir, 'page1')]);
    const png = readFileSync(join(dir, 'page1.png'));
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    // A4 at 50 dpi: about 414 × 585 pixels, portrait.
    expect(Math.abs(width - 414)).toBeLessThanOrEqual(2);
    expect(Math.abs(height - 585)).toBeLessThanOrEqual(2);
    expect(png.length).toBeGreaterThan(5_000);
    // And the page is not blank: the same page as greyscale (PGM), with ink on it.
    execFileSync(pdftoppm, ['-gray', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file, join(dir, 'page1')]);
    const pgm = readFileSync(join(dir, 'page1.pgm'));
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
    const pixels = pgm.subarray(header[0].length);
    let ink = 0;
    for (const v of pixels) if (v < 160) ink++;
    const inked = ink / pixels.length;
    expect(inked).toBeGreaterThan(0.01);
    console.log(`[briefing] PDF ${pdf.length} bytes, ${pages} pages; page 1 → PNG ${width}×${height}, ${png.length} bytes; ${(100 * inked).toFixed(1)}% of page 1 inked.`);
  }, 120_000);
  if (noChromium) it('renders the PDF (skipped)', () => console.log(`[briefing] PDF skipped: ${noChromium}`));
});
