// Chinese full-text search over the archive's Pagefind index.
// The index holds one token per Chinese character and digit (see archive/search.py), folded to
// simplified characters and half-width letters and digits. Each space-separated query term is
// folded the same way and becomes an exact phrase of those tokens; all terms must match.

const OPENERS = new Set([..."“‘「『（(《〈【["]);
const PARAGRAPH_END = "¶";
const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;
const TOKEN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]|[0-9]|[A-Za-z]+|\S/gu;
const ALNUM = /^[\p{L}\p{N}]$/u;
const BASE = new URL("../", import.meta.url).pathname;
const FILTER_KEYS = ["agency", "place", "year", "month"];
const EXCERPT_BEFORE = 24;
const EXCERPT_AFTER = 56;

let pagefindPromise = null;
let tablePromise = null;

class SearchError extends Error {}

function pagefind() {
  if (!pagefindPromise) {
    pagefindPromise = import(new URL("../pagefind/pagefind.js", import.meta.url).href)
      .then(async (pf) => {
        await pf.options({ baseUrl: BASE, excerptLength: 30 });
        // The index is sharded by year (archive/pipeline.py): merge the other shards into the primary one.
        const list = await fetch(new URL("../pagefind-shards/shards.json", import.meta.url))
          .then((r) => (r.ok ? r.json() : { shards: [] }));
        for (const name of list.shards) {
          await pf.mergeIndex(new URL(`../pagefind-shards/${name}/`, import.meta.url).pathname, { baseUrl: BASE, excerptLength: 30 });
        }
        return pf;
      })
      .catch((err) => {
        pagefindPromise = null;
        throw new SearchError("检索索引无法加载（" + err.message + "）");
      });
  }
  return pagefindPromise;
}

/** Load the traditional -> simplified table written at build time (archive/search.py). */
function foldTable() {
  if (!tablePromise) {
    tablePromise = fetch(new URL("./t2s.json", import.meta.url))
      .then((r) => {
        if (!r.ok) throw new SearchError(`繁简对照表无法加载（HTTP ${r.status}）`);
        return r.json();
      })
      .then((d) => {
        const from = [...d.from];
        const to = [...d.to];
        return new Map(from.map((ch, i) => [ch, to[i]]));
      })
      .catch((err) => {
        tablePromise = null;
        throw err;
      });
  }
  return tablePromise;
}

/** Fold one character as archive.search.fold_char does. */
function foldChar(ch, table) {
  const s = table.get(ch);
  if (s !== undefined) return s;
  if (ALNUM.test(ch) && !HAN.test(ch)) return ch.normalize("NFKC");
  return ch;
}

/** Fold a text character by character: traditional to simplified, full-width letters and digits to half-width. */
export function fold(text, table = new Map()) {
  let out = "";
  for (const ch of text) out += foldChar(ch, table);
  return out;
}

/** Mirror of archive.search.unigram_tokens (on text already folded). */
export function unigramTokens(folded) {
  const out = [];
  let pending = "";
  for (const t of folded.match(TOKEN) || []) {
    if ([...t].length === 1 && !ALNUM.test(t)) {
      if (OPENERS.has(t) || !out.length || pending) pending += t;
      else out[out.length - 1] += t;
      continue;
    }
    out.push(pending + t);
    pending = "";
  }
  if (pending) {
    if (out.length) out[out.length - 1] += pending;
    else out.push(pending);
  }
  return out;
}

/** The tokens of a folded term without punctuation: the index glues punctuation to characters. */
function bareTokens(folded) {
  return unigramTokens(folded).map((t) => t.replace(/[^\p{L}\p{N}]/gu, "")).filter(Boolean);
}

/** The exact-phrase Pagefind query for one folded term. */
export function phraseQuery(folded) {
  return '"' + bareTokens(folded).join(" ") + '"';
}

/** Split a query into its folded terms, dropping terms that hold no letter or digit. */
async function queryTerms(query) {
  const raw = (query || "").trim().split(/\s+/).filter((t) => /[\p{L}\p{N}]/u.test(t));
  if (!raw.length) return [];
  const table = raw.some((t) => HAN.test(t)) ? await foldTable() : new Map();
  return raw.map((t) => fold(t, table)).filter((t) => bareTokens(t).length);
}

const LATIN = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}]/u;

/** Whether two neighbouring tokens were written without a space: all but two Latin words are. */
function joins(a, b) {
  return !(LATIN.test(a) && LATIN.test(b));
}

/** Restore natural text from the indexed token stream: paragraphs split, spaces between characters removed. */
export function naturalFromContent(content) {
  return content.split(PARAGRAPH_END).map((para) => {
    const tokens = para.trim().split(/\s+/).filter(Boolean);
    let out = "";
    for (let i = 0; i < tokens.length; i++) {
      if (i && !joins([...tokens[i - 1]].at(-1), [...tokens[i]][0])) out += " ";
      out += tokens[i];
    }
    return out;
  }).filter(Boolean).join("\n");
}

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** Fold a text for matching: letters and digits only, each mapped back to its character in the text. */
function matchable(chars, table) {
  let bare = "";
  const origin = [];
  chars.forEach((ch, i) => {
    for (const f of foldChar(ch, table).toLowerCase()) {
      if (ALNUM.test(f)) {
        bare += f;
        origin.push(i);
      }
    }
  });
  return { bare, origin };
}

/** Where to start an excerpt: the body match whose window holds the most different terms, earliest first. */
function bestMatch(hits, chars, bodyStart) {
  const para = [];
  let n = 0;
  for (const ch of chars) para.push(ch === "\n" ? ++n : n);
  const inBody = hits.filter((h) => bodyStart > 0 && h.a >= bodyStart);
  const candidates = (inBody.length ? inBody : hits).sort((x, y) => x.a - y.a).slice(0, 200);
  let best = null;
  let bestCount = 0;
  for (const c of candidates) {
    const terms = new Set(hits.filter((h) => h.a >= c.a && h.a - c.a < EXCERPT_AFTER && para[h.a] === para[c.a]).map((h) => h.term));
    if (terms.size > bestCount) {
      best = c.a;
      bestCount = terms.size;
    }
  }
  return best;
}

/** An excerpt of natural text around the best match, every match of every term in <mark>. */
export function makeExcerpt(text, folded_terms, table = new Map()) {
  const chars = [...text];
  const { bare, origin } = matchable(chars, table);
  const marks = new Array(chars.length).fill(false);
  const bodyStart = chars.indexOf("\n") + 1;
  const hits = [];
  folded_terms.forEach((term, ti) => {
    const needle = bareTokens(term).join("").toLowerCase();
    if (!needle) return;
    for (let at = bare.indexOf(needle); at >= 0; at = bare.indexOf(needle, at + 1)) {
      const a = origin[at];
      const b = origin[at + needle.length - 1];
      for (let i = a; i <= b; i++) marks[i] = true;
      hits.push({ term: ti, a });
    }
  });
  // The title is shown above the excerpt: prefer a match in the body, near the other terms.
  let first = bestMatch(hits, chars, bodyStart);
  if (first === null) first = bodyStart > 0 ? bodyStart : 0;
  let start = first;
  while (start > 0 && chars[start - 1] !== "\n" && first - start < EXCERPT_BEFORE) start--;
  let end = first;
  while (end < chars.length && chars[end] !== "\n" && end - first < EXCERPT_AFTER) end++;
  let html = start > 0 && chars[start - 1] !== "\n" ? "…" : "";
  let open = false;
  for (let i = start; i < end; i++) {
    if (marks[i] !== open) {
      html += open ? "</mark>" : "<mark>";
      open = marks[i];
    }
    html += escapeHtml(chars[i]);
  }
  if (open) html += "</mark>";
  if (end < chars.length && chars[end] !== "\n") html += "…";
  return html;
}

/** Pagefind's filter object for the chosen values: any listed value of every given filter. */
function pagefindFilters(chosen, skip = null) {
  const out = {};
  for (const [k, vals] of Object.entries(chosen)) if (k !== skip) out[k] = { any: vals };
  return out;
}

/** The selected values of each filter as arrays. */
function selected(filters) {
  const out = {};
  for (const k of FILTER_KEYS) {
    const v = filters?.[k];
    const list = v === undefined || v === null || v === "" ? [] : [].concat(v).map(String);
    if (list.length) out[k] = [...new Set(list)];
  }
  return out;
}

const SORTS = { date: { newest: "desc" }, "date-desc": { newest: "desc" }, "date-asc": { oldest: "asc" } };

/**
 * Every report matching all terms and filters, in order, as Pagefind results (data not loaded).
 * Each term is one exact-phrase search and the results are intersected. Pagefind scores every
 * phrase hit alike, so relevance is where the report first has all the terms: a match in the
 * title or lead comes before one deep in the text (an unquoted ranking search costs seconds on
 * a large archive; see docs/search.md). Date order comes from Pagefind's sort keys.
 */
async function matchIds(pf, terms, filters, sort) {
  const sortBy = SORTS[sort];
  let hits = null;
  let first = null;
  const reach = new Map();
  for (const t of terms) {
    const r = await pf.search(phraseQuery(t), { filters, ...(sortBy ? { sort: sortBy } : {}) });
    first ??= r;
    const ids = new Set(r.results.map((x) => x.id));
    hits = hits === null ? r.results : hits.filter((x) => ids.has(x.id));
    for (const x of r.results) {
      const at = x.words?.length ? Math.min(...x.words) : 1e9;
      reach.set(x.id, Math.max(reach.get(x.id) ?? 0, at));
    }
    if (!hits.length) break;
  }
  if (!sortBy) hits = hits.map((x, i) => [x, i]).sort(([a, i], [b, j]) => reach.get(a.id) - reach.get(b.id) || i - j).map(([x]) => x);
  else if (hits.length > 1) hits = await inDateOrder(pf, terms[0], filters, sortBy, hits);
  return { hits, first };
}

/**
 * Put hits in date order across the whole archive. The index is sharded by year and Pagefind
 * sorts within each merged shard, so the years are walked in order (one search each, within
 * which Pagefind's sort is exact); reports without a year come last.
 */
async function inDateOrder(pf, term, filters, sortBy, hits) {
  const years = Object.keys((await pf.filters()).year || {}).sort();
  if (sortBy.newest) years.reverse();
  const rank = new Map();
  for (const year of years) {
    const r = await pf.search(phraseQuery(term), { filters: { ...filters, year }, sort: sortBy });
    for (const x of r.results) if (!rank.has(x.id)) rank.set(x.id, rank.size);
  }
  const at = (x, i) => rank.get(x.id) ?? rank.size + i;
  return hits.map((x, i) => [x, at(x, i)]).sort(([, a], [, b]) => a - b).map(([x]) => x);
}

/** Load the reports' fragments and shape them as search results. */
async function load(hits, terms) {
  const data = await Promise.all(hits.map((r) => r.data()));
  const table = data.some((d) => d.meta.natural) ? await foldTable() : new Map();
  return data.map((d) => ({
    url: d.url,
    title: d.meta.title,
    excerpt: makeExcerpt(d.meta.natural ? d.meta.natural.split(PARAGRAPH_END).join("\n") : naturalFromContent(d.content), terms, table),
    date: d.meta.date || null,
    date_label: d.meta.date_label || "",
    agency: d.meta.agency || null,
    filters: d.filters || {},
  }));
}

/** Count each filter value among the results that pass the other filters (values listed as Pagefind counts them). */
async function facetCounts(pf, terms, chosen, matched) {
  const facets = {};
  const countsFor = async (key) => {
    if (terms.length === 1) {
      if (!chosen[key]) return matched.first?.filters?.[key] || {};
      const r = await pf.search(phraseQuery(terms[0]), { filters: pagefindFilters(chosen, key) });
      return r.filters?.[key] || {};
    }
    // Several terms: Pagefind counts one search, not an intersection, so count the loaded reports.
    const { hits } = chosen[key] ? await matchIds(pf, terms, pagefindFilters(chosen, key), null) : matched;
    const counts = {};
    for (const d of await Promise.all(hits.map((h) => h.data()))) {
      for (const v of d.filters?.[key] || []) counts[v] = (counts[v] || 0) + 1;
    }
    return counts;
  };
  for (const key of FILTER_KEYS) {
    const counts = await countsFor(key);
    for (const v of chosen[key] || []) counts[v] ??= 0;
    facets[key] = Object.entries(counts)
      .filter(([v, n]) => n > 0 || (chosen[key] || []).includes(v))
      .map(([value, count]) => ({ value, count, selected: (chosen[key] || []).includes(value) }));
  }
  return facets;
}

/**
 * Search the archive, one page of results at a time, with filter counts.
 * options.filters: {agency, place, year, month}, each a value or a list (a report passes when it has
 * any listed value of every given filter). options.sort: "relevance" (default), "date" (newest
 * first, undated last) or "date-asc". options.page (from 1) and options.pageSize (default: all).
 * Returns {results, count, total, facets}: count matches the filters, total ignores them; only
 * the requested page's reports are loaded.
 */
export async function searchPage(query, options = {}) {
  const terms = await queryTerms(query);
  if (!terms.length) return { results: [], count: 0, total: 0, facets: {} };
  const pf = await pagefind();
  const chosen = selected(options.filters);
  // Pagefind counts filter values only for the filter indexes it has loaded: load them all.
  if (options.facets !== false) await pf.filters();
  const matched = await matchIds(pf, terms, pagefindFilters(chosen), options.sort);
  const filtered = Object.keys(chosen).length > 0;
  const total = filtered ? (await matchIds(pf, terms, {}, null)).hits.length : matched.hits.length;
  const size = options.pageSize || matched.hits.length || 1;
  const page = Math.max(1, options.page || 1);
  const slice = matched.hits.slice((page - 1) * size, page * size);
  const [results, facets] = await Promise.all([
    load(slice, terms),
    options.facets === false ? {} : facetCounts(pf, terms, chosen, matched),
  ]);
  return { results, count: matched.hits.length, total, facets };
}

/**
 * Search the archive. Returns every matching report as {url, title, excerpt, date, agency}
 * (plus date_label and filters); options.filters and options.sort as for searchPage.
 */
export async function search(query, options = {}) {
  return (await searchPage(query, { ...options, page: 1, pageSize: 0, facets: false })).results;
}
