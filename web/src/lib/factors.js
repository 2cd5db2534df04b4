// Second factors and passkeys through the official JS SDK: Folio's routes under
// /api/folio/factors and /api/folio/passkeys, and the browser's WebAuthn API with its JSON
// helpers (PublicKeyCredential.parseCreationOptionsFromJSON / toJSON).
import { pb } from './pb.js';

const post = (path, body = {}) => pb.send(path, { method: 'POST', body });

/** passkeysSupported reports whether this browser can make and use passkeys here. */
export const passkeysSupported = () => typeof PublicKeyCredential !== 'undefined'
  && typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function';

/** mfaIdOf returns the mfaId of a first sign-in step's 401, or '' for any other error. */
export const mfaIdOf = (err) => (err?.status === 401 && err?.response?.mfaId) || '';

/** completeSignIn stores an auth answer ({token, record}) in the SDK, as its auth methods do. */
function completeSignIn(res) {
  pb.authStore.save(res.token, res.record);
  return res;
}

/** verifyCode ends a sign-in with an authenticator code or a recovery code. */
export const verifyCode = async (mfaId, { code, recoveryCode }) =>
  completeSignIn(await post('/api/folio/factors/verify', code ? { mfaId, code } : { mfaId, recoveryCode }));

async function getAssertion(publicKey) {
  const cred = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(publicKey) });
  return cred.toJSON();
}

/** verifyPasskey ends a sign-in with one of the account's passkeys. */
export async function verifyPasskey(mfaId) {
  const begin = await post('/api/folio/factors/passkey/begin', { mfaId });
  const credential = await getAssertion(begin.publicKey);
  return completeSignIn(await post('/api/folio/factors/passkey/finish', { mfaId, credential }));
}

/** signInWithPasskey signs in with a passkey alone (no email, no password). */
export async function signInWithPasskey() {
  const begin = await post('/api/folio/passkeys/signin/begin');
  const credential = await getAssertion(begin.publicKey);
  return completeSignIn(await post('/api/folio/passkeys/signin/finish', { challengeId: begin.challengeId, credential }));
}

/** registerPasskey makes a passkey named name on this device for the signed-in user. */
export async function registerPasskey(name) {
  const begin = await post('/api/folio/passkeys/register/begin', { name });
  const cred = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(begin.publicKey) });
  return post('/api/folio/passkeys/register/finish', { challengeId: begin.challengeId, credential: cred.toJSON() });
}

export const enrolTOTP = (name) => post('/api/folio/factors/totp', { name });
export const confirmTOTP = (id, code) => post('/api/folio/factors/totp/confirm', { id, code });
export const removeFactor = (id, proof) => post(`/api/folio/factors/${encodeURIComponent(id)}/remove`, proof);
export const regenerateRecoveryCodes = (proof) => post('/api/folio/factors/recovery', proof);
