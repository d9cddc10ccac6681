/*
 * app.js -- the trilat web page: one page over the JSON API under /api/v1
 * (docs/api.md), plain JavaScript, no framework, no build step, nothing
 * fetched from anywhere but this server.
 *
 * Routes (location.hash):
 *   #/               stories, most recent first (#/?min=N: N articles or more)
 *   #/story/ID       a story: cited summary, its articles [n], facts with
 *                    agree / conflict / single-source labels, quotes by
 *                    speaker, events as a timeline, the entities in it
 *   #/entity/ID      an entity: names, roles, stories, quotes, events, articles
 *   #/article/ID     an article's text
 *   #/search?q=Q     full-text search (the header box on every page)
 *
 * A citation [n] (summary, facts, quotes, events) opens article n of the
 * story in place, with the words it cites highlighted, and scrolls to them.
 *
 * Everything the API returns is untrusted (article text above all): it
 * reaches the page only through esc(). The one exception, a search hit's
 * snippet_html, is used only after checking that it holds nothing but
 * text and bare <mark> elements.
 */
'use strict';

const PAGE = 20;                              // list page size (the API's default)
const view = document.getElementById('view');
const statusEl = document.getElementById('status');
const qInput = document.getElementById('q');
let gen = 0;              // bumped on every navigation: late answers for a page left are dropped
let pager = null;         // the current list's "More" state: {path, row, offset}
const articles = new Map(); // article id -> article JSON, fetched once

/* ------------------------------------------------------------------ helpers */

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** HTML-escape any value for text or a quoted attribute (null, undefined: ''). */
function esc(v) { return String(v ?? '').replace(/[&<>"']/g, c => ESC[c]); }
const enc = encodeURIComponent;

/** GET /api/v1 + path: the JSON body, or an Error carrying the API's error message. */
async function api(path) {
  let r, body = null;
  try {
    r = await fetch('/api/v1' + path, { headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new Error('the server cannot be reached (' + e.message + ')');
  }
  try { body = await r.json(); } catch (e) { /* not JSON: reported below */ }
  if (!r.ok) {
    const e = body && body.error;
    throw new Error(e ? `${e.status} ${e.code}: ${e.message}` : `HTTP ${r.status} ${r.statusText}`);
  }
  if (body === null) throw new Error('the server answered with something that is not JSON');
  return body;
}

/** The page-wide live region: a loading note, an error, or nothing. */
function setStatus(msg, isError) {
  statusEl.className = isError ? 'error' : msg ? 'loading' : '';
  statusEl.textContent = msg ? (isError ? 'Error: ' : '') + msg : '';
}

const plural = (n, w) => `${n} ${w}${n === 1 ? '' : 's'}`;
/** "2026-03-09T07:45:00+02:00" -> "2026-03-09 07:45" (the outlet's own clock). */
const when = s => (s ? (s.length > 10 ? `${s.slice(0, 10)} ${s.slice(11, 16)}` : s) : 'undated');
const day = s => (s ? s.slice(0, 10) : 'undated');
const span = (a, b) => (day(a) === day(b) ? day(a) : `${day(a)} – ${day(b)}`);

const storyLink = (id, text) => `<a href="#/story/${esc(enc(id))}">${esc(text)}</a>`;
const articleLink = (id, text) => `<a href="#/article/${esc(enc(id))}">${esc(text)}</a>`;
const entityLink = (id, text) =>
  id == null ? esc(text) : `<a class="ent" href="#/entity/${esc(enc(id))}">${esc(text)}</a>`;
/** A link out to the article's original page: http(s) only, never javascript: and the like. */
const extLink = url => (/^https?:\/\//i.test(url || '')
  ? `<a href="${esc(url)}" rel="noopener noreferrer nofollow" target="_blank">original ↗</a>` : '');
const section = (id, title, body) => `<section class="sec" id="sec-${id}"><h2>${esc(title)}</h2>${body}</section>`;
const empty = msg => `<p class="empty">${esc(msg)}</p>`;
const TYPES = { PER: 'person', ORG: 'organization', LOC: 'place', MISC: 'other name' };

/* --------------------------------------------------------------- the router */

/** location.hash -> {parts: ["story", "4"], params: URLSearchParams}. */
function parseHash() {
  const h = location.hash.replace(/^#\/?/, '');
  const i = h.indexOf('?');
  const path = i < 0 ? h : h.slice(0, i);
  let parts;
  try { parts = path.split('/').filter(Boolean).map(decodeURIComponent); } catch (e) { parts = ['?']; }
  return { parts, params: new URLSearchParams(i < 0 ? '' : h.slice(i + 1)) };
}

/** Render the page the hash names; one at a time (see gen). */
async function route() {
  const my = ++gen;
  const { parts, params } = parseHash();
  const [kind, id] = parts;
  pager = null;
  if (kind !== 'search') qInput.value = '';
  setStatus('Loading…');
  view.setAttribute('aria-busy', 'true');
  try {
    let html;
    if (!kind) html = await pageStories(params);
    else if (kind === 'story' && id) html = await pageStory(id);
    else if (kind === 'entity' && id) html = await pageEntity(id);
    else if (kind === 'article' && id) html = await pageArticle(id);
    else if (kind === 'search') html = await pageSearch(params);
    else throw new Error('no such page: ' + location.hash);
    if (my !== gen) return;
    view.innerHTML = html;
    setStatus('');
    window.scrollTo(0, 0);
  } catch (e) {
    if (my !== gen) return;
    document.title = 'Error · trilat';
    view.innerHTML = '';
    setStatus(e.message, true);
  } finally {
    if (my === gen) view.removeAttribute('aria-busy');
  }
}

/** "More": the next page of the current list, appended to #list. */
function pagerHtml(d, path, row) {
  pager = { path, row, offset: (d.offset || 0) + d.items.length };
  return d.has_more ? '<p class="more"><button id="more" type="button">More</button></p>' : '';
}
async function loadMore(btn) {
  const p = pager, my = gen;
  if (!p) return;
  btn.disabled = true;
  btn.textContent = 'Loading…';
  try {
    const d = await api(`${p.path}&limit=${PAGE}&offset=${p.offset}`);
    if (my !== gen) return;
    document.getElementById('list').insertAdjacentHTML('beforeend', d.items.map(p.row).join(''));
    p.offset += d.items.length;
    if (d.has_more && d.items.length) { btn.disabled = false; btn.textContent = 'More'; }
    else btn.parentNode.remove();
  } catch (e) {
    btn.disabled = false;
    btn.textContent = 'More';
    setStatus(e.message, true);
  }
}

/* ----------------------------------------------------------- the story list */

const terms = t => (t && t.length
  ? `<ul class="terms" aria-label="Top terms">${t.map(x => `<li>${esc(x)}</li>`).join('')}</ul>` : '');

function storyRow(s) {
  return `<li class="card story-row">
    <h2 class="headline">${storyLink(s.id, s.headline || `Story ${s.id}`)}</h2>
    <p class="meta"><span class="n">${plural(s.articles, 'article')}</span> · ${plural(s.sources, 'source')}
      · <span class="when">${esc(span(s.first, s.last))}</span></p>${terms(s.top_terms)}</li>`;
}

async function pageStories(params) {
  const min = Math.max(1, parseInt(params.get('min'), 10) || 1);
  const path = `/stories?min_size=${min}`;
  const d = await api(`${path}&limit=${PAGE}`);
  document.title = 'Stories · trilat';
  const sizes = [...new Set([1, 2, 3, 5, min])].sort((a, b) => a - b);
  const opts = sizes.map(n => `<option value="${n}"${n === min ? ' selected' : ''}>${
    n === 1 ? 'all stories' : `${n}+ articles`}</option>`).join('');
  return `<div class="head-row"><h1>Stories</h1>
      <label class="filter">Show <select id="min-size">${opts}</select></label></div>
    ${d.items.length ? '' : empty('No stories yet: ingest articles and run trilat cluster.')}
    <ol class="stories" id="list">${d.items.map(storyRow).join('')}</ol>${pagerHtml(d, path, storyRow)}`;
}

/* ---------------------------------------------------------------- a story */

let num = new Map();      // the open story's member id -> its citation number n
let outlet = new Map();   // the open story's member id -> its source

/** A citation button [n] for a member article; `hl`: the words to highlight in it. */
function cite(article, hl, source) {
  const n = num.get(article);
  if (!n) return '';
  source = source || outlet.get(article);
  return `<button type="button" class="cite" data-n="${n}" data-hl="${esc(hl)}"
    title="${esc(source || article)}" aria-label="source ${n}, ${esc(source || article)}">[${n}]</button>`;
}
/** Citations for an article that is a member, else a link to it. */
const citeOrLink = (article, hl, source) => cite(article, hl, source) || ` ${articleLink(article, source || article)}`;

function summaryHtml(sum) {
  if (!sum || !sum.sentences || !sum.sentences.length) return empty('No summary.');
  const sents = sum.sentences.map(x => `<span class="sent">${esc(x.text)}<span class="cites">${
    (x.cites || []).map(c => cite(c.article, x.text, c.source)).join('')}</span></span>`).join(' ');
  const srcs = sum.sources || [];
  return `<p class="summary-text">${sents}</p><p class="note">${esc(sum.words)} words from
    ${plural(srcs.length, 'source')} (${esc(sum.method)}). Each [n] opens the article it cites.</p>`;
}

function membersHtml(ms) {
  return `<ol class="members">${ms.map((m, i) => `<li id="m${i + 1}" data-id="${esc(m.id)}">
    <span class="num">[${i + 1}]</span><div class="m-main">
      <button type="button" class="m-toggle" aria-expanded="false" aria-controls="mb${i + 1}">${esc(m.title || m.id)}</button>
      <p class="meta">${esc(m.source)} · ${esc(when(m.published))}${m.near_duplicate_of
        ? ` · <span class="dup">near-duplicate of ${num.has(m.near_duplicate_of) ? `[${num.get(m.near_duplicate_of)}]` : esc(m.near_duplicate_of)}</span>` : ''}</p>
      <div class="m-body" id="mb${i + 1}" hidden></div></div></li>`).join('')}</ol>`;
}

const FACT = { agree: '✓ agree', conflict: '✗ conflict', single: '• single source' };
function claimHtml(c, f, sid) {
  const g = f.label === 'conflict' && c.group != null
    ? `<span class="grp grp-${c.group % 4}" title="version ${String.fromCharCode(97 + (c.group % 26))}">${String.fromCharCode(97 + (c.group % 26))}</span>` : '';
  const val = c.display || c.date || '';
  const where = num.has(c.article) ? cite(c.article, c.sentence || c.text, c.source)
    : c.story != null && c.story !== sid ? ` <a class="other" href="#/story/${esc(enc(c.story))}">story ${esc(c.story)}</a>`
      : ` ${articleLink(c.article, 'article')}`;
  return `<li>${g}<span class="src">${esc(c.source)}</span> “${esc(c.text)}”${
    val && val !== c.text ? ` <span class="val">= ${esc(val)}</span>` : ''}${where}</li>`;
}
function factsHtml(facts, sid) {
  if (!facts || !facts.length) return empty('No facts: no numbers or dated events found.');
  const n = { agree: 0, conflict: 0, single: 0 };
  facts.forEach(f => { n[f.label] = (n[f.label] || 0) + 1; });
  const rows = facts.map(f => `<tr class="fact fact-${esc(f.label)}" data-label="${esc(f.label)}">
    <td class="f-label"><span class="badge badge-${esc(f.label)}">${esc(FACT[f.label] || f.label)}</span></td>
    <td class="f-what"><span class="what">${esc(f.measures || '—')}</span>
      <span class="kind">${esc(f.kind)}${f.unit ? ` · ${esc(f.unit)}` : ''} · ${plural(f.sources, 'source')}</span></td>
    <td class="f-claims"><ul>${(f.claims || []).map(c => claimHtml(c, f, sid)).join('')}</ul></td></tr>`).join('');
  return `<p class="note">${n.agree} agree, ${n.conflict} conflict, ${n.single} from a single source.
    In a conflict, the letters group the sources that say the same.</p>
    <table class="facts"><thead><tr><th scope="col">Status</th><th scope="col">Measure</th>
    <th scope="col">What each source says</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** One statement (the same quote across outlets) or a single quote. */
function stmtHtml(st) {
  const text = st.kind === 'direct' ? `“${esc(st.text)}”` : `<span class="ind">(indirect)</span> ${esc(st.text)}`;
  const outlets = st.outlets || [];
  const by = outlets.length > 1 ? `quoted by ${outlets.length} sources: ${outlets.map(esc).join(', ')}` : esc(outlets[0]);
  const cites = (st.articles || []).map(a => cite(a, st.text, '')).join('');
  return `<li class="stmt ${esc(st.kind)}"><span class="qt">${text}</span> <span class="by">— ${by}</span>${cites}</li>`;
}
function quotesHtml(groups) {
  if (!groups || !groups.length) return empty('No quotes.');
  const one = g => {
    const sts = g.statements && g.statements.length ? g.statements
      : (g.quotes || []).map(q => ({ text: q.text, kind: q.kind, outlets: [q.source], articles: [q.article] }));
    return `<li class="speaker"><h3>${g.entity != null ? entityLink(g.entity, g.speaker) : esc(g.speaker || 'unnamed')}
      <span class="count">${plural(g.count, 'quote')}</span></h3><ul class="stmts">${sts.map(stmtHtml).join('')}</ul></li>`;
  };
  const SHOW = 6, rest = groups.slice(SHOW);
  return `<ul class="speakers">${groups.slice(0, SHOW).map(one).join('')}</ul>${rest.length
    ? `<details><summary>${plural(rest.length, 'more speaker')}</summary><ul class="speakers">${rest.map(one).join('')}</ul></details>` : ''}`;
}

/** An event's date: a day, a range, or undated, with how sure it is. */
function eventDate(d) {
  if (!d || !d.first) return '<span class="undated">undated</span>';
  const r = !d.last || d.last === d.first ? d.first : `${d.first} – ${d.last}`;
  const how = d.certainty === 'inferred' ? `<span class="cert" title="inferred from “${esc(d.expression)}” and the publication date">inferred</span>` : '';
  return `<time datetime="${esc(d.first)}">${esc(r)}</time>${how}`;
}
const party = p => (p ? entityLink(p.entity, p.name || p.phrase) : '');
function eventHtml(e) {
  const actor = e.actor ? party(e.actor) : '<span class="muted">(unnamed)</span>';
  const flags = (e.negated ? ' <span class="flag">not</span>' : '') + (e.future ? ' <span class="flag">planned</span>' : '');
  const others = e.others && e.others.length ? ` <span class="muted">with</span> ${e.others.map(party).join(', ')}` : '';
  const loc = e.location ? ` <span class="muted">in</span> ${party(e.location)}` : '';
  return `<li class="event"><div class="ev-date">${eventDate(e.date)}</div><div class="ev-main">
    <p class="ev-line">${actor} <span class="arrow" aria-hidden="true">→</span><span class="sr">:</span>
      <span class="ev-label">${esc(e.label)}</span>${flags}${e.target
        ? ` <span class="arrow" aria-hidden="true">→</span><span class="sr">, target:</span> ${party(e.target)}` : ''}${others}${loc}</p>
    <p class="ev-sent">${esc(e.sentence)}</p>
    <p class="meta">${esc(e.source)} · ${esc(day(e.published))}${citeOrLink(e.article, e.sentence, e.source)}</p></div></li>`;
}
const eventsHtml = evs => (evs && evs.length
  ? `<ol class="timeline">${evs.map(eventHtml).join('')}</ol>` : empty('No events.'));

/** The entities a story names: its quotes' speakers and its events' participants. */
function storyEntities(s) {
  const m = new Map();
  const add = (id, name, k, n) => {
    if (id == null) return;
    if (!m.has(id)) m.set(id, { id, name, quotes: 0, events: 0 });
    m.get(id)[k] += n;
  };
  (s.quotes || []).forEach(g => add(g.entity, g.speaker, 'quotes', g.count || 1));
  (s.events || []).forEach(e => [e.actor, e.target, ...(e.others || [])]
    .forEach(p => p && add(p.entity, p.name, 'events', 1)));
  if (!m.size) return empty('No entities recognized.');
  const list = [...m.values()].sort((a, b) => (b.quotes + b.events) - (a.quotes + a.events) || a.name.localeCompare(b.name));
  return `<ul class="chips">${list.map(e => `<li>${entityLink(e.id, e.name)} <span class="count">${
    [e.quotes && plural(e.quotes, 'quote'), e.events && plural(e.events, 'event')].filter(Boolean).join(', ')}</span></li>`).join('')}</ul>`;
}

async function pageStory(id) {
  const s = await api('/stories/' + enc(id));
  num = new Map((s.members || []).map((m, i) => [m.id, i + 1]));
  outlet = new Map((s.members || []).map(m => [m.id, m.source]));
  document.title = `${s.headline} · trilat`;
  const sources = [...new Set((s.members || []).map(m => m.source).filter(Boolean))];
  const nq = (s.quotes || []).reduce((a, g) => a + (g.count || 0), 0);
  return `<article class="story">
    <p class="crumbs"><a href="#/">Stories</a> › story ${esc(s.id)}</p>
    <h1>${esc(s.headline)}</h1>
    <p class="meta">${plural(s.articles, 'article')} from ${plural(s.sources, 'source')} · ${esc(span(s.first, s.last))}${
      s.storyline != null ? ` · storyline ${esc(s.storyline)}` : ''}</p>
    <p class="sources"><span class="muted">Sources:</span> ${sources.map(esc).join(', ')}</p>
    ${terms(s.top_terms)}
    ${section('summary', 'Summary', summaryHtml(s.summary))}
    ${section('members', `Articles (${(s.members || []).length})`, membersHtml(s.members || []))}
    ${section('facts', `Facts (${(s.facts || []).length})`, factsHtml(s.facts, s.id))}
    ${section('quotes', `Quotes (${nq})`, quotesHtml(s.quotes))}
    ${section('events', `Events (${(s.events || []).length})`, eventsHtml(s.events))}
    ${section('entities', 'Entities', storyEntities(s))}</article>`;
}

/* ----------------------------------------------- article text and citations */

const fold = s => s.replace(/[“”„‟″]/g, '"').replace(/[‘’‚‛′]/g, "'");   // same length

/** The sentences of `text` as [start, end) ranges (a rough splitter: enough to highlight). */
function sentences(text) {
  const out = [];
  let start = 0;
  const push = end => {
    const s = text.slice(start, end);
    const a = start + (s.length - s.trimStart().length), b = start + s.trimEnd().length;
    if (b > a) out.push([a, b]);
  };
  for (const m of text.matchAll(/[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[\p{Lu}\p{N}])|\n+/gu)) {
    const before = text.slice(start, m.index);
    if (m[0][0] !== '\n' && /(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Prof|Jr|Sr|No|\p{Lu}(?:\.\p{Lu})*)$/u.test(before)) continue;
    push(m.index + m[0].length);
    start = m.index + m[0].length;
  }
  push(text.length);
  return out;
}

/** Where the words `needle` are in `text`: {start, end, exact}, or else the sentence
 *  sharing most words with them (exact false), or null when none shares enough. */
function locate(text, needle) {
  if (!needle) return null;
  const i = fold(text).indexOf(fold(needle));
  if (i >= 0) return { start: i, end: i + needle.length, exact: true };
  const words = s => new Set(s.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []);
  const want = words(needle);
  let best = null, score = 0;
  for (const [a, b] of sentences(text)) {
    const w = words(text.slice(a, b));
    let common = 0;
    w.forEach(x => { if (want.has(x)) common++; });
    const dice = (2 * common) / (w.size + want.size || 1);
    if (dice > score) { score = dice; best = { start: a, end: b, exact: false }; }
  }
  return score >= 0.4 ? best : null;
}

/** An article's text, with the words `hl` highlighted when found. */
function articleText(a, hl) {
  const text = a.text || '';
  const r = locate(text, hl);
  const body = r ? `${esc(text.slice(0, r.start))}<mark class="cited">${esc(text.slice(r.start, r.end))}</mark>${esc(text.slice(r.end))}`
    : esc(text);
  const note = !hl ? '' : !r ? 'The cited words are not in this article verbatim.'
    : !r.exact ? 'This article words it differently: the closest sentence is highlighted.' : '';
  return `${note ? `<p class="note">${note}</p>` : ''}<div class="article-text">${body}</div>`;
}

/** Open member n of the story in place, highlight `hl` in it, scroll there. */
async function openArticle(n, hl) {
  const li = document.getElementById('m' + n);
  if (!li) return;
  const body = li.querySelector('.m-body'), my = gen, id = li.dataset.id;
  body.hidden = false;
  li.querySelector('.m-toggle').setAttribute('aria-expanded', 'true');
  let a = articles.get(id);
  if (!a) {
    body.innerHTML = '<p class="loading" role="status">Loading the article…</p>';
    li.scrollIntoView({ block: 'nearest' });
    try {
      a = await api('/articles/' + enc(id));
      articles.set(id, a);
    } catch (e) {
      if (my === gen) body.innerHTML = `<p class="error" role="alert">Error: ${esc(e.message)}</p>`;
      return;
    }
    if (my !== gen) return;
  }
  body.innerHTML = `${articleText(a, hl)}<p class="meta">${articleLink(a.id, 'article page')} ${extLink(a.url)}</p>`;
  const mark = body.querySelector('mark.cited');
  (mark || li).scrollIntoView({ block: mark ? 'center' : 'start' });
  if (mark) { mark.tabIndex = -1; mark.focus({ preventScroll: true }); }
}

async function pageArticle(id) {
  const a = await api('/articles/' + enc(id));
  document.title = `${a.title || a.id} · trilat`;
  const dups = (a.duplicates || []).map(d => `${esc(d.source || '')} (${esc(d.id)})`).join(', ');
  return `<article class="article-page">
    <p class="crumbs"><a href="#/">Stories</a>${a.story != null ? ` › ${storyLink(a.story, `story ${a.story}`)}` : ''} › article</p>
    <h1>${esc(a.title || a.id)}</h1>
    <p class="meta">${esc(a.source)} · ${esc(when(a.published))} · <code>${esc(a.id)}</code> ${extLink(a.url)}</p>
    ${a.is_duplicate_of ? `<p class="note">${esc(a.requested_id || id)} is a copy of this article.</p>` : ''}
    ${dups ? `<p class="note">Also published as: ${dups}</p>` : ''}
    ${articleText(a, '')}</article>`;
}

/* --------------------------------------------------------------- an entity */

async function pageEntity(id) {
  const e = await api('/entities/' + enc(id));
  /* headlines of the stories naming it most (the API's top_stories) */
  const stories = new Map((e.top_stories || []).map(s => [String(s.id), s.headline]));
  document.title = `${e.name} · trilat`;
  const counts = (xs, k) => (xs || []).map(x => `<li>${esc(x[k])} <span class="count">×${esc(x.count)}</span></li>`).join('');
  const sts = Object.entries(e.stories || {}).sort((a, b) => b[1] - a[1]);
  const quotes = (e.quotes || []).map(q => `<li class="stmt ${esc(q.kind)}"><span class="qt">${q.kind === 'direct'
    ? `“${esc(q.text)}”` : `<span class="ind">(indirect)</span> ${esc(q.text)}`}</span>
    <span class="by">— ${esc(q.source)}, ${esc(day(q.published))}, ${articleLink(q.article, 'article')}${
      q.story != null ? `, ${storyLink(q.story, `story ${q.story}`)}` : ''}</span></li>`).join('');
  const recent = (e.recent_articles || []).map(a => `<li>${articleLink(a.id, a.title || a.id)}
    <span class="meta">${esc(a.source)} · ${esc(when(a.published))}${a.story != null ? ` · ${storyLink(a.story, `story ${a.story}`)}` : ''}</span></li>`).join('');
  num = new Map();
  return `<article class="entity">
    <p class="crumbs"><a href="#/">Stories</a> › entity ${esc(e.id)}</p>
    <h1>${esc(e.name)}</h1>
    <p class="meta"><span class="badge">${esc(TYPES[e.type] || e.type || 'entity')}</span>${
      e.affiliation ? ` · ${esc(e.affiliation)}` : ''}${e.country ? ` · ${esc(e.country)}` : ''}
      · ${plural(e.mentions || 0, 'mention')} in ${plural(e.articles || 0, 'article')}</p>
    ${e.also && e.also.length ? `<p class="note">The name also matches: ${e.also.map(x => entityLink(x.id, x.name)).join(', ')}</p>` : ''}
    <div class="cols">${section('names', 'Names used', e.aliases && e.aliases.length ? `<ul class="chips">${counts(e.aliases, 'name')}</ul>` : empty('None.'))}
    ${section('roles', 'Roles', e.roles && e.roles.length ? `<ul class="chips">${counts(e.roles, 'role')}</ul>` : empty('None found.'))}</div>
    ${section('stories', `Stories (${sts.length})`, sts.length ? `<ul class="links">${sts.map(([sid, n]) =>
      `<li>${storyLink(sid, stories.get(sid) || `Story ${sid}`)} <span class="count">${plural(n, 'article')}</span></li>`).join('')}</ul>` : empty('None.'))}
    ${section('quotes', `Quotes (${(e.quotes || []).length})`, quotes ? `<ul class="stmts">${quotes}</ul>` : empty('No quotes.'))}
    ${section('events', `Events (${(e.events || []).length})`, eventsHtml(e.events))}
    ${section('articles', 'Recent articles', recent ? `<ul class="links">${recent}</ul>` : empty('None.'))}</article>`;
}

/* ------------------------------------------------------------------ search */

/** snippet_html when it is only text and bare <mark>s (as the API promises), else the plain snippet. */
function snippet(h) {
  if (typeof h.snippet_html === 'string') {
    const t = document.createElement('template');   // inert: nothing in it runs or loads
    t.innerHTML = h.snippet_html;
    if ([...t.content.querySelectorAll('*')].every(x => x.tagName === 'MARK' && !x.attributes.length)) return h.snippet_html;
  }
  return esc(h.snippet);
}

function hitRow(h) {
  const href = h.story != null ? `#/story/${enc(h.story)}` : `#/article/${enc(h.id)}`;
  return `<li class="card hit"><h2 class="headline"><a href="${esc(href)}">${esc(h.title || h.id)}</a></h2>
    <p class="meta">${esc(h.source)} · ${esc(when(h.published))}${h.story != null
      ? ` · in story ${esc(h.story)} · ${articleLink(h.id, 'article')}` : ''}</p>
    <p class="snippet">${snippet(h)}</p></li>`;
}

async function pageSearch(params) {
  const q = (params.get('q') || '').trim();
  qInput.value = q;
  document.title = q ? `${q} · search · trilat` : 'Search · trilat';
  if (!q) return '<h1>Search</h1>' + empty('Type words in the search box above (SQLite FTS5 syntax works too).');
  const path = `/search?q=${enc(q)}`;
  const d = await api(`${path}&limit=${PAGE}`);
  return `<h1>Search: <span class="q">${esc(q)}</span></h1>
    ${d.items.length ? `<p class="note">${d.has_more ? 'Many matches' : `${d.items.length} ${d.items.length === 1 ? 'match' : 'matches'}`}, best first.</p>` : empty('No article matches.')}
    <ol class="results" id="list">${d.items.map(hitRow).join('')}</ol>${pagerHtml(d, path, hitRow)}`;
}

/* ------------------------------------------------------------------ events */

document.addEventListener('click', ev => {
  const t = ev.target.closest('button, a#skip');
  if (!t) return;
  if (t.id === 'skip') { ev.preventDefault(); view.focus(); }
  else if (t.classList.contains('cite')) openArticle(+t.dataset.n, t.dataset.hl);
  else if (t.id === 'more') loadMore(t);
  else if (t.classList.contains('m-toggle')) {
    const li = t.closest('li'), body = li.querySelector('.m-body');
    if (!body.hidden) { body.hidden = true; t.setAttribute('aria-expanded', 'false'); }
    else if (body.innerHTML) { body.hidden = false; t.setAttribute('aria-expanded', 'true'); }
    else openArticle(+li.id.slice(1), '');
  }
});
document.addEventListener('change', ev => {
  if (ev.target.id === 'min-size') location.hash = ev.target.value === '1' ? '#/' : `#/?min=${ev.target.value}`;
});
document.getElementById('search-form').addEventListener('submit', ev => {
  ev.preventDefault();
  const q = qInput.value.trim();
  if (!q) return;
  const h = `#/search?q=${enc(q)}`;
  if (location.hash === h) route(); else location.hash = h;
});
window.addEventListener('hashchange', route);
route();
