// Chinese full-text search over the archive's Pagefind index.
// The index holds one token per Chinese character and digit (see archive/search.py);
// each space-separated term becomes an exact phrase of those tokens, and all terms must match.

const OPENERS = new Set([..."“‘「『（(《〈【["]);
const BASE = new URL("../", import.meta.url).pathname;
let pagefindPromise = null;

function pagefind() {
  if (!pagefindPromise) {
    pagefindPromise = import(new URL("../pagefind/pagefind.js", import.meta.url).href).then(async (pf) => {
      await pf.options({ baseUrl: BASE, excerptLength: 40 });
      // The index is sharded by year (archive/pipeline.py): merge the other shards into the primary one.
      const list = await fetch(new URL("../pagefind-shards/shards.json", import.meta.url)).then((r) => (r.ok ? r.json() : { shards: [] }));
      for (const name of list.shards) {
        await pf.mergeIndex(new URL(`../pagefind-shards/${name}/`, import.meta.url).pathname, { baseUrl: BASE, excerptLength: 40 });
      }
      return pf;
    });
  }
  return pagefindPromise;
}

/** Fold full-width forms to half-width ones, as the index was built. */
export function fold(text) {
  return text.normalize("NFKC").toLowerCase();
}

/** Mirror of archive.search.unigram_tokens. */
export function unigramTokens(text) {
  const raw = fold(text).match(/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[0-9]|[A-Za-z]+|\S/gu) || [];
  const out = [];
  let pending = "";
  for (const t of raw) {
    if (/^[^\p{L}\p{N}\s]$/u.test(t)) {
      if (OPENERS.has(t) || !out.length) pending += t;
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

/** Strip punctuation from tokens: the index glues it to characters, the query must not depend on it. */
function bareTokens(term) {
  return unigramTokens(term).map((t) => t.replace(/[^\p{L}\p{N}]/gu, "")).filter(Boolean);
}

export function phraseQuery(term) {
  return '"' + bareTokens(term).join(" ") + '"';
}

/** Restore natural Chinese from a spaced-out Pagefind excerpt, keeping <mark> tags. */
export function prettyExcerpt(html) {
  const items = [];
  for (const p of html.split(/(<\/?mark>)/)) {
    if (p === "<mark>" || p === "</mark>") items.push({ tag: p });
    else for (const ch of p) items.push({ ch });
  }
  const CJK = /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef\u2018-\u201d]/;
  const DIG = /[0-9%.]/;
  const LAT = /[A-Za-z]/;
  const join = (a, b) => CJK.test(a) || CJK.test(b) || (DIG.test(a) && DIG.test(b)) ||
    (LAT.test(a) && DIG.test(b)) || (DIG.test(a) && LAT.test(b));
  const out = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (it.ch !== undefined && /\s/.test(it.ch)) {
      let a = i - 1; while (a >= 0 && items[a].ch === undefined) a--;
      let b = i + 1; while (b < items.length && (items[b].ch === undefined || /\s/.test(items[b].ch))) b++;
      if (a >= 0 && b < items.length && join(items[a].ch, items[b].ch)) continue;
    }
    out.push(it.tag ?? it.ch);
  }
  return out.join("").replace(/<\/mark><mark>/g, "");
}

/**
 * Search the archive. Returns every matching report as {url, title, excerpt, date, agency}.
 * options.filters: {agency: [...], year: [...], month: [...], place: [...]} (Pagefind filters).
 */
export async function search(query, options = {}) {
  const terms = (query || "").trim().split(/\s+/).filter((t) => bareTokens(t).length);
  if (!terms.length) return [];
  const pf = await pagefind();
  const filters = options.filters || {};
  let hits = null;
  for (const t of terms) {
    const r = await pf.search(phraseQuery(t), { filters });
    const m = new Map(r.results.map((x) => [x.id, x]));
    hits = hits === null ? m : new Map([...hits].filter(([id]) => m.has(id)));
    if (!hits.size) return [];
  }
  const ranked = await pf.search(terms.flatMap(bareTokens).join(" "), { filters });
  const pos = new Map(ranked.results.map((x, i) => [x.id, i]));
  const ordered = [...hits.values()].sort((a, b) => (pos.get(a.id) ?? 1e9) - (pos.get(b.id) ?? 1e9));
  const data = await Promise.all(ordered.map((r) => r.data()));
  return data.map((d) => ({
    url: d.url,
    title: d.meta.title,
    excerpt: prettyExcerpt(d.excerpt),
    date: d.meta.date || null,
    date_label: d.meta.date_label || "",
    agency: d.meta.agency || null,
  }));
}
