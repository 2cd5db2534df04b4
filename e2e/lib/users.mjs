// Helpers that make and sign in users the way a frontend does: sign-up and auth-with-password
// through the SDK, never by writing to the database.
import { randomBytes } from 'node:crypto';

/** randomSecret returns n random bytes as hex. */
export function randomSecret(n = 8) {
  return randomBytes(n).toString('hex');
}

/** newEmail returns a unique address at example.com whose local part starts with prefix. */
export function newEmail(prefix = 'user') {
  return `${prefix}-${randomSecret(5)}@example.com`;
}

/**
 * newPassword returns a long random passphrase that any reasonable strength policy accepts
 * (Folio scores passwords with zxcvbn).
 */
export function newPassword() {
  return `correct-horse-${randomSecret(8)}-staple`;
}

/**
 * signUp creates a user through the users collection's public create, as a sign-up form does.
 * Returns { email, password, name, record }.
 */
export async function signUp(pb, { email = newEmail(), password = newPassword(), name = 'E2E User', ...extra } = {}) {
  const record = await pb.collection('users').create({ email, password, passwordConfirm: password, name, ...extra });
  return { email, password, name, record };
}

/** signIn authenticates pb as that user with its password and returns the auth response. */
export async function signIn(pb, email, password) {
  return pb.collection('users').authWithPassword(email, password);
}

/**
 * verifyEmail runs the real verification flow: request the mail, read the token from the
 * mailbox, confirm it. Afterwards a fresh sign-in (or authRefresh) carries verified = true.
 */
export async function verifyEmail(pb, mailbox, email) {
  await pb.collection('users').requestVerification(email);
  const { match } = await mailbox.waitFor(email, /confirm\/verification\/([A-Za-z0-9_\-.]+)/);
  await pb.collection('users').confirmVerification(match[1]);
  return match[1];
}

/**
 * newUser signs up and signs in a fresh client of server; with verified, it also goes through
 * the verification mail first. Returns { pb, email, password, name, id }.
 */
export async function newUser(server, { prefix = 'user', name, verified = false } = {}) {
  const pb = server.pb();
  const email = newEmail(prefix);
  const u = await signUp(pb, { email, name: name ?? `E2E ${prefix}` });
  if (verified) await verifyEmail(pb, server.mailbox, email);
  await signIn(pb, u.email, u.password);
  return { pb, email: u.email, password: u.password, name: u.name, id: u.record.id };
}
