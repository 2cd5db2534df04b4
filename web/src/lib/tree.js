// The sidebar tree: from Folio's navigation route when the server has it
// (GET /api/folio/spaces/{id}/tree), else built from the pages list of one locale.
import { pb } from './pb.js';

/** buildTree nests pages by the segments of their paths: [{name, path, title, page, children}]. */
export function buildTree(pages) {
  const root = { children: [] };
  const sorted = [...pages].sort((a, b) => a.path.localeCompare(b.path));
  for (const p of sorted) {
    let node = root;
    const segs = p.path.split('/');
    segs.forEach((seg, i) => {
      const path = segs.slice(0, i + 1).join('/');
      let child = node.children.find((c) => c.path === path);
      if (!child) { child = { name: seg, path, title: seg, page: null, children: [] }; node.children.push(child); }
      if (i === segs.length - 1) { child.page = p; child.title = p.title || seg; }
      node = child;
    });
  }
  return root.children;
}

function fromRoute(items) {
  const norm = (n) => ({
    name: n.name || n.path?.split('/').pop() || '',
    path: n.path || '',
    title: n.linkTitle || n.link_title || n.title || n.path || '',
    page: n.id ? { id: n.id, path: n.path, title: n.title } : (n.page || null),
    children: Array.isArray(n.children) ? n.children.map(norm) : [],
  });
  return items.map(norm);
}

/** loadTree returns the tree of one locale of a space and where it came from ('route' or 'list'). */
export async function loadTree(spaceId, locale) {
  try {
    const res = await pb.send(`/api/folio/spaces/${spaceId}/tree`, { query: { locale } });
    const items = Array.isArray(res) ? res : res?.items || res?.tree || res?.children;
    if (Array.isArray(items)) return { source: 'route', nodes: fromRoute(items) };
  } catch { /* the navigation routes are not on this server: use the pages list */ }
  const pages = await pb.collection('pages').getFullList({
    filter: pb.filter('space = {:s} && locale = {:l}', { s: spaceId, l: locale }),
    fields: 'id,path,title,locale,status', sort: 'path',
  });
  return { source: 'list', nodes: buildTree(pages) };
}

/**
 * resolvePage finds the page at (locale, path), falling back to the source locale: through
 * GET /api/folio/spaces/{id}/resolve when the server has it, else two lookups in the pages
 * collection. Returns {page, fallback, redirected} (fallback: the page is in another locale;
 * redirected: the path is an old address of a moved page) or {page: null}.
 */
export async function resolvePage(space, locale, path) {
  try {
    const res = await pb.send(`/api/folio/spaces/${space.id}/resolve`, { query: { locale, path } });
    const page = res?.page || (res?.id ? res : null);
    if (page?.id) {
      const full = await pb.collection('pages').getOne(page.id);
      return { page: full, fallback: full.locale !== locale, redirected: !!res.redirected };
    }
  } catch { /* no resolve route on this server (or nothing there): look the page up directly */ }
  const find = async (l) => {
    try {
      return await pb.collection('pages').getFirstListItem(pb.filter('space = {:s} && locale = {:l} && path = {:p}', { s: space.id, l, p: path }));
    } catch (err) { if (err.status === 404) return null; throw err; }
  };
  const page = await find(locale);
  if (page) return { page, fallback: false };
  if (locale !== space.source_locale) {
    const src = await find(space.source_locale);
    if (src) return { page: src, fallback: true };
  }
  return { page: null };
}
