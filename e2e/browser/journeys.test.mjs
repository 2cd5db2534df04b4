// The web client (web/, built into pb_public/) in a real headless Chromium against the real
// binary: the journeys of a reader, an editor, a translator, an owner and a person with two
// devices, each asserting what that person sees, with axe-core on every screen.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
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
const SHOTS = process.env.FOLIO_SHOTS || path.join(HERE, '..', '.tmp');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WAIT = { timeout: 20_000 };

describe('web client journeys', () => {
  let server;
  let browser;
  const errors = [];
  const axeFindings = [];

  before(async () => {
    server = await startFolio();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
    await mkdir(SHOTS, { recursive: true });
  });
  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  async function open(locale = 'en-US') {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(String(err)));
    return { context, page };
  }

  // axe-core on the screen as it stands: no serious or critical violation.
  async function audit(page, name) {
    await page.addScriptTag({ path: AXE });
    const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    for (const v of bad) axeFindings.push(`${name}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`), [], `axe on ${name}`);
  }

  async function signInUI(page, email, password, next = '/') {
    await page.goto(`${server.url}/signin?next=${encodeURIComponent(next)}`);
    await page.locator('#si-email').fill(email);
    await page.locator('#si-password').fill(password);
    await page.locator('#sign-in button[type=submit]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/signin'), WAIT);
  }

  async function spaceWith(owner, { visibility = 'private', locales = ['en'], members = [], name } = {}) {
    const slug = `s-${randomSecret(6).toLowerCase()}`;
    const space = await owner.pb.collection('spaces').create({ slug, name: name ?? `Handbook ${slug}`, visibility, source_locale: 'en', locales });
    // Members join by invitation; the superuser adds them directly here, to set the scene.
    const admin = members.length ? await server.admin() : null;
    for (const [user, role] of members) await admin.collection('memberships').create({ space: space.id, user: user.id, role });
    return space;
  }

  it('a guest reads a public page in Korean and falls back to English for a missing one', { timeout: 120_000 }, async () => {
    const owner = await newUser(server, { prefix: 'web-owner', name: 'Owner' });
    const space = await spaceWith(owner, { visibility: 'public', locales: ['en', 'ko'] });
    const mk = (locale, p, title, body) => owner.pb.collection('pages').create({ space: space.id, locale, path: p, title, body, status: 'published' });
    await mk('en', 'guide/start', 'Getting started', '# Getting started\n\n## Install\n\nRun it.\n\n## Use\n\nRead [the rest](/guide/only-english).');
    await mk('ko', 'guide/start', '시작하기', '# 시작하기\n\n## 설치\n\n실행하세요.\n\n## 사용 <b>x</b>\n\n[나머지](/ko/guide/only-english)를 읽으세요.');
    await mk('en', 'guide/only-english', 'Only in English', '# Only in English\n\nNot translated yet.');

    const { context, page } = await open('ko-KR');
    try {
      await page.goto(`${server.url}/s/${space.slug}/ko/guide/start`);
      const article = page.locator('#page-content');
      await article.locator('h1', { hasText: '시작하기' }).first().waitFor(WAIT);
      assert.match(await article.innerText(), /실행하세요/);
      // The interface speaks Korean (the browser's language); the toc is text; the sidebar lists the pages.
      assert.equal(await page.locator('header button[type=submit]').innerText(), '검색');
      const toc = await page.locator('#toc a').allInnerTexts();
      assert.ok(toc.includes('설치'), `toc: ${toc}`);
      assert.equal(await page.locator('#toc b').count(), 0, 'toc text is never HTML');
      await page.locator('nav.sidebar a', { hasText: '시작하기' }).waitFor(WAIT);
      await page.locator('#locales a', { hasText: 'en' }).waitFor(WAIT);
      await audit(page, 'read-ko');

      await page.locator('#page-content a', { hasText: '나머지' }).click();
      await page.locator('#fallback-note').waitFor(WAIT);
      assert.match(await page.locator('#page-content h1').first().innerText(), /Only in English/);
      assert.match(await page.locator('#fallback-note').innerText(), /ko/);
      await audit(page, 'read-fallback');
    } finally { await context.close(); }
  });

  it('an editor hits a conflict from a second browser, resolves it, and both see the result live', { timeout: 180_000 }, async () => {
    const owner = await newUser(server, { prefix: 'web-owner2', name: 'Owner Two' });
    const editor = await newUser(server, { prefix: 'web-editor', name: 'Editor' });
    const space = await spaceWith(owner, { members: [[editor, 'editor']] });
    const pg = await owner.pb.collection('pages').create({ space: space.id, locale: 'en', path: 'notes', title: 'Notes',
      body: 'line one\nline two\nline three\n', status: 'published' });
    const url = `${server.url}/s/${space.slug}/en/notes`;

    const a = await open();
    const b = await open();
    try {
      await signInUI(a.page, editor.email, editor.password, `/s/${space.slug}/en/notes?mode=edit`);
      await signInUI(b.page, editor.email, editor.password, `/s/${space.slug}/en/notes?mode=edit`);
      for (const { page } of [a, b]) await page.locator('.cm-content').waitFor(WAIT);
      await audit(a.page, 'edit');

      await a.page.locator('.cm-content').fill('line one\nline two by A\nline three\n');
      await a.page.locator('#ed-summary').fill('A says');
      await a.page.locator('#page-editor button[type=submit]').click();
      await a.page.waitForURL(url, WAIT);
      await a.page.locator('#page-content', { hasText: 'line two by A' }).waitFor(WAIT);

      await b.page.locator('.cm-content').fill('line one\nline two by B\nline three\n');
      await b.page.locator('#page-editor button[type=submit]').click();
      const view = b.page.locator('#conflict-view');
      await view.waitFor(WAIT);
      assert.match(await view.locator('[data-side=base]').first().innerText(), /^line two$/m);
      assert.match(await view.locator('[data-side=theirs]').first().innerText(), /line two by A/);
      assert.match(await view.locator('[data-side=yours]').first().innerText(), /line two by B/);
      await audit(b.page, 'conflict');
      await view.locator('#resolution-0').fill('line two by A and B\n');
      await view.getByRole('button', { name: 'Save the resolution' }).click();
      await b.page.waitForURL((u) => u.href.startsWith(url), WAIT);
      await b.page.locator('#merged-note', { hasText: 'Merged with changes saved meanwhile' }).waitFor(WAIT);
      await b.page.locator('#page-content', { hasText: 'line two by A and B' }).waitFor(WAIT);
      // The other browser shows it without reloading, with a notice.
      await a.page.locator('#page-content', { hasText: 'line two by A and B' }).waitFor(WAIT);
      await a.page.locator('#live-note').waitFor(WAIT);
      const head = await owner.pb.collection('pages').getOne(pg.id);
      assert.equal(head.body, 'line one\nline two by A and B\nline three\n');
    } finally { await a.context.close(); await b.context.close(); }
  });

  it('history: diff two revisions, then restore one', { timeout: 120_000 }, async () => {
    const owner = await newUser(server, { prefix: 'web-hist', name: 'Historian' });
    const space = await spaceWith(owner);
    let pg = await owner.pb.collection('pages').create({ space: space.id, locale: 'en', path: 'h', title: 'Story', body: 'The quick brown fox\n', status: 'published' });
    pg = await owner.pb.collection('pages').update(pg.id, { body: 'The quick red fox\n', base_revision: 1, summary: 'recolour' });

    const { context, page } = await open();
    try {
      await signInUI(page, owner.email, owner.password, `/s/${space.slug}/en/h?mode=history`);
      const diff = page.locator('.diff');
      await diff.waitFor(WAIT);
      assert.equal(await diff.locator('del').first().innerText(), 'brown');
      assert.equal(await diff.locator('ins').first().innerText(), 'red');
      await audit(page, 'history');
      await page.getByRole('button', { name: 'Restore revision 1' }).click();
      await page.locator('#restore-note', { hasText: 'as revision 3' }).waitFor(WAIT);
      assert.equal((await owner.pb.collection('pages').getOne(pg.id)).body, 'The quick brown fox\n');
    } finally { await context.close(); }
  });

  it('search from the header shows highlighted results', { timeout: 120_000 }, async () => {
    const owner = await newUser(server, { prefix: 'web-search', name: 'Searcher' });
    const space = await spaceWith(owner, { visibility: 'public' });
    const word = `zebra${randomSecret(4).toLowerCase()}`;
    await owner.pb.collection('pages').create({ space: space.id, locale: 'en', path: 'zoo', title: `The ${word} page`, body: `All about the ${word} and <i>friends</i>.`, status: 'published' });
    const { context, page } = await open();
    try {
      await page.goto(server.url + '/');
      await page.locator('#q').fill(word);
      await page.locator('#q').press('Enter');
      const hit = page.locator('#results li').first();
      await hit.waitFor(WAIT);
      assert.equal(await hit.locator('a mark').first().innerText(), word);
      assert.ok(await hit.locator('p mark').count() >= 1, 'snippet highlights the word');
      assert.equal(await hit.locator('i').count(), 0, 'page text stays text');
      await audit(page, 'search');
      // More than a page of hits: 20 shown, "Load more" adds the rest (skipTotal lists).
      for (let n = 0; n < 21; n++) {
        await owner.pb.collection('pages').create({ space: space.id, locale: 'en', path: `more/${n}`, title: `More ${n}`, body: `Another ${word} here.`, status: 'published' });
      }
      await page.locator('#q').fill(`${word} another`);
      await page.locator('#q').press('Enter');
      await page.waitForFunction(() => document.querySelectorAll('#results li').length === 20, null, WAIT);
      await page.getByRole('button', { name: 'Load more' }).click();
      await page.waitForFunction(() => document.querySelectorAll('#results li').length === 21, null, WAIT);
      assert.equal(await page.getByRole('button', { name: 'Load more' }).count(), 0, 'no more to load');
      await page.locator('#q').fill(word);
      await page.locator('#q').press('Enter');
      await page.waitForFunction(() => document.querySelectorAll('#results li').length === 20, null, WAIT);
      await page.locator('#results li a', { hasText: 'page' }).first().click();
      await page.locator('#page-content h1', { hasText: word }).waitFor(WAIT);
    } finally { await context.close(); }
  });

  it('a translator sees an outdated page beside the source diff and marks it caught up', { timeout: 120_000 }, async () => {
    const owner = await newUser(server, { prefix: 'web-tr-owner', name: 'Source Writer' });
    const translator = await newUser(server, { prefix: 'web-translator', name: 'Translator' });
    const space = await spaceWith(owner, { locales: ['en', 'ja'], members: [[translator, 'editor']] });
    const en = await owner.pb.collection('pages').create({ space: space.id, locale: 'en', path: 'tea', title: 'Tea', body: 'Green tea.\n', status: 'published' });
    await owner.pb.collection('pages').create({ space: space.id, locale: 'ja', path: 'tea', title: 'お茶', body: '緑茶。\n', status: 'published' });
    await owner.pb.collection('pages').update(en.id, { body: 'Green tea and matcha.\n', base_revision: 1 });

    const { context, page } = await open();
    try {
      await signInUI(page, translator.email, translator.password, `/s/${space.slug}/-/translations`);
      await page.locator('#coverage tr[data-locale=ja]').waitFor(WAIT);
      await audit(page, 'coverage');
      await page.locator('a', { hasText: 'お茶' }).click();
      await page.locator('#translation-state', { hasText: 'outdated' }).waitFor(WAIT);
      assert.match(await page.locator('.diff ins').first().innerText(), /and matcha/);
      await audit(page, 'translate');
      await page.locator('.cm-content').fill('緑茶と抹茶。\n');
      await page.locator('#catch-up').click();
      await page.locator('#page-content', { hasText: '緑茶と抹茶' }).waitFor(WAIT);
      assert.equal(await page.locator('#outdated-note').count(), 0);
      const ja = await owner.pb.collection('pages').getFirstListItem(`space = "${space.id}" && locale = "ja"`);
      assert.equal(ja.translation_state, 'current');
    } finally { await context.close(); }
  });

  it('an owner invites; the invitee accepts from the mailed link', { timeout: 150_000 }, async () => {
    const owner = await newUser(server, { prefix: 'web-inviter', name: 'Inviting <b>Owner</b>' });
    // Names are data: shown as text wherever they appear, never as HTML.
    const spaceName = `Handbook <img src=x onerror="window.__pwned=1"> ${randomSecret(4)}`;
    const space = await spaceWith(owner, { name: spaceName });
    const email = newEmail('web-invitee');
    const invitee = server.pb();
    const { password } = await signUp(invitee, { email, name: 'Invitee' });
    await verifyEmail(invitee, server.mailbox, email);

    const o = await open();
    const i = await open();
    try {
      await signInUI(o.page, owner.email, owner.password, `/s/${space.slug}/-/manage`);
      await o.page.locator('#inv-email').fill(email);
      await o.page.locator('#inv-role').selectOption('editor');
      await o.page.locator('#invite-form button[type=submit]').click();
      await o.page.locator(`#invitations tr[data-email="${email}"]`).waitFor(WAIT);
      await audit(o.page, 'manage');

      const { match } = await server.mailbox.waitFor(email, /https?:\/\/[^\s"<>]+\/invite\?token=[^\s"<>]+/);
      const link = match[0].replace(/&amp;/g, '&');
      await i.page.goto(link);
      const offer = i.page.locator('#invitation-offer');
      await offer.waitFor(WAIT);
      assert.equal(await offer.innerText(), `Inviting <b>Owner</b> invites you to join ${spaceName} as editor.`);
      assert.equal(await i.page.locator('#invitation img, #invitation b').count(), 0);
      await audit(i.page, 'invite');
      await i.page.locator('#invitation a', { hasText: 'Sign in' }).click();
      await i.page.locator('#si-email').fill(email);
      await i.page.locator('#si-password').fill(password);
      await i.page.locator('#sign-in button[type=submit]').click();
      await i.page.getByRole('button', { name: 'Accept' }).click();
      await i.page.locator('#invitation [role=status]', { hasText: 'You joined' }).waitFor(WAIT);
      await i.page.goto(server.url + '/');
      await i.page.locator('#spaces li', { hasText: spaceName }).locator('[data-role]', { hasText: 'editor' }).waitFor(WAIT);
      assert.equal(await i.page.evaluate(() => window.__pwned), undefined, 'no markup from data ran');
    } finally { await o.context.close(); await i.context.close(); }
  });

  it('a user signs out another device, which is sent to sign-in on its next action', { timeout: 120_000 }, async () => {
    const user = await newUser(server, { prefix: 'web-devices', name: 'Two Devices' });
    const one = await open();
    const two = await open();
    try {
      await signInUI(one.page, user.email, user.password, '/account');
      await signInUI(two.page, user.email, user.password, '/');
      await one.page.goto(server.url + '/account');
      const rows = one.page.locator('#devices tbody tr');
      await one.page.getByRole('button', { name: 'Sign out this device' }).first().waitFor(WAIT);
      assert.ok(await rows.count() >= 2);
      await audit(one.page, 'devices');
      const count = await rows.count();
      await one.page.getByRole('button', { name: 'Sign out this device' }).first().click();
      await one.page.waitForFunction((n) => document.querySelectorAll('#devices tbody tr').length === n - 1, count, WAIT);

      await two.page.locator('a[href="/account"]').first().click();
      await two.page.locator('#signin-reason').waitFor(WAIT);
      assert.match(await two.page.locator('#signin-reason').innerText(), /signed out from another/);
      assert.match(new URL(two.page.url()).pathname, /^\/signin$/);
      await audit(two.page, 'signin');
      await two.page.locator('a', { hasText: 'Create an account' }).click();
      await two.page.locator('#sign-up').waitFor(WAIT);
      await audit(two.page, 'signup');
    } finally { await one.context.close(); await two.context.close(); }
  });

  it('an editor writes a new page with a live preview and publishes it; readers discuss it in live threaded comments', { timeout: 150_000 }, async () => {
    const owner = await newUser(server, { prefix: 'web-writer', name: 'Writer' });
    const reader = await newUser(server, { prefix: 'web-reader', name: 'Reader' });
    const space = await spaceWith(owner, { members: [[reader, 'viewer']] });
    const w = await open();
    const r = await open();
    try {
      await signInUI(w.page, owner.email, owner.password, '/');
      await w.page.locator('#spaces a', { hasText: space.name }).waitFor(WAIT);
      await audit(w.page, 'home');
      await w.page.locator('#spaces a', { hasText: space.name }).click();
      await w.page.locator('nav.sidebar').waitFor(WAIT);
      await audit(w.page, 'space-home');
      await w.page.locator('nav.sidebar a', { hasText: 'New page' }).click();
      await w.page.locator('#ed-path').fill('team/notes');
      await w.page.locator('#ed-title').fill('Team notes');
      await w.page.locator('.cm-content').fill('# Team notes\n\n## Agenda\n\n**Bold** plans.\n');
      await w.page.locator('#preview h2', { hasText: 'Agenda' }).waitFor(WAIT);
      assert.equal(await w.page.locator('#preview strong').innerText(), 'Bold');
      await audit(w.page, 'new-page');
      await w.page.locator('#page-editor button[type=submit]').click();
      await w.page.waitForURL(`${server.url}/s/${space.slug}/en/team/notes`, WAIT);
      await w.page.locator('.toolbar', { hasText: 'draft' }).waitFor(WAIT);
      await w.page.getByRole('button', { name: 'Publish' }).click();
      await w.page.getByRole('button', { name: 'Unpublish' }).waitFor(WAIT);
      await audit(w.page, 'page-owner');

      await signInUI(r.page, reader.email, reader.password, `/s/${space.slug}/en/team/notes`);
      await r.page.locator('#page-content h2', { hasText: 'Agenda' }).waitFor(WAIT);
      await r.page.locator('#comment-body').fill('Can we add **budget**?');
      await r.page.locator('#comment-form button[type=submit]').click();
      // The writer's open page shows the comment without reloading, and replies in its thread.
      const comment = w.page.locator('li.comment', { hasText: 'Can we add budget?' });
      await comment.waitFor(WAIT);
      assert.equal(await comment.locator('strong').innerText(), 'budget');
      await comment.getByRole('button', { name: 'Reply' }).click();
      await w.page.locator('#comment-body').fill('Yes, next week.');
      await w.page.locator('#comment-form button[type=submit]').click();
      await r.page.locator('li.comment li.comment', { hasText: 'Yes, next week.' }).waitFor(WAIT);
      await audit(r.page, 'comments');
    } finally { await w.context.close(); await r.context.close(); }
  });

  it('left no uncaught errors in any page', () => {
    assert.deepEqual(errors, []);
    assert.deepEqual(axeFindings, []);
  });
});
