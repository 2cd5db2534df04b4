// Uploading a file of a space to the `attachments` collection, with progress. The SDK's
// `pb.collection('attachments').create(form)` does the same request but reports no progress,
// so this sends the same FormData to the same records route with XMLHttpRequest and the SDK's
// token, and turns a refusal into the SDK's ClientResponseError (status, message, data.<field>).
import { ClientResponseError } from 'pocketbase';
import { pb } from './pb.js';

/** isImage says whether a file is shown inline (an image reference) rather than linked. */
export const isImage = (file) => /^image\//.test(file.type || '');

/**
 * uploadPath is where an upload goes in the space's tree: the file's own name, or for a pasted
 * image (named "image.png" by browsers) img/pasted-<time>.<ext>.
 */
export function uploadPath(file, now = Date.now()) {
  const name = String(file.name || '').normalize('NFC').replace(/[\u0000-\u001f\u007f/\\]+/g, '-').trim();
  if (!name || /^image\.\w+$/i.test(name)) {
    const ext = (file.type.split('/')[1] || 'bin').replace('jpeg', 'jpg').replace(/\+.*/, '');
    return `img/pasted-${now}.${ext}`;
  }
  return isImage(file) ? `img/${name}` : `files/${name}`;
}

/** withSuffix gives a path another name in the same folder: a.png → a-1a2b.png. */
export function withSuffix(path) {
  const tag = Math.random().toString(36).slice(2, 6);
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? `${path.slice(0, dot)}-${tag}${path.slice(dot)}` : `${path}-${tag}`;
}

/**
 * uploadAttachment sends one file to the space at path, calling onprogress(sent, total) as the
 * bytes go. Resolves to the attachment record (the existing one when the space already holds
 * these bytes there); rejects with a ClientResponseError for a refusal.
 */
export function uploadAttachment({ space, path, file, alt = '' }, onprogress) {
  const form = new FormData();
  form.append('space', space);
  form.append('path', path);
  if (alt) form.append('alt', alt);
  form.append('file', file, file.name || path.split('/').pop());
  const url = pb.buildURL('/api/collections/attachments/records');
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (pb.authStore.token) xhr.setRequestHeader('Authorization', pb.authStore.token);
    xhr.upload.onprogress = (e) => onprogress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new ClientResponseError({ url, status: 0, response: { message: 'The upload did not reach the server.' } }));
    xhr.onload = () => {
      let data = {};
      try { data = JSON.parse(xhr.responseText || '{}'); } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else {
        pb.afterSend?.({ status: xhr.status, url }, data); // a 401 signs out as everywhere else
        reject(new ClientResponseError({ url, status: xhr.status, response: data }));
      }
    };
    xhr.send(form);
  });
}

/** markdownFor is the reference to insert for an uploaded attachment (site-absolute path). */
export function markdownFor(att, file) {
  const target = '/' + String(att.path).split('/').map(encodeURIComponent).join('/');
  const label = (att.alt || att.path.split('/').pop().replace(/\.[^.]+$/, '')).replace(/[[\]\\]/g, '');
  return /^image\//.test(att.mime || file?.type || '') ? `![${label}](${target})` : `[${label}](${target})`;
}

/** withFileToken adds a file token to Folio's file URLs in sanitized html, for private spaces. */
export function withFileToken(html, token) {
  if (!token || !html) return html;
  return html.replace(/((?:src|href)=")(\/api\/folio\/files\/[^"?#]+)/g, (_, attr, u) => `${attr}${u}?token=${encodeURIComponent(token)}`);
}
