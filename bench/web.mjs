// SPDX-License-Identifier: MIT
// Time to the web app's first meaningful render, uncached: every load is
// a new browser context (no HTTP cache) on a view whose API answers no
// earlier load asked for (a different country, word or actor each time,
// so the server's response cache never hits).
//
//   node bench/web.mjs BASE_URL LOADS
//
// Per view kind it prints the median and worst time from navigation to
// the first meaningful render (for the events view: the list, the
// timeline and the map drawn; for an actor: profile, timeline, network,
// events), and to the view settled (facets too, nothing loading). The
// baseline, measured in the same run, is the page itself: navigation to
// DOMContentLoaded of the app's HTML and script, no API request.
import { chromium } from 'playwright-core';

const [base, loadsArg] = process.argv.slice(2);
const LOADS = Number(loadsArg || 12);
const browser = await chromium.launch({
  executablePath: process.env.DOSSIER_BROWSER || '/usr/bin/chromium-headless-shell',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-dev-shm-usage',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function api(path) {
  const res = await fetch(`${base}/${path}`, { headers: { Accept: 'application/json' } });
  return res.json();
}

// Distinct real values from the data, most common first.
const countries = (await api('stats?by=country&limit=200')).data.map((r) => r.country);
const actors = (await api('stats?by=actor&limit=200')).data.map((r) => r.actor);
const words = ['protest', 'election', 'minister', 'police', 'sanctions', 'talks',
  'military', 'court', 'president', 'border', 'killed', 'meeting', 'oil', 'trade',
  'attack', 'visit', 'agreement', 'arrest', 'strike', 'government', 'aid', 'peace'];

// What each view shows at its first meaningful render (run in the page).
function ready(kind) {
  const q = (sel) => document.querySelector(sel);
  const timeline = q('.timeline canvas, .timeline figcaption');
  if (kind === 'events') {
    return q('table.events tbody tr, .empty') && timeline
      && document.querySelectorAll('.map svg path').length > 100;
  }
  if (kind === 'actor') {
    return q('h1') && timeline && q('.network, .actor-view .empty')
      && q('table.events tbody tr, .empty');
  }
  return q('h1') && q('table.events tbody tr, .empty');
}

const VIEWS = {
  events: (i) => (i % 2
    ? `#/events?q=${words[i % words.length]}&country=${countries[(i * 7) % countries.length]}`
    : `#/events?country=${countries[i % countries.length]}`),
  actor: (i) => `#/actors/${actors[(i * 3) % actors.length]}`,
  country: (i) => `#/countries/${countries[(i * 5 + 1) % countries.length].toLowerCase()}`,
};

// The slowest API request of the run, to say where the time goes.
let slowest = null;

async function load(hash, kind) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('requestfinished', async (r) => {
    const res = await r.response();
    const t = r.timing();
    const ms = t.responseEnd - t.requestStart;
    if (res && res.status() >= 500) errors.push(`${res.status()} ${r.url()}`);
    if (!slowest || ms > slowest.ms) slowest = { ms, url: r.url().replace(base, '') };
  });
  await page.goto(`${base}/${hash}`, { waitUntil: 'commit' });
  const first = await page.waitForFunction(new Function('kind',
    `return (${ready})(kind) && performance.now();`), kind,
  { polling: 'raf', timeout: 30000 });
  const settled = await page.waitForFunction(() => !document.querySelector(
    '.loading, [aria-busy="true"]') && performance.now(), null,
  { polling: 'raf', timeout: 60000 });
  const shell = await page.evaluate(() => performance.getEntriesByType('navigation')[0]
    .domContentLoadedEventEnd);
  const out = { shell, first: await first.jsonValue(), settled: await settled.jsonValue() };
  await context.close();
  if (errors.length) console.log(`# ${hash}: ${errors.join('; ')}`);
  return out;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const max = (xs) => Math.max(...xs);

console.log(`${'view'.padEnd(8)} ${'loads'.padStart(5)} ${'page ms'.padStart(9)} `
  + `${'first p50'.padStart(10)} ${'first max'.padStart(10)} ${'settled p50'.padStart(12)} `
  + `${'settled max'.padStart(12)} ${'first/page'.padStart(11)}`);
for (const [name, hashOf] of Object.entries(VIEWS)) {
  const runs = [];
  for (let i = 0; i < LOADS; i++) runs.push(await load(hashOf(i), name));
  const shell = median(runs.map((r) => r.shell));
  const first = runs.map((r) => r.first);
  const settled = runs.map((r) => r.settled);
  console.log(`${name.padEnd(8)} ${String(LOADS).padStart(5)} ${shell.toFixed(0).padStart(9)} `
    + `${median(first).toFixed(0).padStart(10)} ${max(first).toFixed(0).padStart(10)} `
    + `${median(settled).toFixed(0).padStart(12)} ${max(settled).toFixed(0).padStart(12)} `
    + `${(median(first) / shell).toFixed(1).padStart(11)}`);
}
console.log(`slowest request: ${slowest.ms.toFixed(0)} ms ${slowest.url}`);
await browser.close();
