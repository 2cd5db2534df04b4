// Navigation through the official JS SDK against the real binary: a sidebar drawn from the
// tree, a subtree moved and an old link followed through its redirect, a missing translation
// read through fallback with the outdated flag, and bad input answered with the field named.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { rejects } from './lib/expect.mjs';
import { newSpace, startWithUsers } from './lib/setup.mjs';

const T = { timeout: 120_000 };

/** sidebar renders a tree answer as indented lines, the way a client draws its menu. */
function sidebar(items, depth = 0) {
  return items.flatMap((n) => [
    `${'  '.repeat(depth)}${n.link_title || n.title}${n.fallback ? ' (en)' : ''}`,
    ...sidebar(n.children, depth + 1),
  ]);
}

describe('navigation', () => {
  let server;
  let owner;
  let viewer;
  let space;
  const pages = {};

  before(async () => {
    ({ server, users: { owner, viewer } } = await startWithUsers('nav', ['owner', 'viewer']));
    space = await newSpace(owner, { server, prefix: 'nav', name: 'Docs', locales: ['en', 'ko'], members: [[viewer, 'viewer']] });
    const create = async (locale, path, title, extra = {}) => {
      pages[`${locale}/${path}`] = await owner.pb.collection('pages').create({
        space: space.id, locale, path, title, body: `# ${title}\n`, status: 'published', ...extra,
      });
    };
    await create('en', 'docs', 'Documentation', { link_title: 'Docs' });
    await create('en', 'docs/install', 'Installing', { weight: 2 });
    await create('en', 'docs/start', 'Getting started', { weight: 1 });
    await create('en', 'docs/tasks/backup', 'Back up', { body: 'See [install](../install).' });
    await create('en', 'docs/snippet', 'Snippet', { render: 'never' });
    await create('en', 'docs/draft', 'Draft', { status: 'draft' });
    await create('ko', 'docs', '문서');
    await create('ko', 'docs/start', '시작하기', { weight: 1 });
    await create('en', 'index', 'Home', { body: '[Backup](docs/tasks/backup)' });
  });
  after(async () => {
    if (server) await server.stop();
  });

  it('draws a sidebar from the tree, in weight order, without pages the reader may not read', T, async () => {
    const tree = await viewer.pb.send(`/api/folio/spaces/${space.id}/tree`, { query: { locale: 'ko', path: 'docs' } });
    assert.equal(tree.page.title, '문서');
    assert.deepEqual(sidebar(tree.items), ['시작하기', 'Installing (en)', 'tasks', '  Back up (en)']);
    const mine = await owner.pb.send(`/api/folio/spaces/${space.id}/tree`, { query: { locale: 'en' } });
    assert.deepEqual(sidebar(mine.items), ['Docs', '  Getting started', '  Installing', '  Draft', '  Snippet', '  tasks', '    Back up', 'Home']);
    const nav = await viewer.pb.send(`/api/folio/pages/${pages['en/docs/install'].id}/nav`, {});
    assert.deepEqual(nav.breadcrumbs.map((c) => c.title), ['Docs']);
    assert.equal(nav.prev.path, 'docs/start');
    assert.equal(nav.next.path, 'docs/tasks');
  });

  it('moves a subtree, leaves redirects, and an old link still reaches the page', T, async () => {
    const res = await owner.pb.send(`/api/folio/pages/${pages['en/docs'].id}/move`, {
      method: 'POST', body: { path: 'guide', subtree: true, translations: true },
    });
    assert.equal(res.moved.length, 8);
    const moved = await viewer.pb.collection('pages').getOne(pages['en/docs/tasks/backup'].id);
    assert.equal(moved.path, 'guide/tasks/backup');
    // The home page still links to docs/tasks/backup: its link row follows the redirect.
    const links = await viewer.pb.collection('page_links').getFullList({ filter: `page = "${pages['en/index'].id}"` });
    assert.equal(links.length, 1);
    assert.equal(links[0].to_page, moved.id);
    const old = await viewer.pb.send(`/api/folio/spaces/${space.id}/resolve`, { query: { locale: 'en', path: 'docs/tasks/backup' } });
    assert.equal(old.redirected, true);
    assert.equal(old.page.id, moved.id);
    const redirects = await viewer.pb.collection('redirects').getFullList({ filter: `space = "${space.id}"` });
    assert.ok(redirects.some((r) => r.path === 'docs/tasks/backup' && r.page === moved.id));
    assert.ok(!redirects.some((r) => r.page === pages['en/docs/draft'].id), 'a redirect to a draft stays hidden from a viewer');
  });

  it('reads a missing translation through fallback, and an outdated one with its flag', T, async () => {
    const fb = await viewer.pb.send(`/api/folio/spaces/${space.id}/resolve`, { query: { locale: 'ko', path: 'guide/install' } });
    assert.equal(fb.fallback, true);
    assert.equal(fb.page.locale, 'en');
    assert.equal(fb.translation_state, 'missing');
    const en = pages['en/docs/start'];
    await owner.pb.collection('pages').update(en.id, { body: '# Getting started\n\nNew step.\n', base_revision: 1 });
    const ko = await viewer.pb.send(`/api/folio/spaces/${space.id}/resolve`, { query: { locale: 'ko', path: 'guide/start' } });
    assert.equal(ko.fallback, false);
    assert.equal(ko.outdated, true);
    assert.equal(ko.source.revision, 2);
    assert.equal(ko.source_revision, 1);
  });

  it('answers bad input with a 4xx naming the field, and moves nothing', T, async () => {
    let err = await rejects(viewer.pb.send(`/api/folio/spaces/${space.id}/tree`, { query: { locale: 'xx' } }));
    assert.equal(err.status, 400);
    assert.ok(err.response.data.locale);
    err = await rejects(viewer.pb.send(`/api/folio/spaces/${space.id}/tree`, { query: { depth: '99' } }));
    assert.ok(err.response.data.depth);
    err = await rejects(owner.pb.send(`/api/folio/pages/${pages['en/docs'].id}/move`, { method: 'POST', body: { path: 'guide/tasks/deeper', subtree: true } }));
    assert.equal(err.status, 400);
    assert.match(err.response.data.path.message, /own subtree/);
    err = await rejects(owner.pb.send(`/api/folio/pages/${pages['en/docs/install'].id}/move`, { method: 'POST', body: { path: '../x' } }));
    assert.ok(err.response.data.path);
    err = await rejects(viewer.pb.send(`/api/folio/pages/${pages['en/docs/install'].id}/move`, { method: 'POST', body: { path: 'x' } }));
    assert.equal(err.status, 403);
    assert.equal((await owner.pb.collection('pages').getOne(pages['en/docs/install'].id)).path, 'guide/install');
  });
});
