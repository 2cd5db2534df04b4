import zlib from 'node:zlib';

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

// png builds a w×h RGB PNG of one colour.
export function png(w, h, [r, g, b]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4); sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  const rows = Buffer.concat(Array.from({ length: h }, () => Buffer.from([0, ...Array.from({ length: w }, () => [r, g, b]).flat()])));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}
