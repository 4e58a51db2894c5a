/**
 * End-to-end: the built UI (web/dist) served by the real server (buildServer, with a temporary
 * SQLite database), driven by Debian's Chromium through playwright-core.
 *
 * Screenshots go to a temporary directory; with NARCOTRACE_SCREENSHOTS=1 (npm run screenshots) they
 * are written to docs/screenshots/ for the README.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seizure } from '../../src/exchange/__fixtures__/incidents.js';

const CHROMIUM = '/usr/bin/chromium';
const root = fileURLToPath(new URL('../..', import.meta.url));
const serverModule = join(root, 'src', 'server', 'server.ts');
const missing = !existsSync(CHROMIUM) ? `${CHROMIUM} is not installed (apt-get install chromium fonts-noto-cjk)` : !existsSync(serverModule) ? 'src/server/server.ts is not there yet' : undefined;
if (missing) console.log(`web/e2e skipped: ${missing}`);

const FENTANYL = 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1';
const BENZYLFENTANYL = 'O=C(CC)N(c1ccccc1)C1CCN(Cc2ccccc2)CC1';
// A fixed date keeps screenshots reproducible; the law it shows is the law in force on that day.
const AS_OF = '2026-01-01';

// The administrator the fixture creates in the operator agency (see beforeAll).
const ADMIN = { username: 'e2e-admin', displayName: 'E2E Administrator', password: 'correct horse battery staple' };

const screenshotDir = process.env.NARCOTRACE_SCREENSHOTS === '1' ? join(root, 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'narcotrace-shots-'));

describe.skipIf(missing !== undefined)('web UI end to end', () => {
  let app: FastifyInstance;
  let closeStore: () => Promise<void>;
  let dbDir: string;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    const build = spawnSync(process.execPath, [join(root, 'scripts', 'ensure-web-build.mjs')], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`web build failed:\n${build.stderr}`);

    const { buildServer } = await import('../../src/server/server.js');
    const { loadClassifier } = await import('../../src/law/index.js');
    const { openStores } = await import('../../src/store/open.js');
    const { IdentityService } = await import('../../src/identity/service.js');
    const classifier = await loadClassifier();
    dbDir = mkdtempSync(join(tmpdir(), 'narcotrace-e2e-'));
    const stores = await openStores({ backend: 'sqlite', path: join(dbDir, 'e2e.db') });
    await stores.reference.seed({ dataVersion: classifier.dataVersion, substances: classifier.registry.substances, lists: classifier.registry.lists, rules: classifier.rules });
    closeStore = () => stores.close();
    // The identity fixture: the operator agency (first run) and an administrator of it made for this test.
    const identity = new IdentityService(stores.identity);
    const first = await identity.bootstrap();
    const operator = first.created ? first.agency : await identity.agencyByIdOrName('Operator');
    if (!operator) throw new Error('e2e: no operator agency after bootstrap');
    await identity.systemCreateUser({ agencyId: operator.id, username: ADMIN.username, displayName: ADMIN.displayName, role: 'admin', password: ADMIN.password });
    app = await buildServer({ classifier, stores, identity, rateLimit: { max: 0 }, webRoot: join(root, 'web', 'dist') });
    base = await app.listen({ host: '127.0.0.1', port: 0 });

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await closeStore?.();
    if (dbDir) rmSync(dbDir, { recursive: true, force: true });
  });

  /** A fresh page in English; errors in the page fail the test that caused them. */
  async function openPage(path: string, lang: 'en' | 'zh' = 'en'): Promise<{ page: Page; errors: string[] }> {
    // A context per page: its own storage, so one test's language choice does not leak into the next.
    const context = await browser.newContext({ viewport: { width: 1360, height: 1000 }, locale: 'en-US' });
    const page = await context.newPage();
    page.on('close', () => void context.close().catch(() => undefined));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    if (process.env.NARCOTRACE_E2E_DEBUG) page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text().slice(0, 300)}`));
    await page.addInitScript((l) => localStorage.getItem('narcotrace.lang') ?? localStorage.setItem('narcotrace.lang', l), lang);
    await page.goto(`${base}${path}`);
    return { page, errors };
  }

  async function classify(page: Page, structure: string): Promise<void> {
    await page.fill('#structure-input', structure);
    await page.fill('#as-of', AS_OF);
    await page.getByTestId('classify-submit').click();
    await page.getByTestId('result').waitFor();
  }

  /** Signs the page's browser context in through the API (the cookie is shared with the page), then loads `path`. */
  async function signedInPage(path: string, lang: 'en' | 'zh' = 'en'): Promise<{ page: Page; errors: string[] }> {
    const opened = await openPage('/login', lang);
    const r = await opened.page.request.post(`${base}/api/auth/login`, { data: { username: ADMIN.username, password: ADMIN.password } });
    expect(r.status()).toBe(200);
    await opened.page.goto(`${base}${path}`);
    return opened;
  }

  it('classifies fentanyl: Schedule II in the US card, the listing in the CN card', async () => {
    const { page, errors } = await openPage('/');
    await classify(page, FENTANYL);
    const us = page.getByTestId('verdict-US');
    await expect(us.getByTestId('verdict-US-badge').textContent()).resolves.toBe('Controlled');
    await expect(us.getByTestId('verdict-US-summary').textContent()).resolves.toContain('Schedule II');
    const cn = page.getByTestId('verdict-CN');
    await expect(cn.getByTestId('verdict-CN-badge').textContent()).resolves.toBe('Controlled');
    expect(await cn.locator('[data-kind="listed"][data-applies="true"]').count()).toBeGreaterThan(0);
    await expect(cn.locator('[data-kind="listed"][data-applies="true"]').first().textContent()).resolves.toContain('Listed individually');
    // The structure is drawn by the server.
    const img = page.getByTestId('depiction').first();
    await img.waitFor();
    expect(await img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('classifies benzylfentanyl: CN fentanyl class by clause 四, US List I and not FRS; screenshots in EN and 中文', async () => {
    const { page, errors } = await openPage('/');
    await classify(page, BENZYLFENTANYL);
    const cn = page.getByTestId('verdict-CN');
    const cnClass = cn.getByTestId('finding-CN-FENTANYL-CLASS');
    await expect(cnClass.getAttribute('data-applies')).resolves.toBe('true');
    await expect(cnClass.getByTestId('finding-CN-FENTANYL-CLASS-clauses').textContent()).resolves.toContain('四');
    await expect(cnClass.textContent()).resolves.toContain('芬太尼类物质');
    // The verbatim Chinese clause sits beside its English translation.
    expect(await cnClass.locator('.legal-text-pair blockquote[lang="zh-CN"]').count()).toBeGreaterThan(0);
    expect(await cnClass.locator('.legal-text-pair blockquote[lang="en"]').count()).toBeGreaterThan(0);

    const us = page.getByTestId('verdict-US');
    await expect(us.getByTestId('verdict-US-summary').textContent()).resolves.toContain('List I');
    expect(await us.locator('[data-testid="finding-US-FRS"][data-applies="true"]').count()).toBe(0);

    // Core and modified parts are requested in two colours (or, on a one-colour server, in one).
    const img = page.getByTestId('depiction').first();
    await page.waitForFunction(() => {
      const el = document.querySelector<HTMLImageElement>('[data-testid="result"] [data-testid="depiction"]');
      return !!el && el.complete && el.naturalWidth > 0;
    });
    expect(['two', 'one']).toContain(await img.getAttribute('data-highlight-mode'));
    expect(errors).toEqual([]);

    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'classify-en.png'), fullPage: true });
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '结构管制判定' }).waitFor();
    await page.screenshot({ path: join(screenshotDir, 'classify-zh.png'), fullPage: true });
    await page.close();
  });

  it('switches the whole UI to 中文 and back, remembering the choice', async () => {
    const { page } = await openPage(`/?${new URLSearchParams({ structure: FENTANYL, asOf: AS_OF })}`);
    await page.getByTestId('result').waitFor();
    const nav = page.getByRole('navigation');
    await expect(nav.textContent()).resolves.toContain('Registry');
    await expect(page.getByTestId('verdict-US-badge').textContent()).resolves.toBe('Controlled');

    await page.getByRole('button', { name: '中文' }).click();
    await expect(nav.textContent()).resolves.toContain('物质名录');
    await expect(page.getByTestId('classify-submit').textContent()).resolves.toBe('判定');
    await expect(page.getByTestId('verdict-US-badge').textContent()).resolves.toBe('受管制');
    await expect(page.getByTestId('verdict-US').locator('h3').textContent()).resolves.toContain('美国');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await expect(page.getByRole('button', { name: '中文' }).getAttribute('aria-pressed')).resolves.toBe('true');

    await page.reload();
    await page.getByTestId('result').waitFor();
    await expect(page.getByTestId('classify-submit').textContent()).resolves.toBe('判定');
    await page.getByRole('button', { name: 'EN' }).click();
    await expect(page.getByTestId('classify-submit').textContent()).resolves.toBe('Classify');
    await page.close();
  });

  it('is usable from the keyboard: Tab reaches the controls, Ctrl+Enter classifies', async () => {
    const { page } = await openPage('/');
    const focused = async () => page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}:${(el.textContent ?? '').trim().slice(0, 20)}` : '';
    });
    const seen: string[] = [];
    for (let i = 0; i < 16; i++) {
      await page.keyboard.press('Tab');
      seen.push(await focused());
    }
    expect(seen[0]).toContain('Skip to content');
    expect(seen.some((s) => s.startsWith('a:') && s.includes('Registry'))).toBe(true);
    expect(seen.some((s) => s.startsWith('button:') && s.includes('中文'))).toBe(true);
    expect(seen).toContain('textarea#structure-input:');
    await page.focus('#structure-input');
    await page.keyboard.type(FENTANYL);
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('result').waitFor();
    await expect(page.getByTestId('verdict-US-badge').textContent()).resolves.toBe('Controlled');
    await page.close();
  });

  it('shows a bad structure’s error code and message and keeps the input', async () => {
    const { page } = await openPage('/');
    await page.fill('#structure-input', 'C1CC(');
    await page.getByTestId('classify-submit').click();
    const error = page.getByTestId('error');
    await error.waitFor();
    await expect(error.locator('.error-code').textContent()).resolves.toBe('INVALID_SMILES');
    expect((await error.locator('.error-message').textContent())?.length).toBeGreaterThan(0);
    await expect(page.inputValue('#structure-input')).resolves.toBe('C1CC(');
    await page.close();
  });

  it('loads a dropped-in molfile from the file picker and classifies it', async () => {
    const { page } = await openPage('/');
    // Ethanol as a V2000 molfile, written by hand for this test.
    const molfile = [
      'ethanol',
      '  narcotrace-e2e',
      '',
      '  3  2  0  0  0  0  0  0  0  0999 V2000',
      '    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0',
      '    1.2990    0.7500    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0',
      '    2.5981   -0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0',
      '  1  2  1  0',
      '  2  3  1  0',
      'M  END',
      '',
    ].join('\n');
    await page.locator('input[type="file"]').setInputFiles({ name: 'ethanol.mol', mimeType: 'chemical/x-mdl-molfile', buffer: Buffer.from(molfile) });
    await expect.poll(() => page.inputValue('#structure-input')).toContain('M  END');
    await page.getByTestId('classify-submit').click();
    await page.getByTestId('result').waitFor();
    await expect(page.getByTestId('result').locator('code').first().textContent()).resolves.toBe('CCO');
    await expect(page.getByTestId('verdict-US-badge').textContent()).resolves.toBe('Not controlled');
    await page.close();
  });

  it('draws with the Ketcher sketcher (standalone, under the server’s CSP) and classifies the drawing', async () => {
    const { page, errors } = await openPage('/');
    await page.fill('#structure-input', FENTANYL);
    await page.getByRole('button', { name: 'Draw structure' }).click();
    const use = page.getByRole('button', { name: 'Use this structure' });
    await use.waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('.sketcher-actions button')?.disabled, null, { timeout: 60_000 });
    // The canvas was loaded from the input box. "Use" replaces the input with Ketcher's drawing (a molfile)
    // and closes the sketcher; while Indigo is still laying the canvas out it says "empty" and stays open.
    await expect
      .poll(
        async () => {
          if (await use.isVisible()) await use.click({ timeout: 2_000 }).catch(() => undefined);
          return page.inputValue('#structure-input');
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .not.toBe(FENTANYL);
    expect((await page.inputValue('#structure-input')).trim()).not.toBe('');
    await page.fill('#as-of', AS_OF);
    await page.getByTestId('classify-submit').click();
    await page.getByTestId('result').waitFor();
    await expect(page.getByTestId('verdict-US-summary').textContent()).resolves.toContain('Schedule II');
    expect(errors).toEqual([]);
    await page.close();
  }, 150_000); // Ketcher is ~30 MB of JavaScript and WebAssembly; on a busy 2-core machine it loads slowly.

  it('searches the registry and opens a substance with its listings', async () => {
    const { page } = await openPage('/registry');
    await page.fill('#registry-q', 'fentanyl');
    const firstLink = page.locator('.registry-table tbody tr a').first();
    await firstLink.waitFor();
    mkdirSync(screenshotDir, { recursive: true });
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(screenshotDir, 'registry-en.png') });
    await firstLink.click();
    await page.locator('.substance-page h1').waitFor();
    expect(page.url()).toContain('/registry/');
    expect(await page.locator('.substance-page table tbody tr').count()).toBeGreaterThan(0);
    await expect(page.locator('.substance-page').textContent()).resolves.toContain('InChIKey');
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'substance-en.png'), fullPage: true });
    await page.close();
  });

  it('shows a substance listed by name and CAS only without a drawing, in both languages', async () => {
    const { page } = await openPage('/registry?q=2095345-66-5');
    await page.getByTestId('no-structure-thumb').waitFor();
    expect(await page.locator('.registry-table [data-testid="depiction"]').count()).toBe(0);
    await page.close();
    for (const [lang, text, inForceBy] of [
      ['en', 'No structure (inorganic / named substance)', 'in force by 2025-07-28'],
      ['zh', '无结构（无机物 / 按名称列管的物质）', '不晚于 2025-07-28 已生效'],
    ] as const) {
      const { page: p } = await openPage('/registry/tegileridine', lang);
      await p.getByTestId('no-structure').waitFor();
      await expect(p.getByTestId('no-structure').textContent()).resolves.toContain(text);
      expect(await p.locator('.substance-page [data-testid="depiction"]').count()).toBe(0);
      await expect(p.getByTestId('substance-form').textContent()).resolves.toBeTruthy();
      await expect(p.locator('.substance-page').textContent()).resolves.toContain('2095345-66-5');
      // An "in force by" date is said in the reader's language, not as the data's "by …".
      await expect(p.locator('.substance-page').textContent()).resolves.toContain(inForceBy);
      if (lang === 'zh') {
        mkdirSync(screenshotDir, { recursive: true });
        await p.screenshot({ path: join(screenshotDir, 'substance-no-structure-zh.png'), fullPage: true });
      }
      await p.close();
    }
  });

  it('shows the known gaps of the list chosen in the registry', async () => {
    const { page } = await openPage('/registry?list=US-CSA-II');
    const gaps = page.locator('[data-testid="list-gaps"]');
    await gaps.waitFor();
    await expect(gaps.locator('summary').textContent()).resolves.toMatch(/^US-CSA-II: \d+ known gaps? in the data$/);
    await gaps.locator('summary').click();
    await expect(gaps.textContent()).resolves.toContain('alfentanil, sufentanil and carfentanil');
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'registry-gaps-en.png') });
    await page.close();
  });

  it('shows each class rule’s text in the original language beside the English', async () => {
    const { page } = await openPage('/rules', 'zh');
    const cn = page.getByTestId('rule-CN-FENTANYL-CLASS');
    await cn.waitFor();
    expect(await cn.locator('.legal-text-pair blockquote[lang="zh-CN"]').count()).toBeGreaterThan(0);
    await expect(cn.locator('h2').textContent()).resolves.toContain('芬太尼');
    await cn.scrollIntoViewIfNeeded();
    await page.waitForLoadState('networkidle');
    mkdirSync(screenshotDir, { recursive: true });
    await cn.screenshot({ path: join(screenshotDir, 'rules-zh.png') });
    await page.getByTestId('rule-US-FRS').waitFor();
    await page.close();
  });

  it('sends an anonymous visitor from a signed-in page to the sign-in page, keeps the user name after a failed attempt, then returns', async () => {
    const { page, errors } = await openPage('/jobs');
    await page.waitForURL(/\/login\?next=%2Fjobs$/);
    // Anonymous: Jobs in the nav (it leads here), no Administration; classification stays open (see the tests above).
    await page.getByTestId('nav-jobs').waitFor();
    expect(await page.getByTestId('nav-admin').count()).toBe(0);
    await expect(page.getByRole('heading', { name: 'Sign in' }).count()).resolves.toBe(1);
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'login-en.png') });

    await page.fill('#login-username', ADMIN.username);
    await page.fill('#login-password', 'not the password');
    await page.getByTestId('login-submit').click();
    const error = page.getByTestId('error');
    await error.waitFor();
    await expect(error.locator('.error-code').textContent()).resolves.toBe('UNAUTHENTICATED');
    expect((await error.locator('.error-message').textContent())?.length).toBeGreaterThan(0);
    await expect(page.inputValue('#login-username')).resolves.toBe(ADMIN.username);
    await expect(page.inputValue('#login-password')).resolves.toBe('');

    await page.fill('#login-password', ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/jobs$/);
    await page.getByRole('heading', { name: 'Bulk classification jobs' }).waitFor();
    // The user menu: name and agency on the button, the role inside; admins see Administration in the nav.
    const menu = page.getByTestId('user-menu');
    await expect(menu.textContent()).resolves.toContain(ADMIN.displayName);
    await expect(menu.textContent()).resolves.toContain('Operator');
    await menu.click();
    await expect(page.getByTestId('user-role').textContent()).resolves.toBe('Administrator');
    await page.getByTestId('nav-admin').waitFor();
    expect(errors).toEqual([]);

    // Signing out from a signed-in page goes back to the start page, anonymous.
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-link').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByTestId('nav-admin').count()).toBe(0);
    await page.close();
  });

  it('creates an API token, shows its secret once with a copy button, and revokes it', async () => {
    const { page, errors } = await signedInPage('/account');
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.fill('#token-name', 'e2e token');
    await page.fill('#token-days', '30');
    await page.getByTestId('token-create').click();
    const box = page.getByTestId('token-secret-box');
    await box.waitFor();
    const secret = await page.inputValue('[data-testid="token-secret"]');
    expect(secret).toMatch(/^nt_/);
    await expect(box.textContent()).resolves.toContain('will not be shown again');
    await box.getByTestId('copy-button').waitFor();
    const row = page.locator('[data-testid="token-table"] tbody tr', { hasText: 'e2e token' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Active');
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'account-en.png'), fullPage: true });

    // The secret works as a bearer token for the API ...
    const asToken = await page.request.get(`${base}/api/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(((await asToken.json()) as { user: { username: string } | null }).user?.username).toBe(ADMIN.username);
    // ... and is never shown again: not after hiding it, not after a reload.
    await page.getByTestId('token-secret-dismiss').click();
    expect(await page.getByTestId('token-secret-box').count()).toBe(0);
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);

    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByTestId('token-revoke-confirm').click();
    await expect.poll(() => row.textContent()).toContain('Revoked');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('submits a small bulk classification job, follows it to done and downloads its result', async () => {
    const { page, errors } = await signedInPage('/jobs');
    await page.getByTestId('job-form').waitFor();
    await page.fill('#job-structures', [FENTANYL, 'CCO', 'C1CC('].join('\n'));
    await expect(page.getByTestId('job-count').textContent()).resolves.toBe('3 structures');
    await page.fill('#job-as-of', AS_OF);
    await page.getByTestId('job-submit').click();
    const row = page.locator('[data-testid="job-table"] tbody tr').first();
    await row.waitFor();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 60_000, interval: 500 }).toBe('done');
    await expect(row.locator('progress').getAttribute('value')).resolves.toBe('100');
    await expect(row.textContent()).resolves.toContain('3 / 3');
    const href = await row.getByTestId('job-download').getAttribute('href');
    expect(href).toMatch(/^\/api\/jobs\/[^/]+\/result$/);
    // The download is the verdicts as JSON Lines, in input order; the bad SMILES is an error line, not a stop.
    const text = await page.evaluate(async (url) => (await fetch(url, { credentials: 'same-origin' })).text(), href!);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { ok?: boolean; jurisdictions?: Record<string, { controlled: boolean }> });
    expect(lines).toHaveLength(3);
    expect(lines[0].jurisdictions?.US?.controlled).toBe(true);
    expect(lines[1].jurisdictions?.US?.controlled).toBe(false);
    expect(lines[2].ok).toBe(false);
    await page.waitForLoadState('networkidle');
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'jobs-en.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('lets an operator admin create an agency and a user of it', async () => {
    const { page, errors } = await signedInPage('/admin');
    await page.getByTestId('agency-table').waitFor();
    await expect(page.getByTestId('agency-table').textContent()).resolves.toContain('Operator');
    await page.fill('#agency-name', 'E2E Laboratory');
    await page.selectOption('#agency-kind', 'laboratory');
    await page.getByTestId('agency-form').getByRole('button', { name: 'Create agency' }).click();
    await page.locator('[data-testid="users"] h2', { hasText: 'E2E Laboratory' }).waitFor();
    await page.fill('#new-username', 'e2e-analyst');
    await page.fill('#new-display-name', 'E2E Analyst');
    await page.selectOption('#new-role', 'analyst');
    await page.fill('#new-password', 'analyst password 1');
    await page.getByTestId('user-form').getByRole('button', { name: 'Create user' }).click();
    await page.locator('[data-testid="user-table"] tbody tr', { hasText: 'e2e-analyst' }).waitFor();
    // A taken user name comes back as the server's ALREADY_EXISTS, and the form keeps what was typed.
    await page.fill('#new-username', 'e2e-analyst');
    await page.fill('#new-password', 'analyst password 2');
    await page.getByTestId('user-form').getByRole('button', { name: 'Create user' }).click();
    await expect(page.getByTestId('user-form').locator('.error-code').textContent()).resolves.toBe('ALREADY_EXISTS');
    await expect(page.inputValue('#new-username')).resolves.toBe('e2e-analyst');
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'admin-en.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('searches a spectral library: hits with their legal status and a mirror plot', async () => {
    const { page, errors } = await signedInPage('/spectra');
    const content = readFileSync(join(root, 'src', 'spectra', '__fixtures__', 'three.msp'), 'utf8');
    const imported = await page.request.post(`${base}/api/spectra/libraries`, { data: { library: 'e2e-library', files: [{ name: 'three.msp', content }] } });
    expect(imported.status()).toBeLessThan(300);
    await page.reload();
    await page.getByTestId('spectra-library').waitFor();
    await page.fill('[data-testid="spectra-peaks"]', '105 120\n146 350\n189 210\n245 999\n246 180\n336 20');
    await page.getByTestId('spectra-search').click();
    await page.getByTestId('spectra-hits').waitFor();
    await expect(page.getByTestId('spectra-hits').textContent()).resolves.toContain('Fentanyl');
    await page.getByTestId('spectra-hit-0').click();
    await page.getByTestId('spectra-detail').waitFor();
    await expect(page.locator('[data-testid="spectra-detail"] svg').count()).resolves.toBeGreaterThan(0);
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'spectra-en.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lists an incident, shows it with what is withheld, in English and 中文', async () => {
    const { page, errors } = await signedInPage('/exchange');
    const created = await page.request.post(`${base}/api/exchange/incidents`, { data: seizure() });
    expect(created.status()).toBe(201);
    const { incident } = (await created.json()) as { incident: { uid: string } };
    await page.reload();
    await page.getByTestId('exchange-incidents').waitFor();
    await page.goto(`${base}/exchange/${incident.uid}`);
    await page.getByTestId('exchange-detail').waitFor();
    await expect(page.getByTestId('exchange-detail').textContent()).resolves.toContain('2026-03-14');
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'exchange-en.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
    const zh = await signedInPage(`/exchange/${incident.uid}`, 'zh');
    await zh.page.getByTestId('exchange-detail').waitFor();
    await expect(zh.page.getByRole('navigation', { name: '主导航' }).textContent()).resolves.toMatch(/[\u4e00-\u9fff]/);
    await zh.page.screenshot({ path: join(screenshotDir, 'exchange-zh.png'), fullPage: true });
    expect(zh.errors).toEqual([]);
    await zh.page.close();
  });

  it('shows the sign-in, account, jobs and admin pages in 中文, with jurisdiction names from the API', async () => {
    const anon = await openPage('/login', 'zh');
    await anon.page.getByRole('heading', { name: '登录' }).waitFor();
    await expect(anon.page.locator('label[for="login-username"]').textContent()).resolves.toBe('用户名');
    await anon.page.close();

    const { page, errors } = await signedInPage('/account', 'zh');
    await page.getByRole('heading', { name: '我的账户' }).waitFor();
    await page.getByRole('heading', { name: 'API 令牌' }).waitFor();
    const nav = page.getByRole('navigation', { name: '主导航' });
    await expect(nav.textContent()).resolves.toContain('批量任务');
    await expect(nav.textContent()).resolves.toContain('管理');
    await page.getByTestId('nav-jobs').click();
    await page.getByRole('heading', { name: '批量判定任务' }).waitFor();
    const picker = page.getByTestId('job-jurisdictions');
    await expect.poll(() => picker.textContent()).toContain('美国');
    await expect(picker.textContent()).resolves.toContain('中国');
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'jobs-zh.png'), fullPage: true });
    await page.getByTestId('nav-admin').click();
    await page.getByRole('heading', { name: '管理', exact: true }).waitFor();
    await page.getByTestId('user-menu').click();
    await expect(page.getByTestId('user-role').textContent()).resolves.toBe('管理员');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('records an incident through the form (keeping what was typed after a server error) and attaches a PNG', async () => {
    const { page, errors } = await signedInPage('/exchange');
    const form = page.getByTestId('incident-form');
    await form.waitFor();
    await page.selectOption('#inc-kind', 'stopped-shipment');
    await page.fill('#inc-occurredOn', '2026-04-02');
    await page.fill('#inc-place-country', 'cn');
    await page.fill('#inc-place-region', 'Shanghai');
    await page.fill('#inc-quantity', '1.5');
    await page.selectOption('#inc-quantity-unit', 'kg');
    await page.fill('#inc-form', 'powder');
    await page.fill('#inc-description-en', 'Form-entered shipment of powder');
    await page.fill('#inc-description-zh', '通过表单录入的粉末货物');
    await page.fill('#inc-route-origin', 'IN');
    await page.fill('#inc-route-transitPoints', 'Singapore, Busan');
    await page.fill('#inc-edas-riskType', 'new psychoactive substance');
    await page.getByRole('checkbox', { name: 'GC-MS' }).check();
    await page.getByTestId('incident-add-party').click();
    await page.fill('#inc-parties-0-personal-name', 'Form Party Ltd');
    await page.getByTestId('incident-add-sample').click();
    await page.fill('#inc-samples-0-structure', 'C1CC(');
    await page.getByTestId('incident-submit').click();
    // The server refuses the structure: its code is shown, the field is marked and focused, nothing typed is lost.
    await expect(form.getByTestId('error').textContent()).resolves.toContain('INVALID_SMILES');
    await expect(page.getAttribute('#inc-samples-0-structure', 'aria-invalid')).resolves.toBe('true');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('inc-samples-0-structure');
    await expect(page.inputValue('#inc-description-zh')).resolves.toBe('通过表单录入的粉末货物');
    await expect(page.inputValue('#inc-parties-0-personal-name')).resolves.toBe('Form Party Ltd');
    await page.fill('#inc-samples-0-structure', FENTANYL);
    await page.getByTestId('incident-submit').click();

    const detail = page.getByTestId('exchange-detail');
    await expect.poll(() => detail.textContent(), { timeout: 15_000 }).toContain('Form-entered shipment of powder');
    await expect(detail.textContent()).resolves.toContain('2026-04-02');
    await expect(detail.textContent()).resolves.toContain('Form Party Ltd');
    await expect(page.inputValue('#inc-description-en')).resolves.toBe('');

    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await page.getByTestId('attachment-file').setInputFiles({ name: 'evidence.png', mimeType: 'image/png', buffer: png });
    await page.getByTestId('attachment-submit').click();
    const link = page.getByTestId('attachment-link');
    await link.waitFor();
    await expect(link.textContent()).resolves.toBe('evidence.png');
    const href = await link.getAttribute('href');
    const file = await page.request.get(`${base}${href}`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('image/png');
    expect(file.headers()['content-disposition']).toMatch(/^attachment; filename="evidence.png"/);
    expect(file.headers()['x-content-type-options']).toBe('nosniff');
    expect(Buffer.from(await file.body()).equals(png)).toBe(true);
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'exchange-form-en.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('imports simulated impurity profiles, calibrates linkage and shows the ROC curve, histograms, a pair, the link graph and route indicators', async () => {
    const { profilesToCsv } = await import('../../src/attribution/profile.js');
    const { simulateProfiles } = await import('../../src/attribution/simulate.js');
    const { page, errors } = await signedInPage('/attribution');
    // A small simulated market (docs/attribution.md): 8 batches × 4 samples, imported through the API.
    const csv = profilesToCsv(simulateProfiles({ seed: 11, batches: 8, samplesPerBatch: 4 }));
    const imported = await page.request.post(`${base}/api/attribution/profiles`, { data: { csv } });
    expect(imported.status()).toBe(200);
    expect(((await imported.json()) as { inserted: string[] }).inserted).toHaveLength(32);
    await page.reload();
    await expect.poll(() => page.getByTestId('attribution-profile-count').textContent()).toContain('32 profiles');

    // One more sample through the form, with a bad line: the line and its column are shown, the rest imported.
    await page.fill('#attribution-csv', 'sample,compound,area\nUI-1,phenethyl-4-ANPP,5\nUI-1,caffeine,-3\n');
    await page.getByTestId('attribution-import-submit').click();
    const problems = page.getByTestId('attribution-import-problems');
    await problems.waitFor();
    await expect(problems.textContent()).resolves.toContain('INVALID_PROFILE_CSV');
    await expect(problems.locator('tbody td').first().textContent()).resolves.toBe('3');
    await expect(problems.locator('tbody td').nth(1).textContent()).resolves.toBe('area');
    await expect.poll(() => page.getByTestId('attribution-profile-count').textContent()).toContain('33 profiles');

    await page.fill('#attribution-cal-name', 'e2e simulated');
    await page.getByTestId('attribution-calibrate').click();
    const roc = page.getByTestId('attribution-roc');
    await roc.waitFor({ timeout: 30_000 });
    expect(await roc.locator('svg path.chart-roc').count()).toBe(1);
    await expect(roc.locator('svg path.chart-roc').getAttribute('d')).resolves.toMatch(/^M[\d.]+,[\d.]+ L/);
    await page.getByTestId('attribution-hist-threshold').waitFor({ state: 'attached' });
    await expect(page.getByTestId('attribution-tpr').textContent()).resolves.toContain('95% CI');
    await expect(page.getByTestId('attribution-fpr').textContent()).resolves.toContain('95% CI');
    expect(await page.locator('[data-testid="attribution-candidates"] td[data-chosen]').count()).toBe(1);

    await page.selectOption('[data-testid="attribution-pair-a"]', 'B001-S1');
    await page.selectOption('[data-testid="attribution-pair-b"]', 'B001-S2');
    await page.getByTestId('attribution-pair-submit').click();
    await expect.poll(() => page.getByTestId('attribution-pair-verbal').textContent()).toContain('support for a common source');
    await page.getByTestId('attribution-pair-chart').waitFor();
    await expect(page.getByTestId('attribution-matches').textContent()).resolves.toContain('B001-S');

    await page.getByTestId('attribution-clusters').waitFor();
    expect(await page.locator('[data-testid="attribution-graph"] svg circle').count()).toBeGreaterThan(4);

    await page.selectOption('[data-testid="attribution-indicator-sample"]', { label: 'UI-1' });
    await expect
      .poll(() => page.getByTestId('attribution-indicator-phenethyl-4-anpp').textContent())
      .toContain('phenethyl-4-ANPP present: reported as a by-product of one-pot routes (Vandeputte et al. 2021).');
    await expect(page.getByTestId('attribution-caveat').textContent()).resolves.toContain('Not an identification');
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'attribution-en.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
  it('screens an order with a designer precursor and a listed party: decision, explained red flags, "no data" side, party hit; a reviewer decides; 中文 renders', async () => {
    const { page, errors } = await signedInPage('/screening');
    await page.getByTestId('screening-form').waitFor();
    // A block list through the import panel (a generic CSV), so the parties are screened against something.
    await page.selectOption('#scr-import-format', 'csv');
    await page.fill('#scr-import-list', 'E2E-BLOCK');
    await page.fill('#scr-import-version', '2026-01-01');
    const csv = 'id,name,type,programs\n9,"SHANGHAI CISHUN FINE CHEMICAL CO, LTD.",entity,SDNTK\n10,Acme Trading,entity,\n';
    await page.getByTestId('screening-import-file').setInputFiles({ name: 'block.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('screening-import-submit').click();
    await expect(page.getByTestId('screening-import-done').textContent()).resolves.toContain('E2E-BLOCK 2026-01-01');
    await expect(page.getByTestId('screening-list-versions').textContent()).resolves.toContain('E2E-BLOCK');

    // The order: Cbz-protected 4-AP from China to Mexico, the customer named in Han characters.
    await page.fill('#scr-id', 'PO-E2E-1');
    await page.fill('#scr-date', AS_OF);
    await page.fill('#scr-exporter-name', 'Zhejiang Export Co., Ltd.');
    await page.fill('#scr-exporter-country', 'CN');
    await page.fill('#scr-customer-name', '上海慈顺精细化工有限公司');
    await page.fill('#scr-customer-country', 'MX');
    await page.fill('#scr-lines-0-name', 'Cbz-4-AP');
    await page.fill('#scr-lines-0-structure', 'O=C(OCc1ccccc1)N1CCC(Nc2ccccc2)CC1');
    await page.fill('#scr-lines-0-quantity', 'twenty');
    await page.selectOption('#scr-payment-method', 'crypto');
    await page.fill('#scr-endUse', 'research');
    await page.getByTestId('screening-submit').click();
    // The server refuses the quantity: its code is shown, the field marked and focused, nothing typed is lost.
    const form = page.getByTestId('screening-form');
    await expect(form.getByTestId('error').locator('.error-code').textContent()).resolves.toBe('INVALID_ORDER');
    await expect(page.getAttribute('#scr-lines-0-quantity', 'aria-invalid')).resolves.toBe('true');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('scr-lines-0-quantity');
    await expect(page.inputValue('#scr-customer-name')).resolves.toBe('上海慈顺精细化工有限公司');
    await page.fill('#scr-lines-0-quantity', '25');
    await page.getByTestId('screening-submit').click();

    const result = page.getByTestId('screening-result');
    await result.waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('screening-decision-badge').textContent()).resolves.toBe('Block');
    await expect(page.getByTestId('screening-score').textContent()).resolves.toBe('100');
    const flags = page.getByTestId('screening-flags');
    for (const rule of ['SANCTIONS-MATCH-STRONG', 'DESIGNER-PRECURSOR', 'FINCEN-A002-VIRTUAL-CURRENCY', 'END-USE-INCONSISTENT']) expect(await flags.locator(`tr[data-rule="${rule}"]`).count()).toBe(1);
    await expect(flags.locator('tr[data-rule="DESIGNER-PRECURSOR"]').textContent()).resolves.toContain('+35');
    // Per side: not controlled in China, no data for Mexico (not "not controlled").
    await expect(page.getByTestId('screening-product-1-export').getAttribute('data-status')).resolves.toBe('not controlled');
    const imp = page.getByTestId('screening-product-1-import');
    await expect(imp.getAttribute('data-status')).resolves.toBe('no data');
    await expect(imp.textContent()).resolves.toContain('no data');
    // The designer-precursor explanation: the scaffold and the group that differs.
    const designer = page.getByTestId('screening-product-1-designer');
    await expect(designer.textContent()).resolves.toContain('4-Anilinopiperidine (4-AP)');
    await expect(designer.textContent()).resolves.toContain('benzyloxycarbonyl (Cbz) protecting group');
    // The product is drawn by the server, the scaffold and the added group in two colours.
    await page.getByTestId('screening-product-1').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const el = document.querySelector<HTMLImageElement>('[data-testid="screening-product-1"] [data-testid="depiction"]');
      return !!el && el.complete && el.naturalWidth > 0;
    });
    await expect(page.getByTestId('screening-product-1').getByTestId('depiction').getAttribute('data-highlight-mode')).resolves.toBe('two');
    // The customer's hit, with its score and what matched.
    const hits = page.getByTestId('screening-party-hits-1');
    await expect(hits.textContent()).resolves.toContain('SHANGHAI CISHUN FINE CHEMICAL CO, LTD.');
    await expect(hits.locator('tr[data-match="strong"]').count()).resolves.toBe(1);
    await expect(hits.textContent()).resolves.toMatch(/name[\s\S]*ci shun/);
    await page.waitForLoadState('networkidle');
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'screening-en.png'), fullPage: true });

    // It is kept in the agency's record; open it and record a reviewer's decision.
    const row = page.locator('[data-testid="screening-history-table"] tbody tr').first();
    await expect.poll(() => row.textContent()).toContain('上海慈顺精细化工有限公司');
    const id = await row.getAttribute('data-id');
    await row.getByRole('link').click();
    await page.waitForURL(new RegExp(`/screening/${id}$`));
    await page.getByTestId('screening-review').waitFor();
    await page.getByRole('radio', { name: 'Block' }).check();
    await page.fill('#scr-decision-reason', 'Customer is on the E2E block list; designer precursor.');
    await page.getByTestId('screening-decision-submit').click();
    await expect.poll(() => page.getByTestId('screening-decisions').textContent().catch(() => '')).toContain(ADMIN.username);
    await expect(page.getByTestId('screening-decisions').textContent()).resolves.toContain('designer precursor');
    expect(errors).toEqual([]);
    await page.close();

    const zh = await signedInPage(`/screening/${id}`, 'zh');
    await zh.page.getByTestId('screening-result').waitFor();
    await zh.page.getByRole('heading', { name: '易制毒化学品“了解你的客户”筛查' }).waitFor();
    await expect(zh.page.getByTestId('screening-decision-badge').textContent()).resolves.toBe('拦截');
    await expect(zh.page.getByTestId('screening-decision').textContent()).resolves.toContain('SANCTIONS-MATCH-STRONG 单独即需拦截');
    await expect(zh.page.getByTestId('screening-flags').textContent()).resolves.toContain('“设计型”前体');
    await expect(zh.page.getByTestId('screening-product-1-designer').textContent()).resolves.toContain('苄氧羰基（Cbz）保护基');
    await expect(zh.page.getByTestId('screening-product-1-import').textContent()).resolves.toContain('无数据');
    await expect(zh.page.getByRole('navigation', { name: '主导航' }).textContent()).resolves.toContain('客户尽职筛查');
    expect(zh.errors).toEqual([]);
    await zh.page.close();
  }, 120_000);
});
