// Lighthouse on signed-in pages (used by scripts/audit.py, `make audit`).
//
//   node scripts/lighthouse-pages.mjs PAGES.json OUT_DIR
//
// PAGES.json: [{name, url, login: {base, email, password} | null, desktop}]. For each page
// Chromium is started (CHROME_PATH, --headless=new --no-sandbox --disable-gpu); when the
// page needs an account, puppeteer-core signs in through the app's own form first, and
// Lighthouse then runs with the storage kept (the app remembers its user in IndexedDB and
// the session cookie), so it audits the signed-in screen. Prints one JSON line per page:
// {name, scores: {category: 0-100}}.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import puppeteer from 'puppeteer-core';
import lighthouse, { desktopConfig } from 'lighthouse';

const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

async function signIn(port, login) {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}` });
  const page = await browser.newPage();
  await page.goto(`${login.base}/`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('#login-email');
  await page.type('#login-email', login.email);
  await page.type('#login-password', login.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('nav.bottom, .hr-tabs', { timeout: 30000 });
  await page.close();
  browser.disconnect();
}

async function audit(p, out) {
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH || '/usr/bin/chromium', chromeFlags: FLAGS });
  try {
    if (p.login) await signIn(chrome.port, p.login);
    const flags = { port: chrome.port, output: 'json', onlyCategories: CATEGORIES, disableStorageReset: !!p.login, logLevel: 'error' };
    const result = await lighthouse(p.url, flags, p.desktop ? desktopConfig : undefined);
    writeFileSync(out, result.report);
    const scores = Object.fromEntries(Object.entries(result.lhr.categories).map(([k, v]) => [k, Math.round(100 * (v.score || 0))]));
    return { name: p.name, scores, final: result.lhr.finalDisplayedUrl };
  } finally {
    await chrome.kill();
  }
}

const [pagesFile, outDir] = process.argv.slice(2);
const pages = JSON.parse(readFileSync(pagesFile, 'utf8'));
for (const [n, p] of pages.entries()) console.log(JSON.stringify(await audit(p, join(outDir, `page-${n}.json`))));
