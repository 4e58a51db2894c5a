/**
 * HTML → PDF with the Debian Chromium through playwright-core (the adapter of the briefing's PDF). It
 * never downloads a browser: it launches the given executable (default /usr/bin/chromium) with
 * networking, updates and sync off, and the page may not fetch anything (every request is aborted;
 * the briefing is self-contained).
 */
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function htmlToPdf(html: string, options: { executablePath?: string } = {}): Promise<Buffer> {
  const executablePath = options.executablePath ?? CHROMIUM;
  if (!existsSync(executablePath)) throw new Error(`${executablePath} is not installed (apt-get install chromium fonts-noto-cjk); the PDF cannot be made.`);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '12mm', right: '12mm' } });
  } finally {
    await browser.close();
  }
}
