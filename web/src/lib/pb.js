// The one PocketBase client of the app: the official JS SDK, nothing private. Every screen
// imports `pb` from here; a 401 anywhere clears the session and sends the person to sign-in
// with the reason (a revoked or expired Folio session, or a missing sign-in).
import PocketBase from 'pocketbase';
import { navigate, route } from './router.svelte.js';

export const pb = new PocketBase(location.origin);
pb.autoCancellation(false);

pb.afterSend = (response, data) => {
  if (response.status === 401 && !String(response.url).includes('/auth-with-')) {
    const reason = data?.data?.session?.code || (pb.authStore.token ? 'session_invalid' : 'signin_required');
    pb.authStore.clear();
    if (route.path !== '/signin') {
      navigate(`/signin?reason=${encodeURIComponent(reason)}&next=${encodeURIComponent(route.path + route.search)}`);
    }
  }
  return data;
};

/** errorText turns a ClientResponseError into one line a person can act on. */
export function errorText(err) {
  if (!err) return '';
  const r = err.response || {};
  const fields = r.data && typeof r.data === 'object'
    ? Object.entries(r.data).map(([k, v]) => (v && v.message && v.message !== r.message ? `${k}: ${v.message}` : '')).filter(Boolean)
    : [];
  return [r.message || err.message, ...fields].filter(Boolean).join(' — ');
}

/** fieldErrors maps `data` of a 400 to {field: message}. */
export function fieldErrors(err) {
  const out = {};
  const data = err?.response?.data || {};
  for (const [k, v] of Object.entries(data)) if (v && v.message) out[k] = v.message;
  return out;
}

/** spaceBySlug finds a space the caller may view by its slug (null when none). */
export async function spaceBySlug(slug) {
  try {
    return await pb.collection('spaces').getFirstListItem(pb.filter('slug = {:slug}', { slug }));
  } catch (err) {
    if (err.status === 404) return null;
    throw err;
  }
}

/** myRole is the caller's role in a space, or '' (guest, stranger). */
export async function myRole(spaceId) {
  const user = pb.authStore.record;
  if (!user || pb.authStore.isSuperuser) return '';
  try {
    const m = await pb.collection('memberships').getFirstListItem(
      pb.filter('space = {:s} && user = {:u}', { s: spaceId, u: user.id }));
    return m.role;
  } catch { return ''; }
}

const rank = { viewer: 1, editor: 2, admin: 3, owner: 4 };
/** atLeast says whether a role is at least another (viewer < editor < admin < owner). */
export const atLeast = (role, min) => (rank[role] || 0) >= rank[min];

/** pageURL is the client URL of a page, optionally in a mode (edit, history, translate). */
export function pageURL(slug, locale, path, mode) {
  const p = String(path || '').split('/').map(encodeURIComponent).join('/');
  return `/s/${encodeURIComponent(slug)}/${encodeURIComponent(locale)}/${p}${mode ? `?mode=${mode}` : ''}`;
}
