// Search through the official JS SDK against the real binary: pb.send('/api/folio/search'),
// what guests, viewers and editors each find, the index following SDK edits and deletes, and
// the 400 a query with a syntax error gets.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { ClientResponseError } from 'pocketbase';

import { startFolio } from './lib/server.mjs';
import { newUser, randomSecret } from './lib/users.mjs';

const T = { timeout: 120_000 };

const search = (pb, query) => pb.send('/api/folio/search', { query });
const ids = (res) => res.items.map((h) => h.id);

describe('search', () => {
  let server;
  let owner;
  let viewer;
  let guest;
  const pages = {};

  before(async () => {
    server = await startFolio({ mail: false });
    owner = await newUser(server, { prefix: 'se-owner' });
    viewer = await newUser(server, { prefix: 'se-viewer' });
    guest = server.pb();
    const spaceOf = async (visibility) => owner.pb.collection('spaces').create({
      slug: `se-${visibility}-${randomSecret(3)}`, name: visibility, visibility, source_locale: 'en', locales: ['zh', 'ko'],
    });
    const open = await spaceOf('public');
    const closed = await spaceOf('private');
    await (await server.admin()).collection('memberships').create({ space: closed.id, user: viewer.id, role: 'viewer' });
    const add = (key, space, data) => owner.pb.collection('pages').create({ space: space.id, status: 'published', ...data })
      .then((p) => { pages[key] = p; });
    await add('zh', open, { locale: 'zh', path: 'notes/shanghai', title: '上海生活笔记',
      body: '我每天早上坐**地铁**上班，周末去公园跑步。' });
    await add('zhDraft', open, { locale: 'zh', path: 'notes/draft', title: '草稿', body: '地铁线路图还没画完。', status: 'draft' });
    await add('ko', closed, { locale: 'ko', path: 'ops/log', title: '서버 운영 일지', body: '어제 새 클러스터를 만들었습니다.' });
    await add('koDraft', closed, { locale: 'ko', path: 'ops/draft', title: '초안', body: '클러스터를 지울 계획입니다.', status: 'draft' });
  });
  after(async () => {
    if (server) await server.stop();
  });

  it('finds a two-character Chinese word mid-sentence and marks it on the text as written', T, async () => {
    const res = await search(guest, { q: '地铁' });
    assert.deepEqual(ids(res), [pages.zh.id], 'a guest sees the published page of the public space only');
    assert.equal(res.page, 1);
    assert.equal(res.perPage, 20);
    assert.equal(res.totalItems, 1);
    assert.equal(res.totalCapped, false);
    const [hit] = res.items;
    assert.equal(hit.space, pages.zh.space);
    assert.equal(hit.locale, 'zh');
    assert.equal(hit.path, 'notes/shanghai');
    assert.equal(hit.title, '上海生活笔记');
    assert.match(hit.snippet, /坐<mark>地铁<\/mark>上班/);
    assert.ok(!hit.snippet.includes('**'), 'no markdown in the snippet');
    assert.equal(hit.score, undefined); // scores would count hidden pages
  });

  it('shows private pages to their viewers, drafts to their editors only', T, async () => {
    assert.deepEqual(ids(await search(guest, { q: '클러스터' })), []);
    assert.deepEqual(ids(await search(viewer.pb, { q: '클러스터' })), [pages.ko.id]);
    const mine = ids(await search(owner.pb, { q: '클러스터' }));
    assert.deepEqual(mine.sort(), [pages.ko.id, pages.koDraft.id].sort());
    assert.deepEqual(ids(await search(owner.pb, { q: '클러스터', locale: 'zh' })), []);
  });

  it('follows edits and deletes made through the SDK at once', T, async () => {
    await owner.pb.collection('pages').update(pages.zh.id, { title: '上海交通笔记', base_revision: pages.zh.revision });
    assert.deepEqual(ids(await search(guest, { q: '交通' })), [pages.zh.id]);
    assert.deepEqual(ids(await search(guest, { q: '生活' })), []);
    await owner.pb.collection('pages').delete(pages.zh.id);
    assert.deepEqual(ids(await search(guest, { q: '地铁' })), []);
  });

  it('answers a query it cannot read with a 400 naming q', T, async () => {
    // Each refusal is a ClientResponseError whose data.q.code says why and whose message says
    // what to change.
    const refused = (q, code, message) => assert.rejects(search(guest, { q }), (err) => {
      assert.ok(err instanceof ClientResponseError, String(err));
      assert.equal(err.status, 400);
      assert.equal(err.response.data.q.code, code);
      assert.match(err.response.message, message);
      return true;
    });
    await refused('"unclosed', 'validation_search_unclosed_quote', /closing/);
    await refused('le*', 'validation_search_prefix_too_short', /at least 3 letters/);
    await refused('kub* clu* ope*', 'validation_search_too_many_prefixes', /remove the \*/);
    await refused('"the of the of the of"', 'validation_search_phrase_repeats', /repeats "the"/);
  });
});
