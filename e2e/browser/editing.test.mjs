// The web client's editing tools in headless Chromium against the real binary: the table of
// contents, moving a page with its subtree and translations (and following an old link), and
// files pasted or chosen in the editor — uploaded with progress, referenced in the text, shown
// in a private space, and the server's refusals (size, type, quota) shown where they happened.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startFolio } from '../lib/server.mjs';
import { newUser } from '../lib/users.mjs';
import { newSpace } from '../lib/setup.mjs';
import { png } from '../lib/files.mjs';
import { launchBrowser, signInUI, WAIT } from '../lib/browser.mjs';

const MAX_SIZE = 40_000;
const QUOTA = 50_000;

describe('web client editing tools', () => {
  let server;
  let chrome;
  let owner;
  let space;

  before(async () => {
    server = await startFolio({ env: { FOLIO_ATTACHMENT_MAX_SIZE: String(MAX_SIZE), FOLIO_ATTACHMENT_SPACE_QUOTA: String(QUOTA) } });
    chrome = await launchBrowser();
    owner = await newUser(server, { prefix: 'web-edit', name: 'Editor' });
    space = await newSpace(owner, { server, prefix: 'edit', name: 'Edit handbook', locales: ['en', 'ko'] });
    const mk = (locale, p, title, body) => owner.pb.collection('pages').create({ space: space.id, locale, path: p, title, body, status: 'published' });
    const filler = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} of the guide, long enough to scroll.`).join('\n\n');
    await mk('en', 'docs/guide', 'Guide', `Intro.\n\n## Install \`<b>now</b>\`\n\n${filler}\n\n## Use\n\nUse it.\n\n### Deeper\n\n${filler}`);
    await mk('en', 'docs/guide/child', 'Child', 'Below the guide.');
    await mk('ko', 'docs/guide', '안내', '## 설치\n\n설치하세요.');
    await mk('en', 'taken', 'Taken', 'Here first.');
  });
  after(async () => {
    if (chrome) await chrome.close();
    if (server) await server.stop();
  });

  it('lists the headings as text and scrolls to one from the table of contents', { timeout: 120_000 }, async () => {
    const { context, page } = await chrome.open();
    await signInUI(page, server.url, owner.email, owner.password, `/s/${space.slug}/en/docs/guide`);
    const toc = page.locator('#toc');
    await toc.waitFor(WAIT);
    assert.deepEqual(await toc.locator('li').allTextContents(), ['Install <b>now</b>', 'Use', 'Deeper']);
    // The top level starts at the margin; a level below is indented.
    const indents = await toc.locator('li').evaluateAll((lis) => lis.map((li) => li.style.marginLeft));
    assert.deepEqual(indents, ['0rem', '0rem', '0.75rem']);
    await toc.getByRole('link', { name: 'Deeper' }).click();
    await page.waitForFunction(() => location.hash === '#deeper' && window.scrollY > 200, null, WAIT);
    const top = await page.locator('#page-content h3#deeper').evaluate((h) => h.getBoundingClientRect().top);
    assert.ok(top >= -2 && top < 120, `the heading is at the top of the window (top=${top})`);
    assert.equal(new URL(page.url()).pathname, `/s/${space.slug}/en/docs/guide`);
    await page.locator('#page-content').getByText('Paragraph 40 of the guide').first().waitFor(WAIT); // still the page
    await context.close();
  });

  it('moves a page with its subtree and translations; old links redirect; a refusal names the field', { timeout: 120_000 }, async () => {
    const { context, page } = await chrome.open();
    await signInUI(page, server.url, owner.email, owner.password, `/s/${space.slug}/en/docs/guide`);
    await page.locator('#move-link').click();
    await page.locator('#move-form').waitFor(WAIT);
    await chrome.audit(page, 'move');

    await page.locator('#mv-path').fill('taken');
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await page.locator('#move-error').waitFor(WAIT);
    assert.match(await page.locator('#mv-path-err').textContent(), /\S/, 'the path field says what is wrong');
    assert.equal(await page.locator('#mv-path').getAttribute('aria-invalid'), 'true');
    await chrome.audit(page, 'move-refused');

    await page.locator('#mv-path').fill('handbook/guide');
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    // The page opens at its new address, saying what moved.
    await page.waitForURL((u) => u.pathname === `/s/${space.slug}/en/handbook/guide` && u.searchParams.get('moved_from') === 'docs/guide', WAIT);
    await page.locator('#move-done').waitFor(WAIT);
    assert.equal(await page.locator('.crumbs [aria-current=page]').textContent(), 'guide');
    assert.deepEqual(await page.locator('.crumbs a').allTextContents(), ['Edit handbook', 'handbook']);
    assert.equal(await page.locator('#move-new').textContent(), `/s/${space.slug}/en/handbook/guide`);
    await page.getByText('Old links keep working: /en/docs/guide now redirects there.').waitFor(WAIT);
    const rows = await page.locator('#move-list tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim()).join(' | ')).sort());
    assert.deepEqual(rows, ['en | docs/guide | handbook/guide', 'en | docs/guide/child | handbook/guide/child', 'ko | docs/guide | handbook/guide']);
    await chrome.audit(page, 'move-done');

    // An old link, in either language, lands on the new address and says the page moved.
    for (const [locale, title] of [['en', 'Guide'], ['ko', '안내']]) {
      await page.goto(`${server.url}/s/${space.slug}/${locale}/docs/guide`);
      await page.waitForURL((u) => u.pathname === `/s/${space.slug}/${locale}/handbook/guide`, WAIT);
      await page.locator('#moved-note').filter({ hasText: '"docs/guide" now redirects here' }).waitFor(WAIT);
      await page.locator('#page-content h1').filter({ hasText: title }).waitFor(WAIT);
    }
    await page.goto(`${server.url}/s/${space.slug}/en/docs/guide/child`);
    await page.waitForURL((u) => u.pathname === `/s/${space.slug}/en/handbook/guide/child`, WAIT);
    await context.close();
  });

  it('uploads pasted and chosen files with progress, shows the server\'s refusals, and shows the image after saving', { timeout: 150_000 }, async () => {
    const { context, page } = await chrome.open();
    const created = await owner.pb.collection('pages').create({ space: space.id, locale: 'en', path: 'files-demo', title: 'Files demo', body: 'Text.\n', status: 'published' });
    await signInUI(page, server.url, owner.email, owner.password, `/s/${space.slug}/en/files-demo?mode=edit`);
    const cm = page.locator('.cm-content');
    await cm.waitFor(WAIT);
    await cm.click();
    await page.keyboard.press('ControlOrMeta+End');

    // Paste an image, as a screenshot tool puts it on the clipboard (named image.png).
    const image = [...png(7, 5, [20, 120, 200])];
    await cm.evaluate((el, bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, image);
    const done = page.locator('#uploads li[data-state=done]');
    await done.first().waitFor(WAIT);
    const text = () => cm.evaluate((el) => el.cmView?.view?.state.doc.toString() ?? el.innerText);
    await page.waitForFunction(() => /!\[pasted-\d+\]\(\/img\/pasted-\d+\.png\)/.test(document.querySelector('.cm-content').innerText), null, WAIT);
    assert.doesNotMatch(await text(), /Uploading/);
    const bar = done.first().locator('progress');
    assert.equal(await bar.getAttribute('value'), await bar.getAttribute('max'), 'the progress bar is full');
    // The preview shows the private space's image through a file token.
    await page.waitForFunction(() => { const img = document.querySelector('#preview img'); return img && img.complete && img.naturalWidth === 7; }, null, WAIT);

    // Choose files: one too large, one the sniffer calls HTML, one that fits, one over the quota.
    const html = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
    await page.locator('#ed-files').setInputFiles([
      { name: 'big.txt', mimeType: 'text/plain', buffer: Buffer.alloc(MAX_SIZE + 5_000, 'a') },
      { name: 'evil.png', mimeType: 'image/png', buffer: html },
    ]);
    const refused = page.locator('#uploads li[data-state=refused]');
    await refused.nth(1).waitFor(WAIT);
    const reasons = Object.fromEntries(await refused.evaluateAll((lis) => lis.map((li) => [li.dataset.upload, li.querySelector('[role=alert]').textContent])));
    assert.match(reasons['big.txt'], /file/i, reasons['big.txt']);
    assert.match(reasons['evil.png'], /file/i, reasons['evil.png']);
    assert.notEqual(reasons['big.txt'], reasons['evil.png'], 'each refusal gives its own reason');
    await page.locator('#ed-files').setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.alloc(30_000, 'n') }]);
    await page.locator('#uploads li[data-upload="notes.txt"][data-state=done]').waitFor(WAIT);
    await page.locator('#ed-files').setInputFiles([{ name: 'more.txt', mimeType: 'text/plain', buffer: Buffer.alloc(30_000, 'm') }]);
    const quota = page.locator('#uploads li[data-upload="more.txt"][data-state=refused]');
    await quota.waitFor(WAIT);
    assert.match(await quota.textContent(), /file/i);
    await page.locator('#uploads').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await chrome.audit(page, 'editor-uploads');
    const body = await text();
    assert.match(body, /\[notes\]\(\/files\/notes\.txt\)/);
    assert.doesNotMatch(body, /big\.txt|evil|more\.txt|Uploading/, 'a refused file leaves nothing in the text');

    // Nothing refused was stored.
    const atts = await owner.pb.collection('attachments').getFullList({ filter: owner.pb.filter('space = {:s}', { s: space.id }) });
    assert.deepEqual(atts.map((a) => a.path.replace(/\d+/, 'N')).sort(), ['files/notes.txt', 'img/pasted-N.png']);

    await page.locator('#page-editor button[type=submit]').click();
    await page.waitForURL((u) => u.pathname === `/s/${space.slug}/en/files-demo` && !u.search.includes('mode=edit'), WAIT);
    await page.waitForFunction(() => { const img = document.querySelector('#page-content img'); return img && img.complete && img.naturalWidth === 7; }, null, WAIT);
    assert.match(await page.locator('#page-content img').getAttribute('src'), /^\/api\/folio\/files\/\w+\/pasted-\d+\.png\?token=/);
    const saved = await owner.pb.collection('pages').getOne(created.id);
    assert.match(saved.html, /\/api\/folio\/files\//);
    await context.close();
  });

  it('threw no error on any page', () => {
    assert.deepEqual(chrome.errors, []);
  });
});
