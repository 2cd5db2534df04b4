// The client helper the README documents for showing a private space's files: a page's stored
// html points at /api/folio/files/{id}/{name}, which a browser <img> loads without an
// Authorization header; adding PocketBase's short-lived file token to those URLs lets the
// route see who is asking.

/**
 * withFileToken returns html with ?token=<token> added to every Folio file URL in a src or
 * href attribute. token comes from `await pb.files.getToken()`; guests pass '' and get html
 * unchanged (a public space's files need no token).
 */
export function withFileToken(html, token) {
  if (!token) return html;
  return html.replace(/((?:src|href)=")(\/api\/folio\/files\/[^"?#]+)/g,
    (_, attr, url) => `${attr}${url}?token=${encodeURIComponent(token)}`);
}
