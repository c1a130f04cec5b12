// SPDX-License-Identifier: MIT
// The web app, end to end, in a real browser: Debian's chromium-headless-
// shell driven by playwright-core, against a real dossier server with a
// fresh seeded database.
//
//   node tests/web/e2e.mjs BASE_URL API_KEY SCREENSHOT_DIR
//
// Each test loads views as a user would, checks what they show against the
// API's own answers, and fails on any console error, failed request or
// request to another origin. Screenshots of every view go to
// SCREENSHOT_DIR for review. Prints "N passed, N failed"; exits 1 on a
// failure.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import assert from 'node:assert/strict';

const [base, key, shots] = process.argv.slice(2);
if (!base || !key || !shots) {
  console.error('usage: e2e.mjs BASE_URL API_KEY SCREENSHOT_DIR');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const BROWSER = process.env.DOSSIER_BROWSER || '/usr/bin/chromium-headless-shell';
// Budget for everything the first view loads, gzipped as served.
const BUNDLE_BUDGET = 150 * 1024;

// The seed knowledge base (data/seed/knowledge.json, from the articles).
const EVENT = 'nsc-approves-huawei-non-core-5g';
const SOURCE = 'itv-2019-04-24-huawei-5g';

async function apiGet(path) {
  const res = await fetch(new URL(path, `${base}/`), {
    headers: { Accept: 'application/json' } });
  assert.equal(res.status, 200, `GET ${path}`);
  return { body: await res.json(), etag: res.headers.get('etag') };
}

async function apiWrite(method, path, body, ifMatch) {
  const headers = { Authorization: `Bearer ${key}`,
    'Content-Type': 'application/json' };
  if (ifMatch) headers['If-Match'] = ifMatch;
  const res = await fetch(new URL(path, `${base}/`),
    { method, headers, body: JSON.stringify(body) });
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
  return res.json();
}

// Bytes on the wire of path when the client accepts gzip.
function gzippedSize(path) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, `${base}/`), {
      headers: { 'Accept-Encoding': 'gzip', Accept: '*/*' } }, (res) => {
      let n = 0;
      res.on('data', (c) => { n += c.length; });
      res.on('end', () => resolve({ n, status: res.statusCode,
        encoding: res.headers['content-encoding'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

const browser = await chromium.launch({
  executablePath: BROWSER,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-dev-shm-usage',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync'],
});

// A fresh page whose problems are recorded: console errors, uncaught
// exceptions, failed or foreign requests. allow: console texts expected.
async function newPage(allow = []) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  page.problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !allow.some((re) => re.test(m.text()))) {
      page.problems.push(`console: ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => page.problems.push(`exception: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) {
      page.problems.push(`request to another origin: ${r.url()}`);
    }
  });
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') {
      page.problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
    }
  });
  return page;
}

async function open(page, hash) {
  await page.goto(`${base}/${hash}`);
  await page.waitForLoadState('networkidle');
  await settled(page);
}

// Nothing loading, nothing stale on screen.
async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('.loading, [aria-busy="true"]'));
}

async function shot(page, name) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

// The count of matching events the view states.
const summary = (page, n) => page.locator('.summary',
  { hasText: `${n.toLocaleString('en')} events` }).waitFor();

const hashOf = (page) => decodeURIComponent(new URL(page.url()).hash);

// Every control has a name a screen reader can say; charts say what they
// show.
async function assertLabelled(page) {
  const unnamed = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('input, select, textarea, button, a[href]')) {
      const named = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
        || (el.labels && el.labels.length) || (el.tagName === 'BUTTON' || el.tagName === 'A'
          ? el.textContent.trim() : '');
      if (!named) out.push(el.outerHTML.slice(0, 120));
    }
    for (const el of document.querySelectorAll('svg[role="img"], [role="img"]')) {
      if (!el.getAttribute('aria-label')) out.push(el.outerHTML.slice(0, 120));
    }
    return out;
  });
  assert.deepEqual(unnamed, [], 'controls without an accessible name');
}

const tests = [];
const test = (name, fn, allow) => tests.push({ name, fn, allow });

test('the page, its script, styles and map fit the bundle budget', async () => {
  let total = 0;
  for (const path of ['', 'app/app.js', 'app/app.css', 'app/world.json']) {
    const { n, status } = await gzippedSize(path || '/');
    assert.equal(status, 200, path);
    total += n;
  }
  console.log(`# first view loads ${(total / 1024).toFixed(1)} KiB gzipped`);
  assert.ok(total < BUNDLE_BUDGET, `${total} bytes gzipped`);
});

test('/ is the app for a browser, with a strict CSP, and JSON for curl', async () => {
  const html = await fetch(`${base}/`, { headers: { Accept: 'text/html' } });
  assert.equal(html.status, 200);
  assert.match(html.headers.get('content-type'), /^text\/html/);
  assert.match(html.headers.get('content-security-policy'), /script-src 'self'/);
  assert.doesNotMatch(html.headers.get('content-security-policy'), /unsafe/);
  assert.match(html.headers.get('vary'), /Accept/);
  const json = await fetch(`${base}/`);
  assert.match(json.headers.get('content-type'), /^application\/json/);
});

test('events view: timeline, map, facets and list agree with the API', async (page) => {
  await open(page, '');
  const stats = (await apiGet('stats?by=month')).body.data;
  const total = stats.reduce((n, r) => n + r.count, 0);
  await summary(page, total);
  assert.ok(await page.locator('.timeline canvas').count() > 0, 'timeline drawn');
  assert.ok(await page.locator('.map svg path').count() > 150, 'countries drawn');
  assert.equal(await page.locator('table.events tbody tr').count(), 25);
  const gb = page.locator('.facet a', { hasText: 'United Kingdom' });
  const facetGb = (await apiGet('stats?by=country')).body.data
    .find((r) => r.country === 'GB').count;
  assert.equal(await gb.locator('.count').textContent(), String(facetGb));
  await assertLabelled(page);
  await shot(page, 'events');
});

test('search, type-ahead, facet and open an event', async (page) => {
  await open(page, '');
  const box = page.locator('#search-input');
  await box.fill('huawe');
  const option = page.locator('#search-suggestions li', { hasText: /actor\s*Huawei$/ });
  await option.waitFor();
  await shot(page, 'typeahead');
  await option.click();
  await page.waitForFunction(() => location.hash.includes('actor=huawei'));
  const own = (await apiGet('stats?by=year&actor=huawei')).body.data
    .reduce((n, r) => n + r.count, 0);
  await summary(page, own);
  // Keyboard: arrows and Enter pick a country.
  await box.fill('united kingdom');
  await page.locator('#search-suggestions li').first().waitFor();
  await box.press('ArrowDown');
  await box.press('Enter');
  await page.waitForFunction(() => location.hash.includes('country=GB'));
  const both = (await apiGet('events?actor=huawei&country=GB&limit=100')).body.data;
  await summary(page, both.length);
  // A facet narrows further.
  const facet = page.locator('.facet a', { hasText: 'Disapprove' });
  await facet.click();
  await page.waitForFunction(() => location.hash.includes('type=11'));
  const narrowed = (await apiGet('events?actor=huawei&country=GB&type=11&limit=100')).body.data;
  await page.waitForFunction((n) => document.querySelectorAll('table.events tbody tr').length === n,
    narrowed.length);
  // Plain text searches the events.
  await box.fill('ministers');
  await box.press('Enter');
  await page.waitForFunction(() => location.hash.includes('q=ministers'));
  await page.waitForLoadState('networkidle');
  const found = (await apiGet('events?actor=huawei&country=GB&type=11&q=ministers')).body.data;
  assert.ok(found.length > 0);
  await page.locator('table.events a', { hasText: found[0].title }).click();
  await page.waitForFunction((id) => location.hash === `#/events/${id}`, found[0].id);
  await page.locator('h1', { hasText: found[0].title }).waitFor();
  await shot(page, 'search-journey');
});

test('the timeline brushes a period into the URL', async (page) => {
  await open(page, '');
  const over = page.locator('.timeline .u-over');
  const box = await over.boundingBox();
  await page.mouse.move(box.x + box.width * 0.05, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.95, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction(() => /from=\d{4}-\d{2}&to=\d{4}-\d{2}/.test(location.hash));
  const hash = new URLSearchParams(hashOf(page).split('?')[1]);
  const api = (await apiGet(`stats?by=month&from=${hash.get('from')}&to=${hash.get('to')}`))
    .body.data.reduce((n, r) => n + r.count, 0);
  await summary(page, api);
});

test('the period typed instead of dragged', async (page) => {
  await open(page, '');
  await page.getByRole('textbox', { name: 'From' }).fill('2019-04-23');
  await page.getByRole('textbox', { name: 'to', exact: true }).fill('2019-04-24');
  await page.getByRole('button', { name: 'Set period' }).press('Enter');
  await page.waitForFunction(() => location.hash.includes('from=2019-04-23&to=2019-04-24'));
  const n = (await apiGet('events?from=2019-04-23&to=2019-04-24&limit=100')).body.data.length;
  await summary(page, n);
  // Three months or less: a daily series.
  assert.match(await page.locator('.timeline [role="img"]').getAttribute('aria-label'), /per day/);
  // A date that does not exist is the API's 400, shown.
  await page.getByRole('textbox', { name: 'From' }).fill('2019-02-30');
  await page.getByRole('button', { name: 'Set period' }).click();
  await page.locator('.problem', { hasText: '400' }).first().waitFor();
}, [/status of 400/]);

test('a deep link restores the view', async (page) => {
  await open(page, '#/events?q=huawei&country=GB&sort=date');
  assert.equal(await page.locator('#search-input').inputValue(), 'huawei');
  assert.equal(await page.locator('select').first().inputValue(), 'date');
  await page.locator('.chips', { hasText: 'country: GB' }).waitFor();
  const first = (await apiGet('events?q=huawei&country=GB&sort=date&limit=1')).body.data[0];
  assert.equal(await page.locator('table.events tbody tr a').first().textContent(), first.title);
});

test('event page: participants with roles, every citation with its quote', async (page) => {
  await open(page, `#/events/${EVENT}`);
  const { body: e } = await apiGet(`events/${EVENT}`);
  await page.locator('h1', { hasText: e.title }).waitFor();
  const quotes = await page.locator('.quote blockquote').allTextContents();
  assert.deepEqual(quotes, e.sources.map((s) => s.quote));
  // How sure the reporting is, and the account that contradicts it.
  assert.equal(await page.locator('.profile .certainty').textContent(), e.certainty);
  const denial = e.related.find((r) => r.relation === 'contradicted_by');
  assert.ok(denial, 'the seed links the denial');
  await page.locator('li', { hasText: 'contradicted by' })
    .locator(`a[href="#/events/${denial.event}"]`).waitFor();
  for (const p of e.participants) {
    const { body: a } = await apiGet(`actors/${p.actor}`);
    await page.locator('li', { hasText: a.name }).locator('.badge', { hasText: p.role }).first().waitFor();
  }
  await assertLabelled(page);
  await shot(page, 'event');
});

test('actor page: profile, quotes, timeline, ego network, events', async (page) => {
  await open(page, '#/actors/huawei');
  const { body: a } = await apiGet('actors/huawei');
  await page.locator('h1', { hasText: a.name }).waitFor();
  assert.equal(await page.locator('.quote').count(), a.sources.length);
  const net = (await apiGet('actors/huawei/network?limit=30')).body;
  assert.equal(await page.locator('.network circle').count(), net.nodes.length);
  assert.ok(await page.locator('.timeline canvas').count() > 0);
  await assertLabelled(page);
  await shot(page, 'actor');
  // A node is a link to its actor.
  const other = net.nodes.find((n) => n.id !== 'huawei');
  await page.locator(`.network a[href="#/actors/${other.id}"] circle`).click();
  await page.locator('h1', { hasText: other.name }).waitFor();
});

test('country page', async (page) => {
  await open(page, '#/countries/gb');
  await page.locator('h1', { hasText: 'UK' }).waitFor();
  const events = (await apiGet('countries/gb/events?limit=25')).body.data;
  assert.equal(await page.locator('table.events tbody tr').count(), events.length);
  await assertLabelled(page);
  await shot(page, 'country');
});

test('source page: every event citing it, with its words', async (page) => {
  await open(page, `#/sources/${SOURCE}`);
  const { body: s } = await apiGet(`sources/${SOURCE}`);
  await page.locator('h1', { hasText: s.title }).waitFor();
  const citing = (await apiGet(`events?source=${SOURCE}&limit=50`)).body.data;
  assert.equal(await page.locator('table.events tbody tr').count(), citing.length);
  const quotes = citing.flatMap((e) => e.sources.filter((c) => c.source === SOURCE));
  const described = (await apiGet(`actors?source=${SOURCE}&limit=100`)).body.data;
  const said = described.flatMap((a) => a.sources.filter((c) => c.source === SOURCE));
  assert.ok(said.length > 0);
  assert.equal(await page.locator('.cited-actors blockquote.inline').count(), said.length);
  assert.equal(await page.locator('table.events blockquote.inline').count(), quotes.length);
  await assertLabelled(page);
  await shot(page, 'source');
});

test('network view', async (page) => {
  await open(page, '#/network?country=GB');
  const net = (await apiGet('network?country=GB&limit=40')).body;
  assert.equal(await page.locator('.network circle').count(), net.nodes.length);
  assert.equal(await page.locator('.network line').count(), net.edges.length);
  await assertLabelled(page);
  await shot(page, 'network');
});

test('actors and sources lists with facets', async (page) => {
  await open(page, '#/actors');
  await page.locator('.facet a', { hasText: 'person' }).click();
  await page.waitForFunction(() => location.hash.includes('kind=person'));
  const people = (await apiGet('actors?kind=person&limit=50')).body.data;
  await page.waitForFunction((n) => {
    const kinds = [...document.querySelectorAll('table tbody tr td:nth-child(2)')]
      .map((td) => td.textContent);
    return kinds.length === n && kinds.every((k) => k === 'person');
  }, people.length);
  await assertLabelled(page);
  await shot(page, 'actors');
  await open(page, '#/sources');
  const sources = (await apiGet('sources')).body.data;
  assert.equal(await page.locator('table tbody tr').count(), sources.length);
});

test('downloads of the current view', async (page) => {
  await open(page, '#/events?country=CN');
  const csv = await page.locator('a', { hasText: 'CSV' }).getAttribute('href');
  const res = await fetch(csv);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  assert.match(res.headers.get('content-disposition'), /attachment/);
  const lines = (await res.text()).trim().split('\n');
  const n = (await apiGet('events?country=CN&limit=1000')).body.data.length;
  assert.ok(lines.length >= n + 1, `${lines.length} lines for ${n} events`);
});

test('keyboard: skip link first, every view reachable by Tab', async (page) => {
  await open(page, '');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input');
});

// Chrome reports the answers the journey provokes on purpose.
const EXPECTED = [/status of 412/, /status of 422/];

test('edit journey: key, edit, conflict shown not lost, field errors', async (page) => {
  await open(page, `#/events/${EVENT}`);
  await page.getByRole('button', { name: 'Sign in to edit' }).click();
  await page.locator('#api-key').fill(key);
  await page.getByRole('button', { name: 'Use key' }).click();
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.locator('#title').waitFor();
  await page.locator('#title').fill('NSC reportedly lets Huawei build non-core 5G parts (edited)');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.locator('h1', { hasText: '(edited)' }).waitFor();
  assert.match((await apiGet(`events/${EVENT}`)).body.title, /\(edited\)$/);

  // Someone else saves while this form is open: the save is refused, both
  // versions are shown, and keeping mine saves it over theirs.
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.locator('#summary').waitFor();
  await page.locator('#summary').fill('My summary.');
  const { etag } = await apiGet(`events/${EVENT}`);
  await apiWrite('PATCH', `events/${EVENT}`, { summary: 'Their summary.' }, etag);
  await page.getByRole('button', { name: 'Save changes' }).click();
  const conflict = page.locator('.conflict');
  await conflict.waitFor();
  await conflict.getByText('Their summary.').waitFor();
  await conflict.getByText('My summary.').waitFor();
  await shot(page, 'edit-conflict');
  await page.getByRole('button', { name: 'Save mine over theirs' }).click();
  await page.locator('h1', { hasText: '(edited)' }).waitFor();
  assert.equal((await apiGet(`events/${EVENT}`)).body.summary, 'My summary.');

  // A 422's errors appear beside their fields; nothing is created.
  await open(page, '#/new/actors');
  await page.getByRole('button', { name: 'Add citation' }).click();
  await page.locator('[id="sources[0].source"]').fill('no-such-source');
  await page.locator('[id="sources[0].quote"]').fill('A sentence.');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.locator('#err-name').waitFor();
  await page.locator('[id="err-sources[0].source"]').waitFor();
  assert.equal(await page.locator('#name').getAttribute('aria-invalid'), 'true');
  await assertLabelled(page);
  await shot(page, 'edit-errors');
  assert.equal(await page.locator('#kind').getAttribute('aria-invalid'), 'true');
  // Corrected, it is created and shown.
  const name = `Zoë Łukasz ${process.pid}`;
  await page.locator('#name').fill(name);
  await page.locator('#kind').selectOption('person');
  await page.locator('[id="sources[0].source"]').fill(SOURCE);
  await page.getByRole('button', { name: 'Create' }).click();
  await page.locator('h1', { hasText: name }).waitFor();
  const made = decodeURIComponent(hashOf(page).replace('#/actors/', ''));
  assert.equal((await apiGet(`actors/${made}`)).body.name, name);
}, EXPECTED);

let passed = 0;
let failed = 0;
for (const t of tests) {
  const page = t.fn.length ? await newPage(t.allow) : null;
  try {
    await t.fn(page);
    if (page) assert.deepEqual(page.problems, [], 'problems in the page');
    passed++;
    console.log(`ok - ${t.name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${t.name}\n# ${String(e.stack || e).split('\n').join('\n# ')}`);
    if (page) {
      await shot(page, `failed-${passed + failed}`).catch(() => {});
      if (page.problems.length) console.log(`# ${page.problems.join('\n# ')}`);
    }
  }
  if (page) await page.context().close();
}
await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
