// Translations through the official JS SDK against the real binary: translation_state kept on
// every save, minor edits, realtime updates of the states, the group and coverage reports, and
// their rules.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { rejects } from './lib/expect.mjs';
import { newSpace, startWithUsers } from './lib/setup.mjs';
import { collect } from './lib/realtime.mjs';

const T = { timeout: 120_000 };

const guide = {
  en: ['Installing Folio', '# Installing Folio\n\nDownload the binary and run `folio serve`.\n'],
  ko: ['Folio 설치하기', '# Folio 설치하기\n\n바이너리를 내려받아 `folio serve`를 실행합니다.\n'],
  ja: ['Folio のインストール', '# Folio のインストール\n\nバイナリをダウンロードして `folio serve` を実行します。\n'],
  zh: ['安装 Folio', '# 安装 Folio\n\n下载二进制文件并运行 `folio serve`。\n'],
};

describe('translations', () => {
  let server;
  let owner;
  let viewer;
  let stranger;
  let space;
  const pages = {};

  before(async () => {
    ({ server, users: { owner, viewer, stranger } } = await startWithUsers('tr', ['owner', 'viewer', 'stranger']));
    space = await newSpace(owner, { server, prefix: 'tr', name: 'Guides', locales: ['en', 'ko', 'ja', 'zh'], members: [[viewer, 'viewer']] });
    for (const [locale, [title, body]] of Object.entries(guide)) {
      pages[locale] = await owner.pb.collection('pages').create({
        space: space.id, locale, path: 'guide/install', title, body, status: locale === 'ja' ? 'draft' : 'published',
      });
    }
  });
  after(async () => {
    if (server) await server.stop();
  });

  it('gives every page its state on create', T, async () => {
    assert.equal(pages.en.translation_state, 'source');
    assert.equal(pages.en.source_revision, 0);
    for (const l of ['ko', 'ja', 'zh']) {
      assert.equal(pages[l].translation_state, 'current', l);
      assert.equal(pages[l].source_revision, 1, `${l} is made from the source's head`);
    }
  });

  it('refuses a source_revision the source does not have', T, async () => {
    const err = await rejects(owner.pb.collection('pages').update(pages.zh.id, { source_revision: 9 }));
    assert.equal(err.status, 400);
    assert.equal(err.response.data.source_revision.code, 'validation_invalid_source_revision');
    assert.match(err.response.message, /1 to 1/);
  });

  it('outdates translations on a source edit, not on a minor one, and tells subscribers', T, async () => {
    const watch = await collect(viewer.pb, 'pages', '*', { filter: `space = "${space.id}"` });
    try {
      let en = await owner.pb.collection('pages').update(pages.en.id, {
        body: `${guide.en[1]}\nTypo fixed.\n`, base_revision: 1, minor: true,
      });
      assert.equal((await owner.pb.collection('pages').getOne(pages.ko.id)).translation_state, 'current');

      en = await owner.pb.collection('pages').update(pages.en.id, {
        body: `${guide.en[1]}\nBack up pb_data before upgrading.\n`, base_revision: en.revision,
      });
      assert.equal(en.revision, 3);
      const e = await watch.waitFor((ev) => ev.action === 'update' && ev.record.id === pages.ko.id && ev.record.translation_state === 'outdated',
        { what: 'the ko page turning outdated' });
      assert.equal(e.record.source_revision, 1);
      await watch.waitFor((ev) => ev.record.id === pages.zh.id && ev.record.translation_state === 'outdated');
      assert.ok(!watch.events.some((ev) => ev.record.id === pages.ja.id), 'a viewer hears nothing of a draft');
    } finally {
      await watch.unsubscribe();
    }
  });

  it('shows a translator what changed and lets them catch up', T, async () => {
    const group = await owner.pb.send(`/api/folio/pages/${pages.ko.id}/translations`);
    assert.equal(group.source, pages.en.id);
    assert.deepEqual(group.missing, []);
    const ko = group.pages.find((p) => p.id === pages.ko.id);
    assert.equal(ko.translation_state, 'outdated');
    assert.equal(ko.diff.from, 1);
    assert.equal(ko.diff.to, 3);
    assert.match(ko.diff.body.unified, /\+Back up pb_data before upgrading\./);

    const caughtUp = await owner.pb.collection('pages').update(pages.ko.id, {
      body: `${guide.ko[1]}\n업그레이드 전에 pb_data를 백업하세요.\n`, base_revision: 1, source_revision: 3,
    });
    assert.equal(caughtUp.translation_state, 'current');
    assert.equal(caughtUp.source_revision, 3);
  });

  it('reports coverage per locale with only what the caller may read', T, async () => {
    const r = await viewer.pb.send(`/api/folio/spaces/${space.id}/translations`);
    const by = Object.fromEntries(r.locales.map((l) => [l.locale, l]));
    assert.deepEqual(r.locales.map((l) => l.locale), ['en', 'ko', 'ja', 'zh']);
    assert.equal(r.source_pages, 1);
    assert.equal(by.ko.coverage, 100);
    assert.equal(by.zh.outdated, 1);
    assert.equal(by.zh.outdated_pages[0].source_head, 3);
    assert.equal(by.ja.pages, 0, 'the ja draft is not counted for a viewer');
    assert.equal(by.ja.missing, 1);

    const asOwner = await owner.pb.send(`/api/folio/spaces/${space.id}/translations`);
    assert.equal(asOwner.locales.find((l) => l.locale === 'ja').pages, 1);

    for (const pb of [stranger.pb, server.pb()]) {
      const err = await rejects(pb.send(`/api/folio/spaces/${space.id}/translations`));
      assert.equal(err.status, 404);
      const err2 = await rejects(pb.send(`/api/folio/pages/${pages.ko.id}/translations`));
      assert.equal(err2.status, 404);
    }
    const draft = await rejects(viewer.pb.send(`/api/folio/pages/${pages.ja.id}/translations`));
    assert.equal(draft.status, 404);
  });

  it('orphans translations when the source is deleted', T, async () => {
    await owner.pb.collection('pages').delete(pages.en.id);
    const ko = await owner.pb.collection('pages').getOne(pages.ko.id);
    assert.equal(ko.translation_state, 'orphaned');
    assert.equal(ko.source_revision, 0);
    const r = await owner.pb.send(`/api/folio/spaces/${space.id}/translations`);
    assert.equal(r.locales.find((l) => l.locale === 'ko').orphaned, 1);
  });
});
