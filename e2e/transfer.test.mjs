// Import and export through the official JS SDK against the real binary: export a space as a
// Wiki.js zip, upload it into another space (a multipart FormData through pb.send), re-upload it
// unchanged, and the rules of both routes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { rejects } from './lib/expect.mjs';
import { newSpace, startWithUsers } from './lib/setup.mjs';

const T = { timeout: 120_000 };

// exportZip downloads a space's export. pb.send parses JSON answers, so a download goes through
// fetch with the SDK's URL and token.
async function exportZip(pb, spaceId) {
  const res = await fetch(pb.buildURL(`/api/folio/spaces/${spaceId}/export`), {
    headers: { Authorization: pb.authStore.token },
  });
  return { status: res.status, type: res.headers.get('content-type'), body: new Uint8Array(await res.arrayBuffer()) };
}

function importZip(pb, spaceId, bytes, format) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/zip' }), 'tree.zip');
  if (format) form.append('format', format);
  return pb.send(`/api/folio/spaces/${spaceId}/import`, { method: 'POST', body: form });
}

const pagesOf = (pb, spaceId) =>
  pb.collection('pages').getFullList({ filter: pb.filter('space = {:s}', { s: spaceId }), sort: 'locale,path' });

describe('import and export', () => {
  let server;
  let owner;
  let viewer;
  let source;
  let target;
  let zip;

  before(async () => {
    ({ server, users: { owner, viewer } } = await startWithUsers('tx', ['owner', 'viewer']));
    source = await newSpace(owner, { server, prefix: 'handbook', locales: ['en', 'ko'] });
    target = await newSpace(owner, { server, prefix: 'copy', locales: ['en', 'ko'], members: [[viewer, 'viewer']] });
    await owner.pb.collection('pages').create({
      space: source.id, locale: 'en', path: 'guide/install', title: 'Installing Folio',
      body: '# Installing Folio\n\nRun `folio serve`.\n', tags: ['setup', 'ops'], status: 'published',
    });
    await owner.pb.collection('pages').create({
      space: source.id, locale: 'ko', path: 'guide/install', title: 'Folio 설치하기',
      body: '# Folio 설치하기\n\n`folio serve`를 실행합니다.\n', tags: ['설치'], status: 'draft',
    });
  });
  after(async () => {
    if (server) await server.stop();
  });

  it('exports a space as a Wiki.js zip', T, async () => {
    const res = await exportZip(owner.pb, source.id);
    assert.equal(res.status, 200);
    assert.equal(res.type, 'application/zip');
    assert.deepEqual([...res.body.slice(0, 2)], [0x50, 0x4b]); // "PK"
    const names = new TextDecoder().decode(res.body);
    assert.match(names, /guide\/install\.md/);
    assert.match(names, /ko\/guide\/install\.md/);
    zip = res.body;
  });

  it('imports the zip into another space, and a second upload changes nothing', T, async () => {
    const first = await importZip(owner.pb, target.id, zip);
    assert.equal(first.format, 'wikijs');
    assert.deepEqual([first.created, first.updated, first.unchanged, first.failed], [2, 0, 0, 0]);
    assert.equal(first.perLocale.ko.created, 1);

    const [en, ko] = await pagesOf(owner.pb, target.id);
    assert.equal(en.title, 'Installing Folio');
    assert.deepEqual(en.tags, ['setup', 'ops']);
    assert.equal(en.body, '# Installing Folio\n\nRun `folio serve`.\n');
    assert.equal(en.author, owner.id);
    assert.equal(ko.status, 'draft');
    assert.equal(ko.revision, 1);

    const again = await importZip(owner.pb, target.id, zip, 'wikijs');
    assert.deepEqual([again.created, again.updated, again.unchanged, again.failed], [0, 0, 2, 0]);
    const [, koAgain] = await pagesOf(owner.pb, target.id);
    assert.equal(koAgain.revision, 1);
  });

  it('refuses an upload that is not a zip, writing nothing', T, async () => {
    const err = await rejects(importZip(owner.pb, target.id, new TextEncoder().encode('not a zip')));
    assert.equal(err.status, 400);
    assert.match(err.response.message, /not a zip archive/);
    assert.equal((await pagesOf(owner.pb, target.id)).length, 2);
  });

  it('lets only editors and above import and export', T, async () => {
    await rejects(importZip(viewer.pb, target.id, zip), 403);
    assert.equal((await exportZip(viewer.pb, target.id)).status, 403);
    // The viewer is no member of the source space: it does not exist for them.
    assert.equal((await exportZip(viewer.pb, source.id)).status, 404);
    const guest = server.pb();
    await rejects(importZip(guest, target.id, zip), 401);
  });
});
