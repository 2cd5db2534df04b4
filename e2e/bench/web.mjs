// Benchmark (not a test) of the web client, against the real binary in headless Chromium:
//  1. the JavaScript and CSS the first screen loads, gzipped (target ≤ 150 KB);
//  2. time from navigation start to a rendered 6 KB page (title and text on screen), on loopback,
//     with a cold cache (a new browser context each time) and a warm one (the same context).
// Run: make bench-web   (or: cd e2e && FOLIO_BIN=../folio node bench/web.mjs [-runs 20])
import { gzipSync } from 'node:zlib';

import { chromium } from 'playwright-core';

import { startFolio } from '../lib/server.mjs';
import { newUser } from '../lib/users.mjs';

const RUNS = Number(process.argv[process.argv.indexOf('-runs') + 1]) || 20;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// A page of about 6 KB of markdown: 10 sections with a heading, paragraphs and a link each.
function sixKB() {
  const out = ['# Backend programming\n'];
  for (let i = 1; out.join('\n').length < 6000; i++) {
    out.push(`## Section ${i}\n\nA backend stores data, authenticates users and runs business logic. ` +
      `Sessions are revocable; revisions are immutable; translations know when they are stale. ` +
      `See [the next section](#section-${i + 1}) and the [guide](/guide/start).\n\n- one\n- two\n- three\n`);
  }
  return out.join('\n');
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };

const server = await startFolio({ mail: false });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const owner = await newUser(server, { prefix: 'bench' });
  const space = await owner.pb.collection('spaces').create({ slug: 'bench', name: 'Bench', visibility: 'public', source_locale: 'en' });
  const body = sixKB();
  await owner.pb.collection('pages').create({ space: space.id, locale: 'en', path: 'guide/backend', title: 'Backend programming', body, status: 'published' });
  const url = `${server.url}/s/bench/en/guide/backend`;
  const rendered = () => {
    window.__rendered = 0;
    new MutationObserver((_, obs) => {
      const el = document.querySelector('#page-content h2');
      if (el && !window.__rendered) { window.__rendered = performance.now(); obs.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
  };

  // 1. First-screen bytes: every script and stylesheet the page view loaded, gzipped.
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const assets = [];
  page.on('response', (r) => { const t = r.request().resourceType(); if (t === 'script' || t === 'stylesheet') assets.push(r); });
  await page.goto(url);
  await page.locator('#page-content h2').first().waitFor();
  let raw = 0; let gz = 0;
  const rows = [];
  for (const r of assets) {
    const b = await r.body();
    raw += b.length; gz += gzipSync(b, { level: 9 }).length;
    rows.push(`  ${new URL(r.url()).pathname}  ${(b.length / 1024).toFixed(1)} KB, gzip ${(gzipSync(b, { level: 9 }).length / 1024).toFixed(1)} KB`);
  }
  await ctx.close();
  console.log(`first screen (a 6 KB page as a guest): ${assets.length} JS/CSS files, ${(raw / 1024).toFixed(1)} KB, gzipped ${(gz / 1024).toFixed(1)} KB (target ≤ 150 KB)`);
  console.log(rows.join('\n'));

  // 2. Navigation start → the page's text on screen.
  const cold = [];
  for (let i = 0; i < RUNS; i++) {
    const c = await browser.newContext();
    const p = await c.newPage();
    await p.addInitScript(rendered);
    await p.goto(url);
    await p.waitForFunction(() => window.__rendered > 0);
    cold.push(await p.evaluate(() => window.__rendered));
    await c.close();
  }
  const c = await browser.newContext();
  const p = await c.newPage();
  await p.addInitScript(rendered);
  await p.goto(url);
  const warm = [];
  for (let i = 0; i < RUNS; i++) {
    await p.reload();
    await p.waitForFunction(() => window.__rendered > 0);
    warm.push(await p.evaluate(() => window.__rendered));
  }
  await c.close();
  const f = (xs) => `median ${pct(xs, 0.5).toFixed(0)} ms, p90 ${pct(xs, 0.9).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)} ms`;
  console.log(`navigation → rendered ${(body.length / 1024).toFixed(1)} KB page, ${RUNS} runs each: cold cache ${f(cold)}; warm cache ${f(warm)}`);
} finally {
  await browser.close();
  await server.stop();
}
