// A small history router: the URL is the state. Links inside the app are ordinary <a href>s;
// App.svelte turns same-origin clicks into navigate().
export const route = $state({ path: location.pathname, search: location.search, query: new URLSearchParams(location.search) });

function sync() {
  route.path = location.pathname;
  route.search = location.search;
  route.query = new URLSearchParams(location.search);
}

/** navigate goes to a client URL without reloading (replace keeps the history entry). */
export function navigate(url, replace = false) {
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  sync();
  window.scrollTo(0, 0);
}

window.addEventListener('popstate', sync);

/** match returns the named segments of path against a pattern like /s/:space/:locale/*rest. */
export function match(pattern, path) {
  const ps = pattern.split('/').filter(Boolean);
  const xs = path.split('/').filter(Boolean);
  const out = {};
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i];
    if (p.startsWith('*')) { out[p.slice(1)] = xs.slice(i).map(decodeURIComponent).join('/'); return out; }
    if (i >= xs.length) return null;
    if (p.startsWith(':')) out[p.slice(1)] = decodeURIComponent(xs[i]);
    else if (p !== xs[i]) return null;
  }
  return xs.length === ps.length ? out : null;
}
