// Attachments through the official JS SDK and a real Chromium: an image uploaded with FormData
// and referenced from a page loads for a member of a private space (through the file token)
// and for a guest of a public one; a stranger and a guest of the private space get no bytes;
// an uploaded SVG carrying a script never runs in Folio's origin; bad uploads are 4xx naming
// the field.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { chromium } from 'playwright-core';

import { rejects } from '../lib/expect.mjs';
import { png, withFileToken } from '../lib/files.mjs';
import { newSpace, startWithUsers } from '../lib/setup.mjs';

const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function fileForm(fields, name, bytes, type) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (name) form.append('file', new Blob([bytes], { type }), name);
  return form;
}

describe('attachments in a browser', () => {
  let server; let users; let context; let profile;
  let privateSpace; let publicSpace;

  before(async () => {
    ({ server, users } = await startWithUsers('files', ['owner', 'member', 'stranger']));
    privateSpace = await newSpace(users.owner, { server, prefix: 'files-private', members: [[users.member, 'viewer']] });
    publicSpace = await newSpace(users.owner, { server, prefix: 'files-public', visibility: 'public' });
    profile = await mkdtemp(path.join(os.tmpdir(), 'folio-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000, acceptDownloads: false,
    });
  });
  after(async () => {
    if (context) await context.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    if (server) await server.stop();
  });

  // show opens Folio's origin in Chromium, inserts html as a client inserts a page's html, and
  // returns the naturalWidth of each image once it loaded or failed.
  async function show(html) {
    const page = await context.newPage();
    try {
      await page.goto(server.url + '/api/health');
      return await page.evaluate(async (h) => {
        document.body.innerHTML = h;
        const imgs = [...document.images];
        await Promise.all(imgs.map((img) => (img.complete ? null
          : new Promise((resolve) => { img.onload = resolve; img.onerror = resolve; }))));
        return imgs.map((img) => img.naturalWidth);
      }, html);
    } finally {
      await page.close();
    }
  }

  async function uploadAndPage(space, color) {
    const owner = users.owner.pb;
    const att = await owner.collection('attachments').create(fileForm({ space: space.id, path: 'docs/img/arch.png', alt: 'Architecture' },
      'arch.png', png(7, 5, color), 'image/png'));
    assert.equal(att.mime, 'image/png');
    const page = await owner.collection('pages').create({
      space: space.id, locale: 'en', path: 'docs/overview', title: 'Overview', status: 'published',
      body: '# Overview\n\n![Architecture](img/arch.png)\n',
    });
    assert.match(page.html, new RegExp(`/api/folio/files/${att.id}/arch\\.png`));
    return { att, page };
  }

  it('shows a private image to a member and to nobody else', { timeout: 120_000 }, async () => {
    const { att, page } = await uploadAndPage(privateSpace, [200, 30, 30]);
    const member = users.member.pb;
    const seen = await member.collection('pages').getOne(page.id);
    const token = await member.files.getToken();
    assert.deepEqual(await show(withFileToken(seen.html, token)), [7], 'the member sees the image');

    // The stranger knows the URL (from the member, say) and has a file token of their own.
    const strangerToken = await users.stranger.pb.files.getToken();
    assert.deepEqual(await show(withFileToken(seen.html, strangerToken)), [0], 'the stranger sees no image');
    assert.deepEqual(await show(seen.html), [0], 'a guest sees no image');
    const url = `${server.url}/api/folio/files/${att.id}/arch.png`;
    for (const [who, u] of [['stranger', `${url}?token=${strangerToken}`], ['guest', url]]) {
      const res = await fetch(u);
      const body = Buffer.from(await res.arrayBuffer());
      assert.equal(res.status, 404, `${who} status`);
      assert.ok(!body.includes(Buffer.from('IHDR')), `${who} got image bytes`);
    }
    // PocketBase's own file route keeps the file protected too.
    const pbURL = server.pb().files.getURL(att, att.file);
    assert.equal((await fetch(pbURL)).status, 404, 'PocketBase file route without a token');
  });

  it('shows a public space\'s image to a guest', { timeout: 120_000 }, async () => {
    const { page } = await uploadAndPage(publicSpace, [30, 30, 200]);
    const guest = server.pb();
    const seen = await guest.collection('pages').getOne(page.id);
    assert.deepEqual(await show(seen.html), [7]);
  });

  it('never runs an uploaded SVG\'s script', { timeout: 120_000 }, async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/>'
      + '<script>try { top.pwned = 1; parent.pwned = 1; } catch (e) {} window.pwned = 1; document.title = "pwned"; alert(1)</script></svg>';
    const att = await users.owner.pb.collection('attachments').create(fileForm({ space: publicSpace.id, path: 'x.svg' }, 'x.svg', svg, 'image/svg+xml'));
    assert.equal(att.mime, 'image/svg+xml');
    const url = `${server.url}/api/folio/files/${att.id}/x.svg`;
    const pbURL = server.pb().files.getURL(att, att.file);

    const page = await context.newPage();
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    try {
      await page.goto(server.url + '/api/health');
      const ran = await page.evaluate(async ([a, b]) => {
        const wait = (el) => new Promise((resolve) => { el.onload = resolve; el.onerror = resolve; setTimeout(resolve, 3000); });
        for (const src of [a, b]) {
          const frame = document.createElement('iframe'); frame.src = src;
          const obj = document.createElement('object'); obj.data = src; obj.type = 'image/svg+xml';
          const img = document.createElement('img'); img.src = src;
          document.body.append(frame, obj, img);
          await Promise.all([wait(frame), wait(obj), wait(img)]);
        }
        await new Promise((r) => setTimeout(r, 500));
        return window.pwned === 1 || document.title === 'pwned';
      }, [url, pbURL]);
      assert.equal(ran, false, 'the SVG script reached Folio\'s page');
      // Control: the same markup as a same-origin document does reach the page, so the check
      // above could fail.
      const control = await page.evaluate(async (markup) => {
        const frame = document.createElement('iframe');
        frame.srcdoc = markup;
        document.body.append(frame);
        await new Promise((r) => { frame.onload = r; setTimeout(r, 3000); });
        const hit = window.pwned === 1;
        delete window.pwned;
        return hit;
      }, svg.replace('alert(1)', ''));
      assert.equal(control, true, 'the control script ran');
      // Opened directly, it is a download, not a document of Folio's origin.
      const direct = await page.goto(url).then(() => 'opened', (err) => String(err));
      assert.match(direct, /download/i, 'navigating to the SVG is a download');
      assert.deepEqual(dialogs, [], 'no alert ran');
    } finally {
      await page.close();
    }
  });

  it('refuses bad uploads with a 4xx naming the field', { timeout: 60_000 }, async () => {
    const owner = users.owner.pb;
    const cases = [
      [{ space: privateSpace.id, path: 'a.png' }, null, 'file'],
      [{ space: privateSpace.id, path: '../../a.png' }, png(2, 2, [1, 2, 3]), 'path'],
      [{ space: privateSpace.id, path: 'a.html' }, Buffer.from('<!doctype html><script>alert(1)</script>'), 'file'],
      [{ space: privateSpace.id, path: 'docs/img/arch.png' }, png(3, 3, [9, 9, 9]), 'path'],
    ];
    for (const [fields, bytes, field] of cases) {
      const err = await rejects(owner.collection('attachments').create(fileForm(fields, bytes ? 'f.png' : '', bytes, 'image/png')), 400);
      assert.ok(err.response.data[field], `${JSON.stringify(fields)}: ${JSON.stringify(err.response)}`);
    }
    const report = await owner.send(`/api/folio/spaces/${privateSpace.id}/assets`, {});
    assert.equal(report.broken.length, 0);
    assert.equal(report.files, 1);
  });
});
