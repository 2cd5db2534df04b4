// Headless Chromium for the web client's journeys: Debian's browser through playwright-core, a
// context per person, and axe-core on a screen as it stands.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const SHOTS = process.env.FOLIO_SHOTS || path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.tmp');
export const WAIT = { timeout: 20_000 };
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * launchBrowser starts Chromium and returns { browser, errors, open(locale), audit(page, name),
 * close() }: open makes a context and page (every uncaught page error lands in errors), audit
 * runs axe-core, saves a screenshot to SHOTS and fails on a serious or critical violation.
 */
export async function launchBrowser() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  await mkdir(SHOTS, { recursive: true });
  const errors = [];
  async function open(locale = 'en-US') {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(String(err)));
    return { context, page };
  }
  async function audit(page, name) {
    await page.addScriptTag({ path: AXE });
    const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`), [], `axe on ${name}`);
  }
  return { browser, errors, open, audit, close: () => browser.close() };
}

/** signInUI signs in through the client's sign-in form and waits to leave it. */
export async function signInUI(page, url, email, password, next = '/') {
  await page.goto(`${url}/signin?next=${encodeURIComponent(next)}`);
  await page.locator('#si-email').fill(email);
  await page.locator('#si-password').fill(password);
  await page.locator('#sign-in button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'), WAIT);
}
