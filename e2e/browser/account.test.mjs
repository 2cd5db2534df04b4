// The web client's account pages in headless Chromium against the real binary: signing in with
// a mailed one-time code, OAuth2 through a small OpenID Connect provider started here on
// 127.0.0.1, and the verification, password reset and email change pages opened from the links
// PocketBase mails (its templates point at the client). axe-core on every screen.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';

import { startFolio } from '../lib/server.mjs';
import { newEmail, newPassword, newUser } from '../lib/users.mjs';
import { launchBrowser, signInUI, WAIT } from '../lib/browser.mjs';

// The address part of a link in a mail to `to` whose path matches kind (e.g. confirm/verification).
async function mailedLink(server, to, kind) {
  const re = new RegExp(`https?://[^\\s"<>]+/${kind}/[A-Za-z0-9_\\-.]+`);
  const { match } = await server.mailbox.waitFor(to, re);
  return match[0];
}

/**
 * startOIDC runs the smallest OpenID Connect provider PocketBase's `oidc` provider can use on
 * 127.0.0.1: /authorize sends the browser back with a code for the person it was started for,
 * /token trades the code (checking the client secret and PKCE verifier are sent) for an access
 * token, /userinfo answers who holds that token. Returns { url, clientId, clientSecret, seen, close }.
 */
async function startOIDC(person) {
  const clientId = 'folio-test';
  const clientSecret = randomBytes(12).toString('hex');
  const codes = new Map();
  const tokens = new Map();
  const seen = { authorize: 0, token: 0, userinfo: 0 };
  const srv = http.createServer(async (req, res) => {
    const u = new URL(req.url, 'http://127.0.0.1');
    if (u.pathname === '/authorize') {
      seen.authorize++;
      const redirect = u.searchParams.get('redirect_uri');
      if (u.searchParams.get('client_id') !== clientId || !redirect || !u.searchParams.get('code_challenge')) {
        res.writeHead(400).end('bad authorize request'); return;
      }
      const code = randomBytes(8).toString('hex');
      codes.set(code, true);
      const back = new URL(redirect);
      back.searchParams.set('code', code);
      back.searchParams.set('state', u.searchParams.get('state') || '');
      res.writeHead(302, { Location: back.toString() }).end();
      return;
    }
    if (u.pathname === '/token' && req.method === 'POST') {
      seen.token++;
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      const basic = (req.headers.authorization || '').replace(/^Basic /, '');
      const [id, secret] = basic ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent) : [form.get('client_id'), form.get('client_secret')];
      if (id !== clientId || secret !== clientSecret || !codes.delete(form.get('code')) || !form.get('code_verifier')) {
        res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'invalid_grant' })); return;
      }
      const token = randomBytes(12).toString('hex');
      tokens.set(token, person);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
      return;
    }
    if (u.pathname === '/userinfo') {
      seen.userinfo++;
      const who = tokens.get((req.headers.authorization || '').replace(/^Bearer /, ''));
      if (!who) { res.writeHead(401).end(); return; }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(who));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${srv.address().port}`;
  return { url, clientId, clientSecret, seen, close: () => new Promise((resolve) => { srv.closeAllConnections?.(); srv.close(resolve); }) };
}

describe('web client account pages', () => {
  let server;
  let chrome;

  before(async () => {
    server = await startFolio();
    chrome = await launchBrowser();
  });
  after(async () => {
    if (chrome) await chrome.close();
    if (server) await server.stop();
  });

  it('signs up, and the verification link mailed lands on the client and verifies', { timeout: 120_000 }, async () => {
    const { context, page } = await chrome.open();
    const email = newEmail('web-verify');
    const password = newPassword();
    await page.goto(`${server.url}/signup`);
    await page.locator('#su-name').fill('Verifier');
    await page.locator('#su-email').fill(email);
    await page.locator('#su-password').fill(password);
    await chrome.audit(page, 'account-signup');
    await page.locator('#sign-up button[type=submit]').click();
    await page.waitForURL((u) => u.pathname === '/', WAIT);

    const link = await mailedLink(server, email, 'confirm/verification');
    assert.ok(link.startsWith(`${server.url}/confirm/verification/`), `the mail links to the client: ${link}`);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Verify your email' }).waitFor(WAIT);
    await page.getByRole('status').filter({ hasText: 'Done.' }).waitFor(WAIT);
    await chrome.audit(page, 'account-verified');
    const admin = await server.admin();
    const user = await admin.collection('users').getFirstListItem(admin.filter('email = {:e}', { e: email }));
    assert.equal(user.verified, true);

    // A used or made-up token says so instead of "done".
    await page.goto(`${server.url}/confirm/verification/not-a-token`);
    await page.getByRole('alert').waitFor(WAIT);
    assert.equal(await page.getByRole('status').filter({ hasText: 'Done.' }).count(), 0);
    await context.close();
  });

  it('resets a forgotten password from the mailed link, and the new password signs in', { timeout: 120_000 }, async () => {
    const u = await newUser(server, { prefix: 'web-reset', name: 'Forgetful' });
    const { context, page } = await chrome.open();
    await page.goto(`${server.url}/signin`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.locator('#fg-email').fill(u.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByRole('status').filter({ hasText: 'a link to choose a new password is on its way' }).waitFor(WAIT);
    await chrome.audit(page, 'account-forgot');

    const link = await mailedLink(server, u.email, 'confirm/password-reset');
    assert.ok(link.startsWith(`${server.url}/confirm/password-reset/`), link);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor(WAIT);
    await chrome.audit(page, 'account-reset');
    const fresh = newPassword();
    await page.locator('#cf-pw').fill(fresh);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('status').filter({ hasText: 'Done.' }).waitFor(WAIT);

    await page.getByRole('link', { name: 'Sign in' }).last().click();
    await page.locator('#si-email').fill(u.email);
    await page.locator('#si-password').fill(u.password);
    await page.locator('#sign-in button[type=submit]').click();
    await page.getByRole('alert').waitFor(WAIT); // the old password no longer works
    await signInUI(page, server.url, u.email, fresh);
    await page.getByTestId('account-link').filter({ hasText: 'Forgetful' }).waitFor(WAIT);
    await context.close();
  });

  it('changes the email: the confirmation link mailed to the new address lands on the client', { timeout: 120_000 }, async () => {
    const u = await newUser(server, { prefix: 'web-email', name: 'Mover', verified: true });
    const { context, page } = await chrome.open();
    await signInUI(page, server.url, u.email, u.password, '/account');
    const next = newEmail('web-email-new');
    await page.locator('#ce-email').fill(next);
    await page.getByRole('button', { name: 'Send a confirmation link' }).click();
    await page.getByText('Check the new address for a confirmation link.').waitFor(WAIT);

    const link = await mailedLink(server, next, 'confirm/email-change');
    assert.ok(link.startsWith(`${server.url}/confirm/email-change/`), link);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Confirm your new email' }).waitFor(WAIT);
    await chrome.audit(page, 'account-email-change');
    await page.locator('#cf-pw').fill(u.password);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('status').filter({ hasText: 'Done.' }).waitFor(WAIT);

    await signInUI(page, server.url, next, u.password);
    await page.getByTestId('account-link').filter({ hasText: 'Mover' }).waitFor(WAIT);
    await context.close();
  });

  it('signs in with a one-time code read from the mail', { timeout: 120_000 }, async () => {
    const admin = await server.admin();
    await admin.collections.update('users', { otp: { enabled: true } });
    const u = await newUser(server, { prefix: 'web-otp', name: 'Coder' });
    const { context, page } = await chrome.open();
    await page.goto(`${server.url}/signin`);
    await page.locator('#si-email').fill(u.email);
    await page.getByRole('button', { name: 'Email me a code instead' }).click();
    await page.getByRole('status').filter({ hasText: 'A one-time code was mailed to you.' }).waitFor(WAIT);
    await chrome.audit(page, 'account-otp');
    const { match } = await server.mailbox.waitFor(u.email, /\b(\d{6,})\b/);

    // A wrong code is refused on the page; the mailed one signs in.
    const wrong = match[1] === '000000' ? '111111' : '000000';
    await page.locator('#si-otp').fill(wrong);
    await page.getByRole('button', { name: 'Sign in with the code' }).click();
    await page.getByRole('alert').waitFor(WAIT);
    await page.locator('#si-otp').fill(match[1]);
    await page.getByRole('button', { name: 'Sign in with the code' }).click();
    await page.waitForURL((x) => x.pathname === '/', WAIT);
    await page.getByTestId('account-link').filter({ hasText: 'Coder' }).waitFor(WAIT);
    await context.close();
  });

  it('lists the configured OAuth2 providers and signs in through one (OpenID Connect on 127.0.0.1)', { timeout: 120_000 }, async () => {
    const email = newEmail('web-oidc');
    const oidc = await startOIDC({ sub: `sub-${randomBytes(4).toString('hex')}`, name: 'Olive Oidc', email, email_verified: true });
    try {
      const admin = await server.admin();
      await admin.collections.update('users', {
        oauth2: {
          enabled: true,
          providers: [{
            name: 'oidc', displayName: 'Test Identity', clientId: oidc.clientId, clientSecret: oidc.clientSecret,
            authURL: `${oidc.url}/authorize`, tokenURL: `${oidc.url}/token`, userInfoURL: `${oidc.url}/userinfo`,
          }],
        },
      });
      const { context, page } = await chrome.open();
      await page.goto(`${server.url}/signin`);
      const button = page.getByRole('button', { name: 'Continue with Test Identity' });
      await button.waitFor(WAIT);
      await chrome.audit(page, 'account-oauth2');
      const popup = context.waitForEvent('page', WAIT);
      await button.click();
      await popup;
      await page.waitForURL((x) => x.pathname === '/', WAIT);
      await page.getByTestId('account-link').filter({ hasText: 'Olive Oidc' }).waitFor(WAIT);
      assert.deepEqual(oidc.seen, { authorize: 1, token: 1, userinfo: 1 });
      const user = await admin.collection('users').getFirstListItem(admin.filter('email = {:e}', { e: email }));
      assert.equal(user.verified, true);
      // The sign-in made a Folio session the person sees under "your devices".
      await page.goto(`${server.url}/account`);
      await page.locator('#devices tbody tr').first().waitFor(WAIT);
      await context.close();
    } finally {
      await oidc.close();
    }
  });

  it('threw no error on any page', () => {
    assert.deepEqual(chrome.errors, []);
  });
});
