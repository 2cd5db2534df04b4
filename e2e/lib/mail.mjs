// startMailbox is a tiny SMTP sink on 127.0.0.1: Folio's real mailer (PocketBase's SMTP client)
// delivers into it, and tests wait for a message and read the links in it.
import net from 'node:net';

const DEFAULT_WAIT_MS = 20_000;

/**
 * startMailbox listens on a free 127.0.0.1 port and keeps every message it receives.
 * Returns { port, messages, waitFor(to, pattern, {timeout}), close() }.
 * A message is { from, to: [...], subject, text, html, raw }.
 */
export async function startMailbox() {
  const messages = [];
  const waiters = new Set();
  const sockets = new Set();

  const deliver = (msg) => {
    messages.push(msg);
    for (const w of waiters) w.check();
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    session(socket, deliver);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });

  /**
   * waitFor resolves with the first message to `to` whose text or HTML matches pattern (a RegExp
   * or a string), and with the pattern's match on it; it rejects after timeout ms.
   */
  const waitFor = (to, pattern, { timeout = DEFAULT_WAIT_MS } = {}) => {
    const re = typeof pattern === 'string' ? new RegExp(escapeRegExp(pattern)) : pattern;
    const find = () => {
      for (const m of messages) {
        if (!m.to.includes(to.toLowerCase())) continue;
        const match = re.exec(m.text) || re.exec(m.html) || re.exec(m.subject);
        if (match) return { message: m, match };
      }
      return null;
    };
    return new Promise((resolve, reject) => {
      const w = {
        check() {
          const found = find();
          if (!found) return;
          clearTimeout(w.timer);
          waiters.delete(w);
          resolve(found);
        },
      };
      w.timer = setTimeout(() => {
        waiters.delete(w);
        const seen = messages.map((m) => `${m.to.join(',')}: ${m.subject}`).join('\n  ') || '(none)';
        reject(new Error(`no mail to ${to} matching ${re} within ${timeout} ms; received:\n  ${seen}`));
      }, timeout);
      waiters.add(w);
      w.check();
    });
  };

  const close = () => new Promise((resolve) => {
    for (const s of sockets) s.destroy();
    for (const w of waiters) clearTimeout(w.timer);
    server.close(() => resolve());
  });

  return { port: server.address().port, messages, waitFor, close };
}

// session speaks the part of SMTP (RFC 5321) that a Go net/smtp client uses without auth or TLS.
function session(socket, deliver) {
  let buf = '';
  let env = { from: '', to: [] };
  let data = null; // lines of the message while in DATA
  const reply = (line) => socket.write(line + '\r\n');
  reply('220 folio-e2e-mailbox ESMTP');

  socket.on('data', (chunk) => {
    buf += chunk.toString('latin1');
    let i;
    while ((i = buf.indexOf('\r\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 2);
      if (data) {
        if (line === '.') {
          deliver(parseMessage(env, data.join('\r\n')));
          data = null;
          env = { from: '', to: [] };
          reply('250 2.0.0 queued');
        } else {
          data.push(line.startsWith('..') ? line.slice(1) : line);
        }
        continue;
      }
      const verb = line.slice(0, 4).toUpperCase();
      switch (verb) {
        case 'EHLO': reply('250-folio-e2e-mailbox'); reply('250-8BITMIME'); reply('250 SMTPUTF8'); break;
        case 'HELO': reply('250 folio-e2e-mailbox'); break;
        case 'MAIL': env.from = addressIn(line); reply('250 2.1.0 ok'); break;
        case 'RCPT': env.to.push(addressIn(line).toLowerCase()); reply('250 2.1.5 ok'); break;
        case 'DATA': data = []; reply('354 end data with <CR><LF>.<CR><LF>'); break;
        case 'RSET': env = { from: '', to: [] }; reply('250 2.0.0 ok'); break;
        case 'NOOP': reply('250 2.0.0 ok'); break;
        case 'QUIT': reply('221 2.0.0 bye'); socket.end(); break;
        default: reply('502 5.5.2 command not implemented');
      }
    }
  });
}

function addressIn(line) {
  const m = /<([^>]*)>/.exec(line);
  return m ? m[1] : line.slice(line.indexOf(':') + 1).trim();
}

// parseMessage splits a MIME message into headers and its text/plain and text/html bodies,
// undoing the quoted-printable or base64 transfer encoding.
function parseMessage(env, raw) {
  const { headers, body } = splitHeaders(raw);
  const msg = { from: env.from, to: env.to, subject: decodeWords(headers['subject'] || ''), text: '', html: '', raw };
  collectParts(headers, body, msg);
  return msg;
}

function splitHeaders(raw) {
  const end = raw.indexOf('\r\n\r\n');
  const head = end >= 0 ? raw.slice(0, end) : raw;
  const body = end >= 0 ? raw.slice(end + 4) : '';
  const headers = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const c = line.indexOf(':');
    if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
  }
  return { headers, body };
}

function collectParts(headers, body, msg) {
  const type = (headers['content-type'] || 'text/plain').toLowerCase();
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] || '');
  if (type.startsWith('multipart/') && boundary) {
    const parts = body.split(`--${boundary[1]}`).slice(1);
    for (const part of parts) {
      if (part.startsWith('--')) break; // closing delimiter
      const p = splitHeaders(part.replace(/^\r\n/, ''));
      collectParts(p.headers, p.body, msg);
    }
    return;
  }
  const decoded = decodeBody(body, headers['content-transfer-encoding']);
  if (type.startsWith('text/html')) msg.html += decoded;
  else if (type.startsWith('text/plain')) msg.text += decoded;
}

function decodeBody(body, encoding = '') {
  const enc = encoding.toLowerCase();
  let bytes;
  if (enc === 'quoted-printable') {
    const s = body.replace(/=\r\n/g, '');
    const out = [];
    for (let i = 0; i < s.length; i++) {
      if (s[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
        out.push(parseInt(s.slice(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.push(s.charCodeAt(i) & 0xff);
      }
    }
    bytes = Buffer.from(out);
  } else if (enc === 'base64') {
    bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  } else {
    bytes = Buffer.from(body, 'latin1');
  }
  return bytes.toString('utf8');
}

// decodeWords undoes RFC 2047 encoded words (=?UTF-8?q?...?= / =?UTF-8?b?...?=) in a header.
function decodeWords(value) {
  return value.replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, _charset, kind, text) => {
    if (kind.toLowerCase() === 'b') return Buffer.from(text, 'base64').toString('utf8');
    return decodeBody(text.replace(/_/g, ' '), 'quoted-printable');
  });
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
