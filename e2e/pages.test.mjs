// Pages through the official JS SDK against the real binary: create, a stale edit merged, a
// conflicting stale edit refused with 409 (read from ClientResponseError), diff, revisions,
// links, comments, and realtime on publish — by a save and by the scheduler's clock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { rejects } from './lib/expect.mjs';
import { newSpace, startWithUsers } from './lib/setup.mjs';
import { collect, sleep } from './lib/realtime.mjs';
import { randomSecret } from './lib/users.mjs';

const T = { timeout: 120_000 };

const lines = (n) => Array.from({ length: n }, (_, i) => `line ${i + 1}\n`).join('');
const replaceLine = (body, i, text) => body.split('\n').map((l, j) => (j === i - 1 ? text : l)).join('\n');

describe('pages', () => {
  let server;
  let owner;
  let editor;
  let viewer;
  let stranger;
  let space;

  before(async () => {
    ({ server, users: { owner, editor, viewer, stranger } } = await startWithUsers('pg', ['owner', 'editor', 'viewer', 'stranger']));
    space = await newSpace(owner, { server, prefix: 'pg', name: 'Docs', locales: ['en', 'ko'], members: [[editor, 'editor'], [viewer, 'viewer']] });
  });
  after(async () => {
    if (server) await server.stop();
  });

  it('creates a page with server-set fields and sanitized html', T, async () => {
    const page = await editor.pb.collection('pages').create({
      space: space.id, locale: 'EN', path: '/Knowledge-base//Dictionary/backend/', title: 'Backend',
      body: '# Backend {#be}\n\n<script>alert(1)</script>\n[x](javascript:alert(1))\n', author: owner.id, revision: 9,
    });
    assert.equal(page.locale, 'en');
    assert.equal(page.path, 'Knowledge-base/Dictionary/backend');
    assert.equal(page.author, editor.id);
    assert.equal(page.revision, 1);
    assert.equal(page.status, 'draft');
    assert.match(page.html, /<h1 id="be">Backend<\/h1>/);
    assert.doesNotMatch(page.html, /<script|href="javascript/);
    assert.deepEqual(page.toc, [{ level: 1, id: 'be', text: 'Backend', html: 'Backend' }]);
  });

  it('merges a stale edit that does not overlap, and refuses one that does with 409', T, async () => {
    const body = lines(10);
    const page = await owner.pb.collection('pages').create({ space: space.id, locale: 'en', path: `merge-${randomSecret(3)}`, title: 'Merge', body });
    // The editor loaded revision 1; the owner saves first.
    const second = await owner.pb.collection('pages').update(page.id, { body: replaceLine(body, 2, 'owner was here'), base_revision: 1 });
    assert.equal(second.revision, 2);
    assert.equal(second.merged, false);

    const merged = await editor.pb.collection('pages').update(page.id, {
      body: replaceLine(body, 8, 'editor was here'), base_revision: 1, summary: 'fix line 8',
    });
    assert.equal(merged.merged, true);
    assert.equal(merged.revision, 3);
    assert.match(merged.body, /owner was here[\s\S]*editor was here/);

    const err = await rejects(editor.pb.collection('pages').update(page.id, { body: replaceLine(body, 2, 'editor disagrees'), base_revision: 1 }));
    assert.equal(err.status, 409);
    assert.equal(err.response.data.head_revision, 3);
    const [c] = err.response.data.conflicts;
    assert.deepEqual([c.field, c.base, c.theirs, c.yours], ['body', 'line 2\n', 'owner was here\n', 'editor disagrees\n']);
    assert.equal((await viewer.pb.collection('pages').getOne(page.id).catch(() => null)), null, 'a draft is hidden from viewers');
    assert.equal((await owner.pb.collection('pages').getOne(page.id)).revision, 3, 'a 409 saved nothing');

    const missing = await rejects(editor.pb.collection('pages').update(page.id, { title: 'No base' }));
    assert.equal(missing.status, 400);
    assert.equal(missing.response.data.base_revision.code, 'validation_required');

    const revisions = await editor.pb.collection('revisions').getFullList({ filter: `page = "${page.id}"`, sort: 'number' });
    assert.deepEqual(revisions.map((r) => r.number), [1, 2, 3]);
    assert.equal(revisions[2].summary, 'fix line 8');
    assert.equal(revisions[2].editor, editor.id);

    const diff = await editor.pb.send(`/api/folio/pages/${page.id}/diff`, { query: { from: 1, to: 3 } });
    assert.match(diff.body.unified, /\+owner was here[\s\S]*\+editor was here/);
    assert.ok(diff.body.hunks.length >= 1);

    const restored = await editor.pb.send(`/api/folio/pages/${page.id}/restore`, { method: 'POST', body: { revision: 1, base_revision: 3 } });
    assert.equal(restored.revision, 4);
    assert.equal(restored.body, body);
  });

  it('indexes links: backlinks, fallbacks and broken links', T, async () => {
    const target = await owner.pb.collection('pages').create({ space: space.id, locale: 'en', path: 'guide/target', title: 'Target', status: 'published' });
    const source = await owner.pb.collection('pages').create({
      space: space.id, locale: 'en', path: 'guide/source', title: 'Source', status: 'published',
      body: '[t](./target#intro) [ko](/ko/guide/target) [gone](./nowhere) [ext](https://example.com)\n',
    });
    const back = await viewer.pb.send(`/api/folio/pages/${target.id}/backlinks`, {});
    assert.deepEqual(back.items.map((i) => [i.from.id, i.anchor]).sort(), [[source.id, ''], [source.id, 'intro']],
      'the link to the missing ko translation falls back to the en page');
    const koLink = async () => (await viewer.pb.collection('page_links').getFullList({ filter: `page = "${source.id}"` }))
      .find((l) => l.to_locale === 'ko');
    let ko = await koLink();
    assert.deepEqual([ko.fallback, ko.to_page], [true, target.id]);
    let broken = await viewer.pb.send(`/api/folio/spaces/${space.id}/broken-links`, {});
    assert.deepEqual(broken.items.map((i) => `${i.to_locale}/${i.to_path}`), ['en/guide/nowhere'], 'a fallback is not broken');
    const koTarget = await owner.pb.collection('pages').create({ space: space.id, locale: 'ko', path: 'guide/target', title: '대상', status: 'published' });
    ko = await koLink();
    assert.deepEqual([ko.fallback, ko.to_page], [false, koTarget.id], 'the new translation takes the link over');
    await owner.pb.collection('pages').create({ space: space.id, locale: 'en', path: 'guide/nowhere', title: 'Nowhere', status: 'published' });
    broken = await viewer.pb.send(`/api/folio/spaces/${space.id}/broken-links`, {});
    assert.deepEqual(broken.items, [], 'creating the missing page resolved the link');
    const err = await rejects(stranger.pb.send(`/api/folio/pages/${target.id}/backlinks`, {}));
    assert.equal(err.status, 404);
  });

  it('lets readers comment, with sanitized html', T, async () => {
    const page = await owner.pb.collection('pages').create({ space: space.id, locale: 'en', path: 'discuss', title: 'Discuss', status: 'published' });
    const c = await viewer.pb.collection('comments').create({ page: page.id, body: '**Nice** <img src=x onerror=alert(1)>' });
    assert.equal(c.author, viewer.id);
    assert.match(c.html, /<strong>Nice<\/strong>/);
    assert.doesNotMatch(c.html, /onerror/);
    await rejects(stranger.pb.collection('comments').create({ page: page.id, body: 'let me in' }));
    const edited = await editor.pb.collection('comments').update(c.id, { resolved: true });
    assert.equal(edited.resolved, true);
  });

  it('shows a page to viewer subscriptions when it is published, and removes it when it is not', T, async () => {
    const feed = await collect(viewer.pb, 'pages');
    const strangerFeed = await collect(stranger.pb, 'pages');
    const page = await editor.pb.collection('pages').create({ space: space.id, locale: 'en', path: `rt-${randomSecret(3)}`, title: 'Soon' });
    await editor.pb.collection('pages').update(page.id, { status: 'published' });
    const shown = await feed.waitFor((e) => e.record.id === page.id, { what: 'the published page' });
    assert.equal(shown.action, 'update');
    assert.equal(shown.record.status, 'published');

    await editor.pb.collection('pages').update(page.id, { status: 'draft' });
    await feed.waitFor((e) => e.record.id === page.id && e.action === 'delete', { what: 'a delete on unpublish' });
    await sleep(300);
    assert.equal(strangerFeed.events.filter((e) => e.record.id === page.id).length, 0, 'a stranger heard of a private page');
    await feed.unsubscribe();
    await strangerFeed.unsubscribe();
  });

  it('publishes a scheduled page to subscribers within a minute of publish_at, without polling', { timeout: 150_000 }, async () => {
    const feed = await collect(viewer.pb, 'pages');
    const at = new Date(Date.now() + 3_000);
    const page = await editor.pb.collection('pages').create({
      space: space.id, locale: 'en', path: `scheduled-${randomSecret(3)}`, title: 'Scheduled', status: 'published',
      publish_at: at.toISOString().replace('T', ' '),
    });
    assert.equal(page.live, false);
    await assert.rejects(viewer.pb.collection('pages').getOne(page.id), 'hidden before publish_at');
    const shown = await feed.waitFor((e) => e.record.id === page.id, { timeout: 75_000, what: 'the scheduled page' });
    const lag = Date.now() - at.getTime();
    assert.equal(shown.action, 'update');
    assert.equal(shown.record.live, true);
    assert.ok(lag < 65_000, `arrived ${lag} ms after publish_at`);
    await feed.unsubscribe();
  });
});
