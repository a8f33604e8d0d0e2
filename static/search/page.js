// The search page: the state lives in the URL (?q=…&agency=…&place=…&year=…&month=…&sort=…&page=…),
// so a search can be shared and the back button works. Filters show how many results each value keeps.
import { searchPage } from "./search.js";

const PAGE_SIZE = 20;
const FACETS = [
  ["agency", "机构", 8],
  ["place", "地点", 8],
  ["year", "年份", 12],
  ["month", "月份", 12],
];
const KEYS = ["q", "sort", "page", ...FACETS.map(([k]) => k)];

const form = document.getElementById("search-form");
const input = document.getElementById("q");
const sortSelect = document.getElementById("sort");
const status = document.getElementById("search-status");
const errorBox = document.getElementById("search-error");
const facetsBox = document.getElementById("search-facets");
const list = document.getElementById("search-results");
const pager = document.getElementById("search-pager");
let generation = 0;
let panelOpen = null;
const WIDE = window.matchMedia("(min-width: 52rem)");
WIDE.addEventListener("change", () => {
  panelOpen = null;
  const d = facetsBox.querySelector("details");
  if (d && WIDE.matches) d.open = true;
});

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** Read the search state from the page's URL. */
function readState() {
  const p = new URLSearchParams(location.search);
  const state = { q: p.get("q") || "", sort: p.get("sort") || "relevance", page: Math.max(1, parseInt(p.get("page") || "1", 10) || 1), filters: {} };
  for (const [k] of FACETS) {
    const vals = p.getAll(k).filter(Boolean);
    if (vals.length) state.filters[k] = vals;
  }
  return state;
}

/** The page URL for a state: only the keys that differ from the defaults. */
function stateUrl(state) {
  const url = new URL(location.href);
  for (const k of KEYS) url.searchParams.delete(k);
  if (state.q) url.searchParams.set("q", state.q);
  for (const [k] of FACETS) for (const v of state.filters[k] || []) url.searchParams.append(k, v);
  if (state.sort && state.sort !== "relevance") url.searchParams.set("sort", state.sort);
  if (state.page > 1) url.searchParams.set("page", String(state.page));
  return url.pathname + url.search;
}

/** Go to a new state: record it in the history and show it. */
function go(state, focus) {
  history.pushState(null, "", stateUrl(state));
  show(state, focus);
}

function facetLabel(key, value) {
  if (key === "month") return `${parseInt(value, 10)}月`;
  if (key === "year") return `${value}年`;
  return value;
}

function toggled(state, key, value) {
  const cur = state.filters[key] || [];
  const next = cur.includes(value) ? cur.filter((v) => v !== value) : [...cur, value];
  const filters = { ...state.filters, [key]: next };
  if (!next.length) delete filters[key];
  return { ...state, filters, page: 1 };
}

function facetLink(state, key, f) {
  const next = toggled(state, key, f.value);
  return `<li><a href="${escapeHtml(stateUrl(next))}" data-key="${escapeHtml(key)}" data-value="${escapeHtml(f.value)}" ` +
    `${f.selected ? 'aria-current="true"' : ""}><span>${escapeHtml(facetLabel(key, f.value))}</span>` +
    `<span class="count">${f.count}</span></a></li>`;
}

function renderFacets(state, facets) {
  const parts = [];
  for (const [key, label, shown] of FACETS) {
    let items = facets[key] || [];
    if (!items.length) continue;
    if (key === "year" || key === "month") items = [...items].sort((a, b) => b.value.localeCompare(a.value));
    else items = [...items].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, "zh-CN"));
    if (key === "month") items.reverse();
    const head = items.slice(0, shown).concat(items.slice(shown).filter((f) => f.selected));
    const rest = items.slice(shown).filter((f) => !f.selected);
    parts.push(`<section><h2>${label}</h2><ul>${head.map((f) => facetLink(state, key, f)).join("")}</ul>` +
      (rest.length ? `<details><summary>其余 ${rest.length} 项</summary><ul>${rest.map((f) => facetLink(state, key, f)).join("")}</ul></details>` : "") +
      `</section>`);
  }
  if (Object.keys(state.filters).length) {
    parts.push(`<a class="clear" href="${escapeHtml(stateUrl({ ...state, filters: {}, page: 1 }))}" data-clear>清除全部筛选</a>`);
  }
  // On narrow screens the filters fold away above the results; wide screens always show them.
  const chosen = Object.values(state.filters).reduce((n, v) => n + v.length, 0);
  const open = panelOpen ?? (WIDE.matches || chosen > 0);
  facetsBox.innerHTML = `<details class="facet-panel"${open ? " open" : ""}><summary>筛选${chosen ? `（已选 ${chosen} 项）` : ""}</summary>` +
    parts.join("") + "</details>";
  facetsBox.querySelector("details").addEventListener("toggle", (e) => { if (!WIDE.matches) panelOpen = e.target.open; });
  facetsBox.hidden = !parts.length;
}

function renderResults(results) {
  list.innerHTML = results.map((r) =>
    `<li><a class="title" href="${escapeHtml(r.url)}">${escapeHtml(r.title)}</a>` +
    `<span class="meta">${[r.agency, r.date_label].filter(Boolean).map(escapeHtml).join(" · ")}</span>` +
    `<p class="excerpt">${r.excerpt}</p></li>`).join("");
}

function renderPager(state, total) {
  const pages = Math.ceil(total / PAGE_SIZE);
  if (pages <= 1) { pager.innerHTML = ""; pager.hidden = true; return; }
  const link = (n, text, rel) => `<a href="${escapeHtml(stateUrl({ ...state, page: n }))}" data-page="${n}"${rel ? ` rel="${rel}"` : ""}>${text}</a>`;
  const parts = [];
  if (state.page > 1) parts.push(link(state.page - 1, "上一页", "prev"));
  for (let n = 1; n <= pages; n++) {
    if (n === state.page) parts.push(`<span aria-current="page">${n}</span>`);
    else if (n === 1 || n === pages || Math.abs(n - state.page) <= 2) parts.push(link(n, String(n)));
    else if (Math.abs(n - state.page) === 3) parts.push("<span>…</span>");
  }
  if (state.page < pages) parts.push(link(state.page + 1, "下一页", "next"));
  pager.innerHTML = parts.join("");
  pager.hidden = false;
}

function clearResults() {
  list.innerHTML = "";
  facetsBox.innerHTML = "";
  facetsBox.hidden = true;
  pager.innerHTML = "";
  pager.hidden = true;
}

/** Search for a state and show its results, filters and pages. */
async function show(state, focus = null) {
  const mine = ++generation;
  input.value = state.q;
  sortSelect.value = state.sort;
  errorBox.hidden = true;
  if (!state.q.trim()) {
    clearResults();
    status.textContent = "请输入检索词。";
    return;
  }
  status.textContent = "检索中…";
  document.body.setAttribute("aria-busy", "true");
  try {
    const options = { filters: state.filters, sort: state.sort, pageSize: PAGE_SIZE };
    let found = await searchPage(state.q, { ...options, page: state.page });
    const pages = Math.max(1, Math.ceil(found.count / PAGE_SIZE));
    const page = Math.min(state.page, pages);
    if (page !== state.page) found = await searchPage(state.q, { ...options, page });
    if (mine !== generation) return;
    const { results: shown, facets, count, total } = found;
    const filtered = Object.keys(state.filters).length > 0;
    if (!total) {
      status.textContent = `没有找到包含“${state.q}”的报道。请检查用字，或减少检索词。`;
    } else if (!count) {
      status.textContent = `共 ${total} 篇报道包含“${state.q}”，但没有一篇符合所选筛选条件。`;
    } else {
      const from = (page - 1) * PAGE_SIZE + 1;
      const range = count > PAGE_SIZE ? `，显示第 ${from}–${from + shown.length - 1} 篇` : "";
      status.textContent = `找到 ${count} 篇包含“${state.q}”的报道${filtered ? `（筛选前 ${total} 篇）` : ""}${range}。`;
    }
    renderResults(shown);
    renderFacets(state, facets);
    renderPager({ ...state, page }, count);
    if (focus === "results") list.querySelector("a")?.focus();
    else if (focus) facetsBox.querySelector(`a[data-key="${CSS.escape(focus.key)}"][data-value="${CSS.escape(focus.value)}"]`)?.focus();
  } catch (err) {
    if (mine !== generation) return;
    clearResults();
    status.textContent = "";
    errorBox.textContent = "检索出错：" + err.message + "。请稍后重试，或按机构、日期浏览。";
    errorBox.hidden = false;
  } finally {
    if (mine === generation) document.body.removeAttribute("aria-busy");
  }
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  const state = readState();
  go({ ...state, q: input.value.trim(), sort: sortSelect.value, page: 1 });
});

sortSelect.addEventListener("change", () => {
  const state = readState();
  go({ ...state, q: input.value.trim() || state.q, sort: sortSelect.value, page: 1 });
});

facetsBox.addEventListener("click", (e) => {
  const a = e.target.closest("a");
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  const state = readState();
  if (a.hasAttribute("data-clear")) go({ ...state, filters: {}, page: 1 });
  else go(toggled(state, a.dataset.key, a.dataset.value), { key: a.dataset.key, value: a.dataset.value });
});

pager.addEventListener("click", (e) => {
  const a = e.target.closest("a[data-page]");
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  go({ ...readState(), page: parseInt(a.dataset.page, 10) }, "results");
});

document.addEventListener("keydown", (e) => {
  const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName || "");
  if (e.key === "/" && !typing) {
    e.preventDefault();
    input.focus();
    input.select();
  }
});

window.addEventListener("popstate", () => show(readState()));

show(readState());
if (!readState().q) input.focus();
