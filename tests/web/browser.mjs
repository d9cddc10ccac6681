#!/usr/bin/env node
/*
 * browser.mjs -- drive the trilat web page in a real browser (Debian's
 * /usr/bin/chromium through playwright-core) against a running
 * `trilat serve`, and check what a reader sees against what the API says.
 *
 *   node tests/web/browser.mjs BASE_URL SCREENSHOT_DIR
 *
 * One line per check passed; on the first failure, what was expected and
 * what was found, and exit 1 (2: usage or the browser did not start).
 * Full-page screenshots (list, story, citation, entity, search, phone) go
 * to SCREENSHOT_DIR. tests/e2e/web.sh runs it over the example corpus.
 */
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const CHROMIUM = process.env.TRILAT_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TIMEOUT = 10000;   // ms to wait for anything to appear

const [baseArg, shotDir] = process.argv.slice(2);
if (!baseArg || !shotDir) {
  console.error('usage: node browser.mjs BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
const BASE = baseArg.replace(/\/+$/, '');
fs.mkdirSync(shotDir, { recursive: true });

/* ---------------------------------------------------------------- helpers */

class CheckFailed extends Error {}
let passed = 0;
function fail(what, expected, found) {
  throw new CheckFailed(`FAIL - ${what}\n  expected: ${expected}\n  found:    ${found}`);
}
function ok(what) { passed++; console.log(`ok - ${what}`); }
function check(cond, what, expected, found) { if (!cond) fail(what, expected, found); ok(what); }
const norm = s => String(s ?? '').replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/\s+/g, ' ').trim();
const q = s => JSON.stringify(s);

async function getJSON(p) {
  let r;
  try { r = await fetch(BASE + p); } catch (e) { fail(`GET ${p}`, 'an answer', `${e.message} (${e.cause ? e.cause.code || e.cause.message : 'no server?'})`); }
  const text = await r.text();
  if (!r.ok) fail(`GET ${p}`, 'status 200', `${r.status} ${text.slice(0, 300)}`);
  try { return JSON.parse(text); } catch (e) { fail(`GET ${p} is JSON`, 'JSON', text.slice(0, 300)); }
}

/** Wait for `sel` on the page; on timeout, fail saying what the page shows instead. */
async function waitFor(page, sel, what) {
  try {
    return await page.waitForSelector(sel, { timeout: TIMEOUT });
  } catch (e) {
    const status = await page.locator('#status').textContent().catch(() => '?');
    fail(what, `an element ${sel}`, `none after ${TIMEOUT} ms at ${page.url()}; status line: ${q(status)}`);
  }
}
const text = async (page, sel) => norm(await page.locator(sel).first().textContent());
async function shot(page, name) {
  await page.screenshot({ path: path.join(shotDir, name), fullPage: true });
}
async function noHorizontalScroll(page, what) {
  const w = await page.evaluate(() => document.scrollingElement.scrollWidth);
  check(w <= 375, `phone: no horizontal scroll on ${what}`, 'scrollWidth <= 375', `scrollWidth ${w}`);
}

/** Console errors, page errors and requests leaving the server, per page. */
const problems = [];
let expect404 = false;   // a deliberate 404 logs "Failed to load resource": not a problem
function watch(page, name) {
  page.on('console', m => {
    if (m.type() !== 'error') return;
    if (expect404 && /Failed to load resource.*404/.test(m.text())) return;
    problems.push(`${name}: console error: ${m.text()}`);
  });
  page.on('pageerror', e => problems.push(`${name}: page error: ${e.message}`));
  page.on('request', r => {
    const u = r.url();
    if (!u.startsWith(BASE + '/') && !u.startsWith('data:')) problems.push(`${name}: request outside ${BASE}: ${u}`);
  });
}
function noProblems(when) {
  check(problems.length === 0, `no console errors, page errors or outside requests (${when})`,
    'none', problems.join('\n            '));
}

/* ------------------------------------------------------------------ checks */

async function desktop(browser) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  watch(page, 'desktop');

  // the story list against GET /api/v1/stories
  const list = await getJSON('/api/v1/stories');
  check(list.items && list.items.length > 0, 'the API lists stories', 'at least one story', JSON.stringify(list).slice(0, 200));
  await page.goto(BASE + '/');
  await waitFor(page, '.stories > li', 'the story list shows');
  const rows = await page.locator('.stories > li').count();
  check(rows === list.items.length, 'story list: one row per story of the first page', list.items.length, rows);
  const first = await text(page, '.stories > li .headline');
  check(first === norm(list.items[0].headline), 'story list: first headline', q(list.items[0].headline), q(first));
  const meta = await text(page, '.stories > li .meta');
  check(meta.includes(`${list.items[0].articles} article`) && meta.includes(`${list.items[0].sources} source`),
    'story list: first row counts articles and sources', `${list.items[0].articles} articles, ${list.items[0].sources} sources`, q(meta));
  await shot(page, 'list.png');

  // the size filter against GET /api/v1/stories?min_size=N
  const maxSize = Math.max(...list.items.map(s => s.articles));
  const sized = await getJSON(`/api/v1/stories?min_size=${maxSize}`);
  if (await page.locator(`#min-size option[value="${maxSize}"]`).count()) await page.selectOption('#min-size', String(maxSize));
  else await page.goto(`${BASE}/#/?min=${maxSize}`);   // no such option: the address does the same
  await page.waitForFunction(n => document.querySelectorAll('.stories > li').length === n && location.hash.includes('min='),
    sized.items.length, { timeout: TIMEOUT }).catch(() => {});
  const nsized = await page.locator('.stories > li').count();
  check(nsized === sized.items.length, `story list: filter ${maxSize}+ articles`, sized.items.length, nsized);
  await page.goto(BASE + '/');
  await waitFor(page, '.stories > li', 'the story list shows again');

  // the biggest story
  const big = list.items.reduce((a, b) => (b.articles > a.articles ? b : a));
  const story = await getJSON(`/api/v1/stories/${big.id}`);
  await page.click(`.stories a[href="#/story/${big.id}"]`);
  await waitFor(page, 'article.story h1', `story ${big.id} opens`);
  const h1 = await text(page, 'article.story h1');
  check(h1 === norm(story.headline), `story ${big.id}: headline`, q(story.headline), q(h1));
  check(page.url().endsWith(`#/story/${big.id}`), 'story: the address names it', `…#/story/${big.id}`, page.url());
  const members = await page.locator('.members > li').evaluateAll(ls => ls.map(l => [
    l.querySelector('.num').textContent.trim(), l.querySelector('.m-toggle').textContent.trim()]));
  const want = story.members.map((m, i) => [`[${i + 1}]`, norm(m.title || m.id)]);
  check(JSON.stringify(members.map(([n, t]) => [n, norm(t)])) === JSON.stringify(want),
    `story: ${want.length} members numbered [1]..[${want.length}] in the API's order`, JSON.stringify(want), JSON.stringify(members));

  // the summary and a citation
  const sents = story.summary.sentences;
  const shown = await page.locator('.summary-text .sent').count();
  check(shown === sents.length && shown > 0, 'story: summary sentences', sents.length, shown);
  const num = new Map(story.members.map((m, i) => [m.id, i + 1]));
  let si = sents.findIndex(s => (s.cites || []).some(c => c.article === s.article && num.has(c.article)));
  if (si < 0) si = sents.findIndex(s => (s.cites || []).some(c => num.has(c.article)));
  check(si >= 0, 'story: a summary sentence cites a member', 'a sentence with cites', JSON.stringify(sents).slice(0, 300));
  const s = sents[si];
  const cited = (s.cites.find(c => c.article === s.article && num.has(c.article)) || s.cites.find(c => num.has(c.article))).article;
  const n = num.get(cited);
  const btn = page.locator('.summary-text .sent').nth(si).locator(`button.cite[data-n="${n}"]`);
  check(await btn.count() === 1 && norm(await btn.textContent()) === `[${n}]`,
    `story: sentence ${si + 1} of the summary shows citation [${n}]`, `a button [${n}]`, `${await btn.count()} buttons`);
  await shot(page, 'story.png');
  await btn.click();
  const mark = await waitFor(page, `#m${n} .article-text mark.cited`, `citation [${n}] opens its article with a highlight`);
  const art = await getJSON(`/api/v1/articles/${encodeURIComponent(cited)}`);
  const shownText = norm(await page.locator(`#m${n} .article-text`).textContent());
  check(shownText === norm(art.text), `citation [${n}]: the text of ${cited} is shown`,
    `${q(norm(art.text).slice(0, 80))}… (${norm(art.text).length} chars)`, `${q(shownText.slice(0, 80))}… (${shownText.length} chars)`);
  const hl = norm(await mark.textContent());
  check(hl === norm(s.text) || hl.includes(norm(s.text)), `citation [${n}]: the highlighted sentence is the summary's`, q(s.text), q(hl));
  const inView = await mark.evaluate(el => {
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  });
  check(inView, `citation [${n}]: the page scrolled to the highlight`, 'the mark inside the viewport', 'outside it');
  await shot(page, 'story-citation.png');

  // facts
  const facts = await page.locator('table.facts tbody tr').count();
  check(facts === story.facts.length && facts > 0, 'story: facts table rows', story.facts.length, facts);
  const agree = page.locator('table.facts tr[data-label="agree"] .badge');
  check(await agree.count() > 0 && /agree/i.test(await agree.first().textContent()), 'story: a fact row labelled agree',
    'a row with a visible "agree" label', `${await agree.count()} rows`);
  for (const label of ['conflict', 'single']) {
    const want = story.facts.filter(f => f.label === label).length;
    const got = await page.locator(`table.facts tr[data-label="${label}"] .badge`).filter({ hasText: label }).count();
    check(got === want, `story: ${label} facts labelled "${label}"`, want, got);
  }
  const colours = await page.evaluate(() => ['agree', 'conflict', 'single'].map(l => {
    const b = document.querySelector(`tr[data-label="${l}"] .badge`);
    return b ? getComputedStyle(b).backgroundColor : null;
  }).filter(Boolean));
  check(new Set(colours).size === colours.length, 'story: the fact labels have distinct colours', 'distinct colours', colours.join(' / '));

  // quotes, events, entities sections
  const speakers = await page.locator('#sec-quotes .speaker').count();
  check(speakers === story.quotes.length, 'story: quotes grouped by speaker', story.quotes.length, speakers);
  const events = await page.locator('#sec-events .event').count();
  check(events === story.events.length, 'story: events timeline', story.events.length, events);

  // an entity, from a speaker's link (else any entity link)
  let link = page.locator('#sec-quotes .speaker h3 a.ent').first();
  if (!await link.count()) link = page.locator('#sec-entities a.ent').first();
  check(await link.count() === 1, 'story: a speaker or entity links to its page', 'a link to #/entity/ID', 'none');
  const href = await link.getAttribute('href');
  const eid = decodeURIComponent(href.replace('#/entity/', ''));
  const ent = await getJSON(`/api/v1/entities/${encodeURIComponent(eid)}`);
  await link.click();
  await waitFor(page, 'article.entity h1', `entity ${eid} opens`);
  const ename = await text(page, 'article.entity h1');
  check(ename === norm(ent.name), `entity ${eid}: name`, q(ent.name), q(ename));
  const nst = await page.locator('#sec-stories li a').count();
  check(nst === Object.keys(ent.stories || {}).length, `entity ${eid}: its stories are linked`, Object.keys(ent.stories || {}).length, nst);
  await shot(page, 'entity.png');

  // search from the header box
  const hits = await getJSON('/api/v1/search?q=Varenko');
  await page.fill('#q', 'Varenko');
  await page.press('#q', 'Enter');
  await waitFor(page, '.results > li', 'search results show');
  check(page.url().endsWith('#/search?q=Varenko'), 'search: the address holds the query', '…#/search?q=Varenko', page.url());
  const nh = await page.locator('.results > li').count();
  check(nh === hits.items.length && nh > 0, 'search "Varenko": one result per hit', hits.items.length, nh);
  const marks = await page.locator('.results > li mark').allTextContents();
  check(marks.length > 0 && marks.every(m => /varenko/i.test(m)), 'search: matches are marked', '<mark>Varenko</mark>', JSON.stringify(marks.slice(0, 5)));
  const h0 = hits.items[0];
  const href0 = await page.locator('.results > li .headline a').first().getAttribute('href');
  const want0 = h0.story != null ? `#/story/${h0.story}` : `#/article/${encodeURIComponent(h0.id)}`;
  check(href0 === want0, 'search: a hit links to its story (else its article)', want0, href0);
  await shot(page, 'search.png');

  // an API error is shown, not swallowed
  expect404 = true;
  const errBody = await fetch(`${BASE}/api/v1/stories/999999999`).then(r => r.json());
  await page.goto(`${BASE}/#/story/999999999`);
  await waitFor(page, '#status.error', 'an API error shows as a message');
  const err = await text(page, '#status');
  check(err.includes(errBody.error.message), 'an API error shows its message', q(errBody.error.message), q(err));
  expect404 = false;
  noProblems('desktop');
  await ctx.close();
  return big.id;
}

async function phone(browser, sid) {
  const ctx = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  watch(page, 'phone');
  await page.goto(BASE + '/');
  await waitFor(page, '.stories > li', 'phone: the story list shows');
  await noHorizontalScroll(page, 'the story list');
  await shot(page, 'phone.png');
  await page.goto(`${BASE}/#/story/${sid}`);
  await waitFor(page, 'article.story h1', 'phone: the story shows');
  await page.locator('.summary-text button.cite').first().click();
  await waitFor(page, '.article-text', 'phone: a citation opens its article');
  await noHorizontalScroll(page, 'a story with an article open');
  await shot(page, 'phone-story.png');
  noProblems('phone');
  await ctx.close();
}

/* -------------------------------------------------------------------- main */

let browser;
try {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
} catch (e) {
  console.error(`cannot start ${CHROMIUM}: ${e.message}`);
  process.exit(2);
}
let rc = 0;
try {
  const sid = await desktop(browser);
  await phone(browser, sid);
  console.log(`${passed} checks passed; screenshots in ${shotDir}`);
} catch (e) {
  console.error(e instanceof CheckFailed ? e.message : `FAIL - ${e.stack || e}`);
  console.error(`(${passed} checks passed before)`);
  rc = 1;
} finally {
  await browser.close().catch(() => {});
}
process.exit(rc);
