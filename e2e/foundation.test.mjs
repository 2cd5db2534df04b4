// The foundation through the official JS SDK against the real binary: accounts, spaces and their
// rules, invitations by mail, realtime on memberships, and the error shape a frontend reads.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { rejects } from './lib/expect.mjs';
import { startFolio } from './lib/server.mjs';
import { collect, sleep } from './lib/realtime.mjs';
import { newEmail, newPassword, newUser, randomSecret, signIn, signUp, verifyEmail } from './lib/users.mjs';

const T = { timeout: 120_000 };

function newSlug(prefix = 'space') {
  return `${prefix}-${randomSecret(4)}`;
}

async function createSpace(pb, { visibility = 'private', ...data } = {}) {
  return pb.collection('spaces').create({
    slug: newSlug(), name: 'E2E space', visibility, source_locale: 'en', locales: ['en'], ...data,
  });
}

// The invitation mail carries a link with ?token=...; the reference client's /invite page reads it.
const INVITE_TOKEN = /[?&]token=([A-Za-z0-9_\-.~%]+)/;

describe('foundation', () => {
  let server;
  before(async () => { server = await startFolio(); });
  after(async () => {
    if (server) await server.stop();
  });

  it('serves the reference client on / without shadowing /api/ or /_/', T, async () => {
    const page = await fetch(`${server.url}/invite?token=abc`);
    assert.equal(page.status, 200, 'a client-side route falls back to index.html');
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await page.text(), /<title>[^<]*Folio/i);

    for (const missing of ['/assets/no-such-file.js', '/favicon.png']) {
      const res = await fetch(server.url + missing);
      assert.equal(res.status, 404, `a missing static file (${missing}) is a 404, not the client's page`);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    }
    const pageURL = await fetch(`${server.url}/s/docs/en/release-notes/v1.2`);
    assert.equal(pageURL.status, 200, 'a page path with a dot is still a client route');

    const api = await fetch(`${server.url}/api/no-such-route`);
    assert.equal(api.status, 404, 'an unknown API path stays a 404');
    assert.match(api.headers.get('content-type') ?? '', /application\/json/);
    assert.equal((await api.json()).status, 404);

    const dashboard = await fetch(`${server.url}/_/`);
    assert.equal(dashboard.status, 200, 'the dashboard is still served');
    assert.match(await dashboard.text(), /<title>PocketBase<\/title>/, 'the dashboard, not the reference client');
  });

  it('signs up and signs in through the users collection', T, async () => {
    const pb = server.pb();
    const email = newEmail('Signup').replace('Signup', 'SignUp'); // mixed case on purpose
    const password = newPassword();
    const { record } = await signUp(pb, { email, password, name: '  Ada  ' });

    const auth = await signIn(pb, email.toLowerCase(), password);
    assert.ok(pb.authStore.isValid, 'the SDK holds a valid token');
    assert.equal(auth.record.id, record.id);
    assert.equal(auth.record.email, email.toLowerCase(), 'emails are stored in lowercase');
    assert.equal(auth.record.name, 'Ada', 'the name is trimmed');
    assert.equal(auth.record.verified, false);
    assert.equal(auth.record.status, undefined, 'status is hidden from the user');

    const wrong = await rejects(server.pb().collection('users').authWithPassword(email, 'not-the-password'));
    assert.equal(wrong.status, 400);
  });

  it('reports validation errors in response.data, field by field', T, async () => {
    const guest = server.pb();
    const password = newPassword();
    const badEmail = await rejects(guest.collection('users').create({ email: 'not-an-email', password, passwordConfirm: password }));
    assert.equal(badEmail.status, 400);
    assert.equal(badEmail.response.data.email?.code, 'validation_is_email');
    assert.ok(badEmail.response.data.email.message.length > 0);

    const mismatch = await rejects(guest.collection('users').create({ email: newEmail(), password, passwordConfirm: password + 'x' }));
    assert.equal(mismatch.response.data.passwordConfirm?.code, 'validation_values_mismatch');

    const { pb } = await newUser(server, { prefix: 'slugs' });
    const space = await createSpace(pb);
    const dup = await rejects(createSpace(pb, { slug: space.slug }));
    assert.equal(dup.status, 400);
    assert.equal(dup.response.data.slug?.code, 'validation_not_unique');
    assert.ok(dup.response.data.slug.message.length > 0);

    const badSlug = await rejects(createSpace(pb, { slug: '!!!' }));
    assert.equal(badSlug.status, 400);
    assert.match(badSlug.response.data.slug?.code ?? '', /^validation_/);
    assert.ok(badSlug.response.data.slug.message.length > 0);
  });

  it('makes the creator of a space its owner', T, async () => {
    const owner = await newUser(server, { prefix: 'owner' });
    const space = await createSpace(owner.pb);
    const members = await owner.pb.collection('memberships').getFullList({
      filter: owner.pb.filter('space = {:space}', { space: space.id }),
    });
    assert.equal(members.length, 1, 'exactly one membership after create');
    assert.equal(members[0].user, owner.id);
    assert.equal(members[0].role, 'owner');
  });

  it('keeps a private space invisible to a stranger and a guest', T, async () => {
    const owner = await newUser(server, { prefix: 'private' });
    const secret = await createSpace(owner.pb, { visibility: 'private' });
    const open = await createSpace(owner.pb, { visibility: 'public' });
    const stranger = await newUser(server, { prefix: 'stranger' });
    const guest = server.pb();

    for (const [who, pb] of [['stranger', stranger.pb], ['guest', guest]]) {
      const list = await pb.collection('spaces').getFullList();
      const ids = list.map((s) => s.id);
      assert.ok(!ids.includes(secret.id), `${who} must not list the private space`);
      assert.ok(ids.includes(open.id), `${who} lists the public space`);
      const err = await rejects(pb.collection('spaces').getOne(secret.id));
      assert.equal(err.status, 404, `${who} gets 404 on the private space`);
      const members = await pb.collection('memberships').getFullList({
        filter: pb.filter('space = {:space}', { space: secret.id }),
      });
      assert.equal(members.length, 0, `${who} sees no memberships of the private space`);
    }
    assert.equal((await owner.pb.collection('spaces').getOne(secret.id)).id, secret.id, 'the owner views it');
  });

  it('invites by mail; the invitee verifies, accepts, and the owner sees it live', T, async () => {
    const owner = await newUser(server, { prefix: 'inviter' });
    const stranger = await newUser(server, { prefix: 'onlooker' });
    const guest = server.pb();
    const space = await createSpace(owner.pb, { visibility: 'private' });

    const ownerFeed = await collect(owner.pb, 'memberships');
    const strangerFeed = await collect(stranger.pb, 'memberships');
    const guestFeed = await collect(guest, 'memberships');

    const inviteeEmail = newEmail('invitee');
    const invitation = await owner.pb.collection('invitations').create({ space: space.id, email: inviteeEmail, role: 'editor' });
    assert.equal(invitation.token_hash, undefined, 'the token hash never leaves the server');
    const { match } = await server.mailbox.waitFor(inviteeEmail, INVITE_TOKEN);
    const token = decodeURIComponent(match[1]);

    // The invitee signs up with the invited address and verifies it through the real mail flow.
    const invitee = server.pb();
    const { password } = await signUp(invitee, { email: inviteeEmail, name: 'Invitee' });
    await verifyEmail(invitee, server.mailbox, inviteeEmail);
    const auth = await signIn(invitee, inviteeEmail, password);
    assert.equal(auth.record.verified, true);

    const bogus = await rejects(invitee.send('/api/folio/invitations/accept', { method: 'POST', body: { token: 'x' + token } }));
    assert.ok(bogus.status >= 400 && bogus.status < 500, `a wrong token is a 4xx, got ${bogus.status}`);

    await invitee.send('/api/folio/invitations/accept', { method: 'POST', body: { token } });

    const created = await ownerFeed.waitFor(
      (e) => e.action === 'create' && e.record.space === space.id && e.record.user === auth.record.id,
      { what: "the new member's create event" },
    );
    assert.equal(created.record.role, 'editor');

    // Sentinel: an event the stranger may see, sent after the accept. Once it has arrived (plus a
    // grace period for PocketBase's per-client send goroutines), the member event never will.
    const own = await createSpace(stranger.pb);
    await strangerFeed.waitFor((e) => e.action === 'create' && e.record.space === own.id, { what: 'its own owner membership' });
    await sleep(500);
    assert.deepEqual(strangerFeed.events.filter((e) => e.record.space === space.id), [], 'the stranger got the private member event');
    assert.deepEqual(guestFeed.events, [], 'a guest got a memberships event');

    // Membership is real: the invitee now reads the private space and its members.
    assert.equal((await invitee.collection('spaces').getOne(space.id)).id, space.id);
    const members = await invitee.collection('memberships').getFullList({
      filter: invitee.filter('space = {:space}', { space: space.id }),
    });
    assert.deepEqual(members.map((m) => m.role).sort(), ['editor', 'owner']);
    assert.equal((await owner.pb.collection('invitations').getOne(invitation.id)).status, 'accepted');

    const again = await rejects(invitee.send('/api/folio/invitations/accept', { method: 'POST', body: { token } }));
    assert.ok(again.status >= 400 && again.status < 500, `a used token is a 4xx, got ${again.status}`);

    await Promise.all([ownerFeed.unsubscribe(), strangerFeed.unsubscribe(), guestFeed.unsubscribe()]);
  });
});
