// The reference web client (pb_public) in a real Chromium, served by the real binary: sign in
// through the form, create a space, see it listed, and see data rendered as text, never as HTML;
// open an invitation link from the mail, sign in on the landing page and accept.
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { startFolio } from '../lib/server.mjs';
import { newEmail, newUser, randomSecret, signUp, verifyEmail } from '../lib/users.mjs';

const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.join(HERE, '..', '.tmp');
// The client under test is this checkout's, wherever the binary lives.
const PUBLIC_DIR = path.resolve(HERE, '..', '..', 'pb_public');
const UI_WAIT = { timeout: 20_000 };

describe('reference web client', () => {
  let server;
  let context;
  let profile;
  const pageErrors = [];

  before(async () => {
    server = await startFolio({ args: [`--publicDir=${PUBLIC_DIR}`] });
    profile = await mkdtemp(path.join(os.tmpdir(), 'folio-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000,
    });
  });
  after(async () => {
    if (context) await context.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    if (server) await server.stop();
  });

  it('signs in, creates a space and lists it, showing names as text', { timeout: 120_000 }, async () => {
    const email = newEmail('browser');
    const { password } = await signUp(server.pb(), { email, name: 'Browser User' });

    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err));
    try {
      await signInAndCreate(page, server.url, email, password);
    } finally {
      // Kept for a person to look at (e2e/.tmp is not committed), pass or fail.
      await mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, 'browser-spaces.png'), fullPage: true });
    }
    assert.deepEqual(pageErrors.map(String), [], 'no uncaught errors in the page');
  });

  it('answers an invitation from the link in the mail', { timeout: 120_000 }, async () => {
    const owner = await newUser(server, { prefix: 'browser-owner' });
    const space = await owner.pb.collection('spaces').create({ slug: `invited-${randomSecret(4)}`, name: 'Invited space', source_locale: 'en' });
    const email = newEmail('browser-invitee');
    await owner.pb.collection('invitations').create({ space: space.id, email, role: 'editor' });
    const { match } = await server.mailbox.waitFor(email, /https?:\/\/[^\s"<>]+\/invite\?token=[^\s"<>]+/);
    const link = match[0].replace(/&amp;/g, '&');
    const invitee = server.pb();
    const { password } = await signUp(invitee, { email, name: 'Browser Invitee' });
    await verifyEmail(invitee, server.mailbox, email);

    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err));
    try {
      await page.goto(server.url + '/');
      await page.evaluate(() => localStorage.clear()); // signed out: the landing page asks to sign in
      await page.goto(link);
      await page.locator('#invitation').waitFor(UI_WAIT);
      const signIn = page.locator('#sign-in');
      await signIn.locator('input[name=email]').fill(email);
      await signIn.locator('input[name=password]').fill(password);
      await signIn.locator('button[type=submit]').click();

      await page.locator('#accept').click(UI_WAIT);
      await page.locator('#invite-status', { hasText: 'Welcome' }).waitFor(UI_WAIT);
      await page.locator('#invite-status a').click();
      const item = page.locator('#my-spaces li', { hasText: space.slug });
      await item.waitFor(UI_WAIT);
      assert.match(await item.locator('.role').innerText(), /editor/);
    } finally {
      await mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, 'browser-invite.png'), fullPage: true });
    }
    assert.deepEqual(pageErrors.map(String), [], 'no uncaught errors in the page');
  });
});

async function signInAndCreate(page, url, email, password) {
  await page.goto(url + '/');

  const signIn = page.locator('#sign-in');
  await signIn.locator('input[name=email]').fill(email);
  await signIn.locator('input[name=password]').fill(password);
  await signIn.locator('button[type=submit]').click();
  await page.locator('#create-space').waitFor(UI_WAIT);
  assert.equal(await page.locator('#who').innerText().then((t) => t.includes('Browser User')), true);

  // A name that would run script if it were ever inserted as HTML.
  const name = `Team <img src=x onerror="window.__folioXSS=1"> ${randomSecret(3)}`;
  const slug = `browser-${randomSecret(4)}`;
  const form = page.locator('#create-space');
  await form.locator('input[name=name]').fill(name);
  await form.locator('input[name=slug]').fill(slug);
  await form.locator('button[type=submit]').click();

  const item = page.locator('#my-spaces li', { hasText: slug });
  await item.waitFor(UI_WAIT);
  assert.ok((await item.innerText()).includes(name), 'the space name is shown literally');
  assert.equal(await item.locator('img').count(), 0, 'no element was made from the name');
  assert.equal(await page.evaluate(() => window.__folioXSS), undefined);
  assert.match(await item.locator('.role').innerText(), /owner/);

  // A field error from the server lands next to its field: the same slug again.
  await form.locator('input[name=name]').fill('Another');
  await form.locator('input[name=slug]').fill(slug);
  await form.locator('button[type=submit]').click();
  const slugError = form.locator('.field-error[data-for=slug]');
  await slugError.filter({ hasText: /./ }).waitFor(UI_WAIT);
}
