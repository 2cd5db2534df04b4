// Events out through the official JS SDK: signed webhooks that survive a failing receiver and a
// kill -9 of Folio, checked with the Standard Webhooks reference verifier; watches and live
// notifications; mentions that reach members only.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import PocketBase from 'pocketbase';
import { Webhook } from 'standardwebhooks';

import { collect, sleep } from './lib/realtime.mjs';
import { freePort } from './lib/server.mjs';
import { newSpace, startWithUsers } from './lib/setup.mjs';
import { randomSecret, signIn, signUp } from './lib/users.mjs';

const WAIT_MS = 30_000;

/** waitUntil polls cond every 50 ms until it is true, or throws after ms. */
async function waitUntil(cond, what, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(50);
  }
}

/**
 * startReceiver is a webhook endpoint on 127.0.0.1 that fails the first `fail` requests with
 * 500, can go down (its port refuses connections) and come back on the same port.
 */
async function startReceiver({ fail = 0 } = {}) {
  const port = await freePort();
  const got = [];
  let server = null;
  const up = () => new Promise((resolve, reject) => {
    server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const status = fail > 0 ? 500 : 200;
        if (fail > 0) fail--;
        got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
        res.writeHead(status, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const down = () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  await up();
  return { url: `http://127.0.0.1:${port}/hook`, got, up, down };
}

/** spawnFolio runs the built binary on dir (kept across restarts) and waits for health. */
async function spawnFolio(dir, env) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(path.resolve(process.env.FOLIO_BIN), ['serve', `--http=127.0.0.1:${port}`, `--dir=${dir}`, '--dev=false'], {
    env: { ...process.env, FOLIO_RATE_LIMITS: 'off', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => { out = (out + c).slice(-50_000); });
  child.stderr.on('data', (c) => { out = (out + c).slice(-50_000); });
  const exited = new Promise((r) => child.once('exit', r));
  await waitUntil(async () => {
    if (child.exitCode !== null) throw new Error(`folio exited:\n${out}`);
    try { return (await fetch(`${url}/api/health`)).ok; } catch { return false; }
  }, 'folio healthy', 60_000);
  return { url, child, exited, logs: () => out };
}

describe('webhooks', () => {
  test('every event arrives at least once, in order, signed, across failures, downtime and a kill -9', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'folio-events-'));
    const env = {
      FOLIO_WEBHOOK_ALLOW_PRIVATE: 'true', FOLIO_WEBHOOK_RETRY_BASE: '100ms', FOLIO_WEBHOOK_RETRY_MAX: '400ms',
      FOLIO_EVENTS_POLL: '100ms',
    };
    let folio = await spawnFolio(dir, env);
    const rcv = await startReceiver({ fail: 2 });
    try {
      const pb = new PocketBase(folio.url);
      const owner = await signUp(pb, { name: 'Owner' });
      await signIn(pb, owner.email, owner.password);
      const space = await pb.collection('spaces').create({ slug: `hooks-${randomSecret(3)}`, name: 'Hooks', source_locale: 'en', locales: ['en'] });
      const hook = await pb.collection('webhooks').create({ space: space.id, url: rcv.url, description: 'e2e' });
      assert.match(hook.secret, /^whsec_/);
      assert.equal((await pb.collection('webhooks').getOne(hook.id)).secret, undefined, 'the secret is shown once');

      const expected = []; // [type, record id] in the order Folio must deliver them
      const create = async (p) => {
        const page = await pb.collection('pages').create({ space: space.id, locale: 'en', path: p, title: p, body: `# ${p}\n`, status: 'published' });
        expected.push(['page.created', page.id], ['page.published', page.id]);
        return page;
      };
      const a = await create('a');
      const edited = await pb.collection('pages').update(a.id, { body: '# a\n\nmore\n', base_revision: 1 });
      expected.push(['page.updated', a.id]);
      assert.equal(edited.revision, 2);
      // The receiver failed twice, then took some: now it goes down while pages keep changing.
      await waitUntil(() => rcv.got.filter((r) => r.status === 200).length >= 1, 'a first successful delivery');
      await rcv.down();
      for (const p of ['b', 'c', 'd']) await create(p);
      // kill -9 right after the last write: the events are committed, not yet delivered.
      folio.child.kill('SIGKILL');
      await folio.exited;
      assert.ok(rcv.got.filter((r) => r.status === 200).length < expected.length, 'events were pending at the kill');
      await rcv.up();
      folio = await spawnFolio(dir, env);

      const verifier = new Webhook(hook.secret);
      const firstOk = () => {
        const seen = new Map();
        for (const r of rcv.got) if (r.status === 200 && !seen.has(r.headers['webhook-id'])) seen.set(r.headers['webhook-id'], r);
        return [...seen.values()];
      };
      await waitUntil(() => firstOk().length >= expected.length, `all ${expected.length} events delivered`);
      const delivered = firstOk().map((r) => {
        const msg = verifier.verify(r.body, {
          'webhook-id': r.headers['webhook-id'], 'webhook-timestamp': r.headers['webhook-timestamp'],
          'webhook-signature': r.headers['webhook-signature'],
        });
        return [msg.type, msg.data.page.id];
      });
      assert.deepEqual(delivered, expected);
      // In order attempt by attempt too: no request goes back to an earlier event.
      const order = firstOk().map((r) => r.headers['webhook-id']);
      let last = -1;
      for (const r of rcv.got) {
        const at = order.indexOf(r.headers['webhook-id']);
        assert.ok(at >= last, `attempt for event ${at} after event ${last}`);
        last = at;
      }
      // A tampered body fails the reference verifier.
      const r0 = firstOk()[0];
      assert.throws(() => verifier.verify(r0.body.replace('page', 'pagE'), {
        'webhook-id': r0.headers['webhook-id'], 'webhook-timestamp': r0.headers['webhook-timestamp'], 'webhook-signature': r0.headers['webhook-signature'],
      }));
      // The deliveries log, read by the owner through the SDK.
      const log = await new PocketBase(folio.url).collection('users').authWithPassword(owner.email, owner.password)
        .then(async (auth) => {
          const c = new PocketBase(folio.url);
          c.authStore.save(auth.token, auth.record);
          return c.collection('deliveries').getFullList({ filter: `webhook = "${hook.id}"`, sort: 'seq' });
        });
      assert.equal(log.length, expected.length);
      assert.ok(log.every((d) => d.status === 'succeeded'), JSON.stringify(log.map((d) => d.status)));
      assert.ok(log[0].attempt >= 3, `the first delivery took ${log[0].attempt} attempts`);
    } finally {
      folio.child.kill('SIGKILL');
      await folio.exited;
      await rcv.down().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('watches and notifications', () => {
  let server;
  let users;
  let space;
  let otherSpace;

  before(async () => {
    ({ server, users } = await startWithUsers('events', ['owner', 'watcher', 'author', 'viewer', 'outsider']));
    space = await newSpace(users.owner, {
      server,
      prefix: 'watch', members: [[users.watcher, 'editor'], [users.author, 'editor'], [users.viewer, 'viewer']],
    });
    otherSpace = await newSpace(users.outsider, { server, prefix: 'elsewhere' });
    assert.ok(otherSpace.id);
  });
  after(async () => server?.stop());

  test('an editor watches a page; another edits it; a live notification arrives for the watcher only', async () => {
    const page = await users.author.pb.collection('pages').create({
      space: space.id, locale: 'en', path: `watched-${randomSecret(3)}`, title: 'Watched page', body: '# One\n', status: 'published',
    });
    await users.watcher.pb.collection('watches').create({ user: users.watcher.id, kind: 'page', page: page.id });
    const mine = await collect(users.watcher.pb, 'notifications', '*');
    const theirs = await Promise.all(['owner', 'viewer', 'outsider', 'author'].map((n) => collect(users[n].pb, 'notifications', '*')));

    await users.author.pb.collection('pages').update(page.id, { body: '# One\n\nTwo.\n', base_revision: 1 });
    const e = await mine.waitFor((ev) => ev.action === 'create' && ev.record.page === page.id, { what: 'the edit notification' });
    assert.equal(e.record.reason, 'edit');
    assert.equal(e.record.user, users.watcher.id);
    assert.equal(e.record.title, 'Watched page');
    assert.equal(e.record.read, false);
    await sleep(500);
    for (const t of theirs) assert.equal(t.events.length, 0, 'a realtime notification reached someone else');

    // Marking it read is the one change allowed.
    const read = await users.watcher.pb.collection('notifications').update(e.record.id, { read: true, reason: 'mention' });
    assert.equal(read.read, true);
    assert.equal(read.reason, 'edit');
    await mine.unsubscribe();
    for (const t of theirs) await t.unsubscribe();
  });

  test('a mention in a comment notifies the mentioned member and nobody outside the space', async () => {
    const page = await users.author.pb.collection('pages').create({
      space: space.id, locale: 'en', path: `mention-${randomSecret(3)}`, title: 'Mentions', body: '# M\n', status: 'published',
    });
    const viewerLive = await collect(users.viewer.pb, 'notifications', '*');
    const outsiderLive = await collect(users.outsider.pb, 'notifications', '*');
    await users.author.pb.collection('comments').create({
      page: page.id, author: users.author.id,
      body: `Please check, @[${users.viewer.name}] and @[${users.outsider.name}] (${users.outsider.email}) @${users.outsider.email}`,
    });
    const e = await viewerLive.waitFor((ev) => ev.record.page === page.id, { what: 'the mention' });
    assert.equal(e.record.reason, 'mention');
    await sleep(500);
    assert.equal(outsiderLive.events.length, 0);
    assert.equal((await users.outsider.pb.collection('notifications').getFullList()).length, 0);
    // Nobody else in the space was mentioned: the owner has none about this page.
    assert.equal((await users.owner.pb.collection('notifications').getFullList({ filter: `page = "${page.id}"` })).length, 0);
    await viewerLive.unsubscribe();
    await outsiderLive.unsubscribe();
  });

  test('nobody makes watches for others or watches what they cannot read', async () => {
    const draft = await users.author.pb.collection('pages').create({
      space: space.id, locale: 'en', path: `draft-${randomSecret(3)}`, title: 'Draft', body: '# D\n', status: 'draft',
    });
    await assert.rejects(users.viewer.pb.collection('watches').create({ user: users.viewer.id, kind: 'page', page: draft.id }), (err) => err.status === 400);
    await assert.rejects(users.outsider.pb.collection('watches').create({ user: users.outsider.id, kind: 'space', space: space.id }), (err) => err.status === 400);
    await assert.rejects(users.watcher.pb.collection('watches').create({ user: users.viewer.id, kind: 'space', space: space.id }), (err) => err.status === 400);
    const ok = await users.viewer.pb.collection('watches').create({ user: users.viewer.id, kind: 'space', space: space.id });
    assert.equal(ok.kind, 'space');
  });
});
