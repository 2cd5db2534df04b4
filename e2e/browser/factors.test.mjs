// The security screens of the web client in a real headless Chromium against the real binary:
// a person sets up an authenticator app from its QR code's key, sees its recovery codes once,
// signs in again through the second-step screen, adds a passkey with the browser's (virtual)
// authenticator and signs in with it alone; axe-core audits each screen.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';

import { chromium } from 'playwright-core';

import { startFolio } from '../lib/server.mjs';
import { totp } from '../lib/totp.mjs';
import { newUser, randomSecret } from '../lib/users.mjs';

const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP localhost 127.0.0.1'];
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WAIT = { timeout: 20_000 };

describe('security screens', () => {
  let server;
  let browser;
  let origin;
  before(async () => {
    server = await startFolio({ mail: false, env: { FOLIO_FACTOR_KEY: `browser-${randomSecret(24)}` } });
    origin = server.url.replace('127.0.0.1', 'localhost');
    const admin = await server.admin();
    await admin.settings.update({ meta: { appURL: origin } });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  });
  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  async function audit(page, name) {
    await page.addScriptTag({ path: AXE });
    const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`), [], `axe on ${name}`);
  }

  async function signInForm(page, u, next) {
    await page.goto(`${origin}/signin?next=${encodeURIComponent(next)}`);
    await page.locator('#si-email').fill(u.email);
    await page.locator('#si-password').fill(u.password);
    await page.locator('#sign-in button[type=submit]').click();
  }

  it('authenticator app: set up, recovery codes, second-step sign-in; then a passkey', { timeout: 120_000 }, async () => {
    const u = await newUser(server, { prefix: 'screens' });
    const slug = `sf-${randomSecret(4)}`;
    const space = await u.pb.collection('spaces').create({ slug, name: 'Policy space', visibility: 'private', source_locale: 'en', locales: ['en'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', { options: { protocol: 'ctap2', transport: 'internal',
      hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true } });

    await signInForm(page, u, '/account/security');
    await page.waitForURL((url) => url.pathname === '/account/security', WAIT);
    await page.locator('#totp-start').click();
    const secret = (await page.locator('#totp-secret').textContent()).trim();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.match(await page.locator('img[src^="data:image/png"]').getAttribute('alt'), /QR/);
    await page.locator('#fa-code').fill(totp(secret));
    await page.locator('#totp-confirm button[type=submit]').click();
    await page.locator('#recovery-codes li').first().waitFor(WAIT);
    assert.equal(await page.locator('#recovery-codes li').count(), 10);
    await audit(page, 'security with recovery codes');

    // sign out, sign in again: the password leads to the second-step screen
    await page.evaluate(() => localStorage.clear());
    await signInForm(page, u, '/account/security');
    await page.waitForURL((url) => url.pathname === '/signin/second-step', WAIT);
    await audit(page, 'second step');
    await page.locator('#ss-code').fill('000000' === totp(secret, 1) ? '000001' : '000000');
    await page.locator('#second-step button[type=submit]').click();
    await page.locator('#second-step-error').waitFor(WAIT);
    assert.match(await page.locator('#second-step-error').textContent(), /not right/);
    await page.locator('#ss-code').fill(totp(secret, 1));
    await page.locator('#second-step button[type=submit]').click();
    await page.waitForURL((url) => url.pathname === '/account/security', WAIT);
    await page.locator('#factors tbody tr[data-factor]').nth(1).waitFor(WAIT);

    // add a passkey, sign out, sign in with it alone
    await page.locator('#fa-pk-name').fill('Test laptop');
    await page.locator('#passkey-add button[type=submit]').click();
    await page.locator('#factors tbody tr', { hasText: 'Test laptop' }).waitFor(WAIT);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${origin}/signin?next=/account`);
    await page.locator('#si-passkey').click();
    await page.waitForURL((url) => url.pathname === '/account', WAIT);
    await page.locator('#devices tbody tr', { hasText: 'passkey' }).first().waitFor(WAIT);

    // with a factor of its own, the owner requires one of the space's editors in its settings
    await page.goto(`${origin}/s/${slug}/-/manage`);
    await page.locator('#st-2fa').selectOption('editors');
    await audit(page, 'space settings');
    await page.locator('#space-settings button[type=submit]').click();
    await page.locator('p.ok[role=status]', { hasText: 'Settings saved.' }).waitFor(WAIT);
    const admin = await server.admin();
    assert.equal((await admin.collection('spaces').getOne(space.id)).second_factor, 'editors');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('space settings: requiring a second factor without one of your own is refused, and says what to do', { timeout: 60_000 }, async () => {
    const u = await newUser(server, { prefix: 'nofactor' });
    const slug = `sf-${randomSecret(4)}`;
    const space = await u.pb.collection('spaces').create({ slug, name: 'No factor space', visibility: 'private', source_locale: 'en', locales: ['en'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInForm(page, u, `/s/${slug}/-/manage`);
    await page.waitForURL((url) => url.pathname === `/s/${slug}/-/manage`, WAIT);
    await page.locator('#st-2fa').selectOption('members');
    await page.locator('#space-settings button[type=submit]').click();
    await page.locator('#st-2fa-error').waitFor(WAIT);
    assert.match(await page.locator('#st-2fa-error').textContent(), /Set up a second factor for yourself/);
    const admin = await server.admin();
    assert.equal((await admin.collection('spaces').getOne(space.id)).second_factor, '');
    await context.close();
  });
});
