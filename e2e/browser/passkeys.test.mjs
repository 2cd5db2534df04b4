// Passkeys in a real headless Chromium against the real binary, with the DevTools protocol's
// virtual authenticators (WebAuthn.addVirtualAuthenticator): a user registers a passkey through
// the JS SDK, signs in with it without a password, and uses it as the second step of a password
// sign-in; a second browser with another authenticator cannot use it, and a replayed, re-aimed
// or other-origin assertion is refused. WebAuthn needs a domain, so the page is opened at
// http://localhost:PORT (a secure context) while the server listens on 127.0.0.1.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { chromium } from 'playwright-core';

import { getTokenPayload } from 'pocketbase';

import { rejects } from '../lib/expect.mjs';
import { startFolio } from '../lib/server.mjs';
import { newUser } from '../lib/users.mjs';

const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP localhost 127.0.0.1'];
// the SDK's browser build, beside the entry point the package exports
const SDK = path.join(path.dirname(createRequire(import.meta.url).resolve('pocketbase')), 'pocketbase.umd.js');
const T = { timeout: 120_000 };

describe('passkeys in a browser', () => {
  let server;
  let browser;
  let origin;
  before(async () => {
    server = await startFolio({ mail: false });
    origin = server.url.replace('127.0.0.1', 'localhost');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  });
  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  /** setAppURL points the relying party at url through the settings, as an admin does. */
  async function setAppURL(url) {
    const admin = await server.admin();
    await admin.settings.update({ meta: { appURL: url } });
  }

  /** device opens a browser context with its own virtual authenticator, on a page with the SDK. */
  async function device() {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true,
        isUserVerified: true, automaticPresenceSimulation: true },
    });
    await page.goto(`${origin}/api/health`);
    await page.addScriptTag({ path: SDK });
    await page.evaluate((url) => {
      window.pb = new window.PocketBase(url);
      window.pb.autoCancellation(false);
      // signInWithPasskey: the whole passwordless ceremony; returns the assertion it sent too
      window.passkeySignIn = async () => {
        const begin = await window.pb.send('/api/folio/passkeys/signin/begin', { method: 'POST' });
        const cred = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(begin.publicKey) });
        const credential = cred.toJSON();
        const res = await window.pb.send('/api/folio/passkeys/signin/finish', { method: 'POST', body: { challengeId: begin.challengeId, credential } });
        window.pb.authStore.save(res.token, res.record);
        return { challengeId: begin.challengeId, credential, token: res.token };
      };
      window.tryFinish = async (path, body) => {
        try {
          await window.pb.send(path, { method: 'POST', body });
          return { status: 200 };
        } catch (err) {
          return { status: err.status, data: err.response?.data ?? {} };
        }
      };
    }, origin);
    return { context, page, cdp, authenticatorId };
  }

  it('registers a passkey and signs in with it; another authenticator cannot; replays are refused', T, async () => {
    const u = await newUser(server, { prefix: 'passkey' });

    // an IP address is no relying party: the ceremony is refused with a reason, not a 500
    await setAppURL(server.url);
    const ipRefused = await rejects(u.pb.send('/api/folio/passkeys/register/begin', { method: 'POST', body: {} }), 503);
    assert.equal(ipRefused.response.data.passkey.code, 'unavailable');
    await setAppURL(origin);

    const a = await device();
    const registered = await a.page.evaluate(async ({ email, password }) => {
      await window.pb.collection('users').authWithPassword(email, password);
      const begin = await window.pb.send('/api/folio/passkeys/register/begin', { method: 'POST', body: { name: 'Laptop' } });
      const cred = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(begin.publicKey) });
      const done = await window.pb.send('/api/folio/passkeys/register/finish', { method: 'POST', body: { challengeId: begin.challengeId, credential: cred.toJSON() } });
      const factors = await window.pb.collection('factors').getFullList();
      window.pb.authStore.clear();
      return { done, factors };
    }, { email: u.email, password: u.password });
    assert.equal(registered.done.name, 'Laptop');
    assert.equal(registered.done.recoveryCodes.length, 10, 'the first factor brings recovery codes');
    assert.deepEqual(registered.factors.map((f) => f.kind).sort(), ['passkey', 'recovery']);
    const { credentials } = await a.cdp.send('WebAuthn.getCredentials', { authenticatorId: a.authenticatorId });
    assert.equal(credentials.length, 1);
    assert.equal(credentials[0].isResidentCredential, true, 'a discoverable credential');

    // passwordless sign-in with the passkey, through the SDK
    const signedIn = await a.page.evaluate(() => window.passkeySignIn());
    const sid = getTokenPayload(signedIn.token).sid;
    const method = await a.page.evaluate((id) => window.pb.collection('sessions').getOne(id).then((s) => s.method), sid);
    assert.equal(method, 'passkey');

    // the same assertion again: its challenge is used up
    const replay = await a.page.evaluate((body) => window.tryFinish('/api/folio/passkeys/signin/finish', body),
      { challengeId: signedIn.challengeId, credential: signedIn.credential });
    assert.equal(replay.status, 400);
    assert.equal(replay.data.challengeId.code, 'mfa_expired');
    // …and aimed at a fresh challenge: it signs another one, so it does not verify
    const reaimed = await a.page.evaluate(async (credential) => {
      const begin = await window.pb.send('/api/folio/passkeys/signin/begin', { method: 'POST' });
      return window.tryFinish('/api/folio/passkeys/signin/finish', { challengeId: begin.challengeId, credential });
    }, signedIn.credential);
    assert.equal(reaimed.status, 400);
    assert.equal(reaimed.data.credential.code, 'invalid_passkey');

    // a second browser with its own authenticator has no passkey for this site
    const b = await device();
    const other = await b.page.evaluate(async () => {
      try {
        await window.passkeySignIn();
        return 'signed in';
      } catch (err) {
        return err.name;
      }
    });
    assert.equal(other, 'NotAllowedError', 'the other authenticator offers nothing');
    // and the first browser's assertion, sent from the second, does not sign it in
    const stolen = await b.page.evaluate(async (credential) => {
      const begin = await window.pb.send('/api/folio/passkeys/signin/begin', { method: 'POST' });
      return window.tryFinish('/api/folio/passkeys/signin/finish', { challengeId: begin.challengeId, credential });
    }, signedIn.credential);
    assert.equal(stolen.status, 400);

    // an assertion made for this origin, checked after the app URL moved elsewhere: refused
    const moved = await a.page.evaluate(async () => {
      const begin = await window.pb.send('/api/folio/passkeys/signin/begin', { method: 'POST' });
      const cred = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(begin.publicKey) });
      return { challengeId: begin.challengeId, credential: cred.toJSON() };
    });
    await setAppURL(origin.replace(/:\d+$/, ':1'));
    const wrongOrigin = await a.page.evaluate((body) => window.tryFinish('/api/folio/passkeys/signin/finish', body), moved);
    assert.equal(wrongOrigin.status, 400);
    assert.equal(wrongOrigin.data.credential.code, 'invalid_passkey');
    await setAppURL(origin);

    // the passkey as the second step of a password sign-in
    const second = await a.page.evaluate(async ({ email, password }) => {
      window.pb.authStore.clear();
      let mfaId;
      try {
        await window.pb.collection('users').authWithPassword(email, password);
      } catch (err) {
        mfaId = err.response?.mfaId;
      }
      const begin = await window.pb.send('/api/folio/factors/passkey/begin', { method: 'POST', body: { mfaId } });
      const cred = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(begin.publicKey) });
      const res = await window.pb.send('/api/folio/factors/passkey/finish', { method: 'POST', body: { mfaId, credential: cred.toJSON() } });
      window.pb.authStore.save(res.token, res.record);
      const sid = JSON.parse(atob(res.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sid;
      return { mfaId, method: (await window.pb.collection('sessions').getOne(sid)).method };
    }, { email: u.email, password: u.password });
    assert.ok(second.mfaId, 'a passkey makes the password step answer with an mfaId');
    assert.equal(second.method, 'password+passkey');

    await a.context.close();
    await b.context.close();
  });
});
