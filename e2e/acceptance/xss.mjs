// Acceptance: DOMPurify's vector suite through every HTML field Folio returns, in a real
// headless Chromium. Each vector goes into a published page (title, description, a heading and
// the body), a comment, and a search that finds the page; then page `html`, comment `html`,
// search `snippet` and `titleHighlighted`, and `toc` used as the README says (`html` with
// innerHTML, `text` with textContent) are inserted into a document, and no script may run and no
// javascript:/data:/vbscript: URL or event-handler attribute may survive.
//
//   FOLIO_BIN=../folio node acceptance/xss.mjs --corpus ../../shared/corpora/xss/dompurify-expect.mjs
//
// The corpus is read where it lies (../shared), never copied into the project. Exits 1 on any
// execution or surviving URL, 2 when it could not run.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

import { startFolio } from '../lib/server.mjs';
import { newUser, randomSecret } from '../lib/users.mjs';

const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const PARALLEL = 6;

const { values: opts } = parseArgs({ options: { corpus: { type: 'string' } } });
if (!opts.corpus) {
  console.error('usage: node acceptance/xss.mjs --corpus <path to dompurify-expect.mjs>');
  process.exit(2);
}

/** inBatches runs fn over items, PARALLEL at a time, and returns the results in order. */
async function inBatches(items, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: PARALLEL }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

const oneLine = (s, max) => s.replace(/\s+/g, ' ').trim().slice(0, max);

/** collect stores every vector through the SDK and reads back every HTML field. */
async function collect(server, vectors) {
  const owner = await newUser(server, { prefix: 'xss-owner' });
  const space = await owner.pb.collection('spaces').create({
    slug: `xss-${randomSecret(4)}`, name: 'XSS', visibility: 'public', source_locale: 'en',
  });
  const guest = server.pb();
  const fields = []; // { field, vector, html } for innerHTML, { field, vector, text } for textContent
  await inBatches(vectors, async (v, i) => {
    const word = `xpv${i}`;
    const payload = String(v.payload);
    const page = await owner.pb.collection('pages').create({
      space: space.id, locale: 'en', path: `vectors/${i}`, status: 'published',
      title: `${word} ${oneLine(payload, 280)}`,
      description: oneLine(payload, 1900),
      body: `# ${oneLine(payload, 2000)}\n\n## ${word} heading\n\n${payload}\n\n${word} ${payload}\n`,
    });
    const comment = await owner.pb.collection('comments').create({ page: page.id, body: payload.slice(0, 9000) || word });
    const found = await guest.send('/api/folio/search', { query: { q: word, space: space.id } });
    const hit = found.items.find((it) => it.id === page.id);
    if (!hit) throw new Error(`search for ${word} did not find its page`);
    fields.push({ field: 'page html', vector: i, html: page.html });
    fields.push({ field: 'comment html', vector: i, html: comment.html });
    fields.push({ field: 'search snippet', vector: i, html: hit.snippet });
    fields.push({ field: 'search titleHighlighted', vector: i, html: hit.titleHighlighted });
    for (const entry of page.toc) {
      fields.push({ field: 'toc html', vector: i, html: entry.html });
      fields.push({ field: 'toc text', vector: i, text: entry.text });
    }
    // what a guest reads back is what was stored
    const read = await guest.collection('pages').getOne(page.id);
    if (read.html !== page.html) throw new Error(`page ${i}: the html read back differs from the saved one`);
  });
  return fields;
}

/**
 * render inserts the fields into one document, waits for load and error events, and returns what
 * ran and which dangerous attributes survived. A control fragment that must run proves the
 * detection works.
 */
async function render(browser, fields) {
  const page = await browser.newPage();
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
  const control = { field: 'control', vector: -1, html: '<img src="x:" onerror="alert(\'control\')">' };
  await page.evaluate((items) => {
    window.__ran = [];
    for (const name of ['alert', 'confirm', 'prompt', 'print']) {
      window[name] = (...args) => { window.__ran.push(`${name}(${args.map(String).join(',')})`); };
    }
    for (const [n, it] of items.entries()) {
      const box = document.createElement('div');
      box.dataset.n = String(n);
      if (it.html !== undefined) box.innerHTML = it.html; else box.textContent = it.text;
      document.body.append(box);
    }
  }, [control, ...fields]);
  await page.waitForTimeout(2000);
  const result = await page.evaluate(() => {
    const bad = /^[\s\u0000-\u001f]*(javascript|vbscript|data):/i;
    const badInStyle = /url\s*\(\s*['"]?\s*(javascript|vbscript|data):/i;
    const found = [];
    for (const box of document.body.children) {
      const n = Number(box.dataset.n);
      for (const el of box.querySelectorAll('*')) {
        for (const a of el.attributes) {
          if (n === 0) continue; // the control fragment
          if (/^on/i.test(a.name)) found.push({ n, what: `${el.localName}[${a.name}]` });
          else if (bad.test(a.value)) found.push({ n, what: `${el.localName}[${a.name}="${a.value.slice(0, 60)}"]` });
          else if (a.name === 'style' && badInStyle.test(a.value)) found.push({ n, what: `${el.localName}[style]` });
        }
      }
    }
    return { ran: window.__ran, found };
  });
  await page.close();
  return { ...result, dialogs };
}

async function main() {
  const corpus = await import(pathToFileURL(path.resolve(opts.corpus)).href);
  const vectors = corpus.default;
  if (!Array.isArray(vectors) || vectors.length === 0) throw new Error(`no vectors in ${opts.corpus}`);
  const server = await startFolio({ mail: false });
  let browser;
  try {
    const started = Date.now();
    const fields = await collect(server, vectors);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
    const { ran, found, dialogs } = await render(browser, fields);

    const controlRan = ran.some((r) => r.includes('control'));
    const executions = ran.filter((r) => !r.includes('control'));
    const perField = {};
    for (const f of fields) {
      perField[f.field] ??= { fragments: 0, vectors: new Set(), surviving: 0 };
      perField[f.field].fragments++;
      perField[f.field].vectors.add(f.vector);
    }
    for (const f of found) perField[fields[f.n - 1].field].surviving++;
    console.log(`xss: ${vectors.length} DOMPurify vectors, ${fields.length} fragments, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const [name, s] of Object.entries(perField)) {
      console.log(`  ${name.padEnd(24)} ${String(s.vectors.size).padStart(4)} vectors ${String(s.fragments).padStart(5)} fragments  ${s.surviving} dangerous attributes`);
    }
    console.log(`  script executions: ${executions.length} (dialogs: ${dialogs.filter((d) => d !== 'control').length}); control fragment ran: ${controlRan}`);
    let failed = false;
    if (!controlRan) {
      console.error('xss: the control fragment did not run: the detection is broken, nothing is proven');
      failed = true;
    }
    if (executions.length > 0) {
      console.error(`xss: scripts ran: ${executions.slice(0, 10).join('; ')}`);
      failed = true;
    }
    if (found.length > 0) {
      for (const f of found.slice(0, 20)) console.error(`xss: ${fields[f.n - 1].field} of vector ${fields[f.n - 1].vector}: ${f.what}`);
      failed = true;
    }
    process.exitCode = failed ? 1 : 0;
  } finally {
    if (browser) await browser.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(`xss: ${err.stack || err}`);
  process.exit(2);
});
