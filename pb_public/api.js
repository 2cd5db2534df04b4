// The reference client's calls to Folio, written against fetch so pb_public needs no build step
// and no copy of any library. Each function says which JS SDK call it stands for: an app built on
// the official `pocketbase` package makes those calls instead, with the same bodies and errors.

const AUTH_KEY = 'folio.auth';

/** ApiError carries PocketBase's error shape, like the SDK's ClientResponseError. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `Request failed (${status}).`);
    this.status = status;
    this.data = body?.data || {};
  }
}

/** auth is the signed-in user and token, kept in localStorage like the SDK's LocalAuthStore. */
export const auth = {
  load() {
    try {
      return JSON.parse(localStorage.getItem(AUTH_KEY)) || null;
    } catch {
      return null;
    }
  },
  get token() { return this.load()?.token || ''; },
  get record() { return this.load()?.record || null; },
  save(token, record) { localStorage.setItem(AUTH_KEY, JSON.stringify({ token, record })); },
  clear() { localStorage.removeItem(AUTH_KEY); },
};

async function send(path, { method = 'GET', body, query } = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(query || {})) url.searchParams.set(k, v);
  const headers = { Accept: 'application/json' };
  if (auth.token) headers.Authorization = auth.token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    if (res.status === 401) auth.clear(); // the token expired or was revoked
    throw new ApiError(res.status, data);
  }
  return data;
}

/** signIn: pb.collection('users').authWithPassword(email, password) */
export async function signIn(email, password) {
  const r = await send('/api/collections/users/auth-with-password', { method: 'POST', body: { identity: email, password } });
  auth.save(r.token, r.record);
  return r.record;
}

/** signUp: pb.collection('users').create({email, password, passwordConfirm, name}) */
export function signUp({ email, password, name }) {
  return send('/api/collections/users/records', { method: 'POST', body: { email, password, passwordConfirm: password, name } });
}

/** refreshAuth: pb.collection('users').authRefresh() — picks up a change such as verified. */
export async function refreshAuth() {
  const r = await send('/api/collections/users/auth-refresh', { method: 'POST' });
  auth.save(r.token, r.record);
  return r.record;
}

/** requestVerification: pb.collection('users').requestVerification(email) */
export function requestVerification(email) {
  return send('/api/collections/users/request-verification', { method: 'POST', body: { email } });
}

/** quote makes a filter string literal, escaping like the SDK's pb.filter('{:v}', {v}). */
function quote(value) {
  return "'" + String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}

/**
 * myMemberships: pb.collection('memberships').getFullList({filter: pb.filter('user = {:me}',
 * {me: pb.authStore.record.id}), expand: 'space'}) — the spaces I belong to and my role in each.
 * (Client filters may not use @request.auth: that is for API rules.)
 */
export async function myMemberships() {
  const r = await send('/api/collections/memberships/records', {
    query: { filter: `user = ${quote(auth.record?.id ?? '')}`, expand: 'space', sort: '-created', perPage: '200' },
  });
  return r.items;
}

/** createSpace: pb.collection('spaces').create(data) */
export function createSpace(data) {
  return send('/api/collections/spaces/records', { method: 'POST', body: data });
}

/** answerInvitation: pb.send('/api/folio/invitations/accept' or '.../decline', {method: 'POST', body: {token}}) */
export function answerInvitation(token, answer) {
  return send(`/api/folio/invitations/${answer === 'accept' ? 'accept' : 'decline'}`, { method: 'POST', body: { token } });
}
