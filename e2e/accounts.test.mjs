// Accounts through the official JS SDK against the real binary: sessions a user can see and
// revoke ("your devices"), the 401 a revoked client gets and the realtime connection it loses,
// refresh within a session, the password policy, per-account throttling that does not reveal
// whether an account exists, security mail, suspension, the audit feed, export and deletion.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { getTokenPayload } from 'pocketbase';

import { rejects } from './lib/expect.mjs';
import { startFolio } from './lib/server.mjs';
import { collect, sleep } from './lib/realtime.mjs';
import { newEmail, newPassword, signIn, signUp } from './lib/users.mjs';

const T = { timeout: 120_000 };
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

/** device signs a fresh client of server in as email from a browser with that user agent. */
async function device(server, email, password, userAgent = FIREFOX) {
  const pb = server.pb();
  await pb.collection('users').authWithPassword(email, password, { headers: { 'User-Agent': userAgent } });
  return pb;
}

/** account signs up a new user; returns { email, password, id }. */
async function account(server, prefix) {
  const email = newEmail(prefix);
  const password = newPassword();
  const { record } = await signUp(server.pb(), { email, password, name: `E2E ${prefix}` });
  return { email, password, id: record.id };
}

const sidOf = (pb) => getTokenPayload(pb.authStore.token).sid;

describe('accounts', () => {
  let server;
  before(async () => { server = await startFolio(); });
  after(async () => {
    if (server) await server.stop();
  });

  it('shows "your devices" with the current one marked, and one device revokes another: 401 and realtime cut', T, async () => {
    const u = await account(server, 'devices');
    const a = await device(server, u.email, u.password, FIREFOX);
    const b = await device(server, u.email, u.password, IPHONE);
    assert.ok(sidOf(a) && sidOf(b) && sidOf(a) !== sidOf(b), 'each sign-in is its own session');

    // A's device list
    const sessions = await a.collection('sessions').getFullList({ sort: '-created' });
    assert.equal(sessions.length, 2);
    const current = sessions.filter((s) => s.current);
    assert.deepEqual(current.map((s) => s.id), [sidOf(a)], 'exactly A\'s own session is current');
    const phone = sessions.find((s) => s.id === sidOf(b));
    assert.equal(phone.device, 'mobile');
    assert.match(phone.client, /^Safari/);
    assert.equal(phone.os, 'iOS 17.5');
    assert.equal(phone.active, true);

    // both subscribe to the user's record
    const rtA = await collect(a, 'users', u.id);
    let bDisconnected = null;
    b.realtime.onDisconnect = (topics) => { bDisconnected ??= topics; };
    const rtB = await collect(b, 'users', u.id);
    await a.collection('users').update(u.id, { name: 'Renamed once' });
    await rtA.waitFor((e) => e.record.name === 'Renamed once');
    await rtB.waitFor((e) => e.record.name === 'Renamed once');

    // A revokes B through the collection API
    assert.equal(await a.collection('sessions').delete(sidOf(b)), true);

    // B's next call is a 401 the SDK surfaces, with a code the app can branch on
    const err = await rejects(b.collection('users').getOne(u.id));
    assert.equal(err.status, 401);
    assert.equal(err.response.data.session?.code, 'session_revoked');

    // B's realtime connection was closed by the server...
    const deadline = Date.now() + 10_000;
    while (!bDisconnected && Date.now() < deadline) await sleep(50);
    assert.ok(bDisconnected, 'the SDK reported the realtime disconnect');
    assert.ok(bDisconnected.some((topic) => topic.startsWith(`users/${u.id}`)), `disconnected topics: ${bDisconnected}`);
    // ...and B gets nothing after the revocation, while A still does
    const bEventsBefore = rtB.events.length;
    await a.collection('users').update(u.id, { name: 'Renamed twice' });
    await rtA.waitFor((e) => e.record.name === 'Renamed twice');
    await sleep(1500); // grace period after A's event, for a late delivery to B to show up
    assert.equal(rtB.events.length, bEventsBefore, 'B received an event after its session was revoked');
    assert.ok(!rtB.events.some((e) => e.record.name === 'Renamed twice'));

    // the row says how it ended; A's list shows it inactive
    const ended = await a.collection('sessions').getOne(sidOf(b));
    assert.equal(ended.revoked_reason, 'revoked');
    assert.equal(ended.active, false);
    await b.realtime.unsubscribe(); // stop the SDK's reconnect loop for the revoked client
  });

  it('handles a 401 after revocation with one afterSend hook', T, async () => {
    const u = await account(server, 'handle401');
    const a = await device(server, u.email, u.password);
    const b = await device(server, u.email, u.password, IPHONE);
    let signedOut = false;
    // the pattern from the README: any 401 means the session is over
    b.afterSend = (response, data) => {
      if (response.status === 401) {
        b.authStore.clear();
        signedOut = true;
      }
      return data;
    };
    await a.send('/api/folio/sessions/revoke-others', { method: 'POST' });
    await rejects(b.collection('sessions').getList());
    assert.ok(signedOut && !b.authStore.isValid, 'the client signed itself out');
    // signed out, it can sign in again right away
    await signIn(b, u.email, u.password);
    assert.ok(b.authStore.isValid);
  });

  it('logs out, signs out everywhere, and refreshes within the session', T, async () => {
    const u = await account(server, 'signout');
    const a = await device(server, u.email, u.password);
    const b = await device(server, u.email, u.password, IPHONE);
    const c = await device(server, u.email, u.password);

    const sid = sidOf(a);
    await a.collection('users').authRefresh();
    assert.equal(sidOf(a), sid, 'a refresh keeps the session');

    await c.send('/api/folio/sessions/logout', { method: 'POST' });
    await rejects(c.collection('users').getOne(u.id), 401);
    await b.collection('users').getOne(u.id); // the others are untouched

    const res = await a.send('/api/folio/sessions/revoke-all', { method: 'POST' });
    assert.equal(res.revoked, 2);
    for (const pb of [a, b]) {
      await rejects(pb.collection('users').getOne(u.id), 401);
    }
    const fresh = await device(server, u.email, u.password);
    const rows = await fresh.collection('sessions').getFullList({ filter: 'revoked_at != ""', sort: 'created' });
    assert.deepEqual(rows.map((s) => s.revoked_reason).sort(), ['logout', 'signed_out_all', 'signed_out_all']);
    // a user can never create or extend a session
    const far = '2099-01-01 00:00:00.000Z';
    await rejects(fresh.collection('sessions').create({ user: u.id, method: 'password', last_active: far, idle_expires: far, expires: far }), 403);
    await rejects(fresh.collection('sessions').update(sidOf(fresh), { expires: far }), 403);
  });

  it('enforces the password policy with errors in data.password', T, async () => {
    const guest = server.pb();
    const email = newEmail('policy');
    for (const [password, code] of [['password123', 'password_too_weak'], ['short', 'validation_min_text_constraint'], [email.split('@')[0] + '1', 'password_too_weak']]) {
      const err = await rejects(guest.collection('users').create({ email, password, passwordConfirm: password }));
      assert.equal(err.status, 400);
      assert.equal(err.response.data.password?.code, code, `${password}: ${JSON.stringify(err.response.data)}`);
      assert.ok(err.response.data.password.message.length > 20, 'the message says what to change');
    }
    const weak = await rejects(guest.collection('users').create({ email, password: 'password123', passwordConfirm: 'password123' }));
    assert.match(weak.response.data.password.message, /commonly used password/);

    const u = await account(server, 'change');
    const pb = await device(server, u.email, u.password);
    const change = await rejects(pb.collection('users').update(u.id, { oldPassword: u.password, password: 'qwertyuiop', passwordConfirm: 'qwertyuiop' }));
    assert.equal(change.response.data.password?.code, 'password_too_weak');
  });

  it('throttles an identity after 5 failures, answering known and unknown identities alike', T, async () => {
    const u = await account(server, 'throttle');
    const unknown = newEmail('nobody');
    const answers = { known: [], unknown: [] };
    for (let i = 0; i < 7; i++) {
      for (const [who, email] of [['known', u.email], ['unknown', unknown]]) {
        const err = await rejects(server.pb().collection('users').authWithPassword(email, 'wrong-password-attempt'));
        const masked = JSON.stringify(err.response).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, '<time>');
        answers[who].push(`${err.status} ${masked}`);
      }
    }
    assert.deepEqual(answers.known, answers.unknown, 'the answers reveal whether the account exists');
    assert.deepEqual(answers.known.map((a) => a.slice(0, 3)), ['400', '400', '400', '400', '400', '429', '429']);
    const locked = await rejects(server.pb().collection('users').authWithPassword(u.email, u.password));
    assert.equal(locked.status, 429, 'the right password waits too');
    assert.equal(locked.response.data.identity.code, 'too_many_attempts');
    const retryAfter = locked.response.data.identity.params.retryAfter;
    assert.ok(retryAfter > 0 && retryAfter <= 60, `retryAfter ${retryAfter}`);
    assert.match(locked.message, /Try again in \d+ seconds/);
    await server.mailbox.waitFor(u.email, /refuses sign-ins to it until/);
  });

  it('mails a sign-in from a new device and a password change', T, async () => {
    const u = await account(server, 'mail');
    const first = await device(server, u.email, u.password, FIREFOX);
    await device(server, u.email, u.password, IPHONE);
    const { message } = await server.mailbox.waitFor(u.email, /Safari 17 on iOS 17\.5/);
    assert.match(message.subject, /New sign-in to your Folio account/);

    const password = newPassword();
    await first.collection('users').update(u.id, { oldPassword: u.password, password, passwordConfirm: password });
    await server.mailbox.waitFor(u.email, /password of your Folio account was changed/);
    // every session ended with the change, the rows say so
    const again = await device(server, u.email, password);
    const ended = await again.collection('sessions').getFullList({ filter: 'revoked_reason = "password_changed"' });
    assert.equal(ended.length, 2);
  });

  it('suspends and restores an account from the dashboard', T, async () => {
    const u = await account(server, 'suspend');
    const pb = await device(server, u.email, u.password);
    const admin = await server.admin();
    await admin.collection('users').update(u.id, { status: 'suspended' });
    await rejects(pb.collection('users').getOne(u.id), 401);
    const refused = await rejects(device(server, u.email, u.password));
    assert.equal(refused.status, 403);
    assert.match(refused.message, /suspended/);
    await admin.collection('users').update(u.id, { status: 'active' });
    await device(server, u.email, u.password);
  });

  it('lists the account\'s own audit events, which nobody can change', T, async () => {
    const u = await account(server, 'audit');
    const pb = await device(server, u.email, u.password);
    await rejects(server.pb().collection('users').authWithPassword(u.email, 'wrong-password-attempt'));
    const events = await pb.collection('audit_events').getFullList({ sort: 'seq' });
    const actions = events.map((e) => e.action);
    for (const want of ['account.created', 'auth.signin', 'auth.failed']) {
      assert.ok(actions.includes(want), `${want} missing from ${actions}`);
    }
    assert.ok(events.every((e) => e.user === u.id), 'only the account\'s own events');
    await rejects(pb.collection('audit_events').delete(events[0].id), 403);
    const admin = await server.admin();
    await rejects(admin.collection('audit_events').update(events[0].id, { action: 'forged' }), 403);
  });

  it('exports everything about the caller and deletes the account with its password', T, async () => {
    const u = await account(server, 'gdpr');
    const pb = await device(server, u.email, u.password);
    const space = await pb.collection('spaces').create({ slug: `gdpr-${Date.now()}`, name: 'Mine', visibility: 'private', source_locale: 'en' });

    const doc = await pb.send('/api/folio/account/export');
    assert.equal(doc.format, 'folio.account-export.v1');
    assert.equal(doc.parts.profile.email, u.email);
    assert.equal(doc.parts.sessions.length, 1);
    assert.equal(doc.parts.memberships[0].space_slug, space.slug);
    assert.ok(doc.parts.audit_events.some((e) => e.action === 'auth.signin'));

    const wrong = await rejects(pb.send('/api/folio/account/delete', { method: 'POST', body: { password: 'not-my-password' } }));
    assert.equal(wrong.response.data.password?.code, 'invalid_password');
    const lastOwner = await rejects(pb.send('/api/folio/account/delete', { method: 'POST', body: { password: u.password } }));
    assert.equal(lastOwner.status, 409);
    assert.match(lastOwner.message, /last owner/);

    await pb.collection('spaces').delete(space.id);
    await pb.send('/api/folio/account/delete', { method: 'POST', body: { password: u.password } });
    await rejects(pb.collection('sessions').getList(), 401);
    const gone = await rejects(server.pb().collection('users').authWithPassword(u.email, u.password));
    assert.equal(gone.status, 400, 'the deleted account signs in like an unknown one');
  });
});
