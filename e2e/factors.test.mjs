// Second factors through the official JS SDK against the real binary: an authenticator app
// enrolled and confirmed, the password step answered with PocketBase's mfaId (the SDK's
// ClientResponseError.response.mfaId), the code ending the sign-in with a session that says
// "password+totp", recovery codes, bad input, and a space that requires a second factor.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { getTokenPayload } from 'pocketbase';

import { rejects } from './lib/expect.mjs';
import { startFolio } from './lib/server.mjs';
import { newSpace } from './lib/setup.mjs';
import { totp } from './lib/totp.mjs';
import { newUser, randomSecret } from './lib/users.mjs';

const T = { timeout: 120_000 };

/** enrol sets up and confirms an authenticator app for u; returns { secret, recoveryCodes }. */
async function enrol(u) {
  const started = await u.pb.send('/api/folio/factors/totp', { method: 'POST', body: { name: 'Phone' } });
  assert.match(started.uri, /^otpauth:\/\/totp\//);
  assert.match(started.qr, /^data:image\/png;base64,/);
  const done = await u.pb.send('/api/folio/factors/totp/confirm', { method: 'POST', body: { id: started.id, code: totp(started.secret) } });
  return { secret: started.secret, recoveryCodes: done.recoveryCodes };
}

/** passwordStep signs a fresh client in with the password and returns [client, mfaId]. */
async function passwordStep(server, u) {
  const pb = server.pb();
  const err = await rejects(pb.collection('users').authWithPassword(u.email, u.password), 401);
  assert.ok(err.response.mfaId, `401 carries an mfaId: ${JSON.stringify(err.response)}`);
  assert.equal(pb.authStore.isValid, false, 'no token after the first step');
  return [pb, err.response.mfaId];
}

/** finish ends a sign-in with body and stores the answer in pb's auth store, as a client does. */
async function finish(pb, body) {
  const res = await pb.send('/api/folio/factors/verify', { method: 'POST', body });
  pb.authStore.save(res.token, res.record);
  return res;
}


describe('second factors', () => {
  let server;
  before(async () => {
    server = await startFolio({ mail: false, env: { FOLIO_FACTOR_KEY: `e2e-${randomSecret(24)}` } });
  });
  after(async () => { if (server) await server.stop(); });

  it('password → mfaId → authenticator code → token with a "password+totp" session', T, async () => {
    const u = await newUser(server, { prefix: 'totp' });
    const { secret, recoveryCodes } = await enrol(u);
    assert.equal(recoveryCodes.length, 10);

    const [pb, mfaId] = await passwordStep(server, u);
    // the confirming code is spent; the next step's code is accepted (one step of clock skew)
    const code = totp(secret, 1);
    const wrong = [totp(secret), code, totp(secret, -1)].includes('000000') ? '000001' : '000000';
    const bad = await rejects(pb.send('/api/folio/factors/verify', { method: 'POST', body: { mfaId, code: wrong } }), 400);
    assert.equal(bad.response.data.code.code, 'invalid_code');
    const malformed = await rejects(pb.send('/api/folio/factors/verify', { method: 'POST', body: { mfaId, code: '12ab' } }), 400);
    assert.equal(malformed.response.data.code.code, 'invalid_format');

    const res = await finish(pb, { mfaId, code });
    assert.equal(res.record.email, u.email);
    const sid = getTokenPayload(pb.authStore.token).sid;
    assert.ok(sid, 'the token carries a session');
    const mine = await pb.collection('sessions').getOne(sid);
    assert.equal(mine.method, 'password+totp');
    const factors = await pb.collection('factors').getFullList();
    assert.deepEqual(factors.map((f) => f.kind).sort(), ['recovery', 'totp']);
    assert.ok(factors.every((f) => f.secret === undefined && f.codes === undefined), 'no secret is served');

    // the same code again, in a new sign-in: refused
    const [pb2, mfaId2] = await passwordStep(server, u);
    const replay = await rejects(pb2.send('/api/folio/factors/verify', { method: 'POST', body: { mfaId: mfaId2, code } }), 400);
    assert.equal(replay.response.data.code.code, 'invalid_code');
    // an unknown mfaId answers like an expired one
    const unknown = await rejects(pb2.send('/api/folio/factors/verify', { method: 'POST', body: { mfaId: 'x'.repeat(15), code } }), 400);
    assert.equal(unknown.response.data.mfaId.code, 'mfa_expired');
  });

  it('a recovery code signs in once and says how many remain', T, async () => {
    const u = await newUser(server, { prefix: 'recovery' });
    const { recoveryCodes } = await enrol(u);
    const [pb, mfaId] = await passwordStep(server, u);
    const res = await finish(pb, { mfaId, recoveryCode: recoveryCodes[0] });
    assert.equal(res.meta.recoveryCodesRemaining, 9);
    const mine = await pb.collection('sessions').getOne(getTokenPayload(pb.authStore.token).sid);
    assert.equal(mine.method, 'password+recovery');

    const [pb2, mfaId2] = await passwordStep(server, u);
    const again = await rejects(pb2.send('/api/folio/factors/verify', { method: 'POST', body: { mfaId: mfaId2, recoveryCode: recoveryCodes[0] } }), 400);
    assert.equal(again.response.data.recoveryCode.code, 'invalid_code');
    const list = await pb.collection('factors').getFullList({ filter: 'kind = "recovery"' });
    assert.equal(list[0].remaining, 9);
  });

  it('a space that requires a second factor refuses a member\'s write until enrolment', T, async () => {
    const owner = await newUser(server, { prefix: 'policy-owner' });
    const editor = await newUser(server, { prefix: 'policy-editor' });
    const space = await newSpace(owner, { server, prefix: 'mfa', members: [[editor, 'editor']] });

    const early = await rejects(owner.pb.collection('spaces').update(space.id, { second_factor: 'editors' }), 403);
    assert.equal(early.response.data.second_factor.code, 'enrol_first');
    await enrol(owner);
    await owner.pb.collection('spaces').update(space.id, { second_factor: 'editors' });

    const page = { space: space.id, locale: 'en', path: 'guide', title: 'Guide', body: 'Hello', status: 'published' };
    const refused = await rejects(editor.pb.collection('pages').create(page), 403);
    assert.equal(refused.response.data.factor.code, 'second_factor_required');
    assert.match(refused.message, /second factor/);

    await enrol(editor);
    const created = await editor.pb.collection('pages').create(page);
    assert.equal(created.title, 'Guide');
  });
});
