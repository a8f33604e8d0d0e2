// The search page: reads ?q= and shows every report that contains all the terms.
import { search } from "./search.js";

const form = document.getElementById("search-form");
const input = document.getElementById("q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

async function run(q) {
  list.innerHTML = "";
  if (!q.trim()) { status.textContent = "请输入检索词。"; return; }
  status.textContent = "检索中…";
  try {
    const results = await search(q);
    status.textContent = results.length ? `找到 ${results.length} 篇包含“${q}”的报道。` : `没有找到包含“${q}”的报道。`;
    list.innerHTML = results.map((r) =>
      `<li><a href="${escapeHtml(r.url)}">${escapeHtml(r.title)}</a>` +
      `<span class="meta">${r.agency ? escapeHtml(r.agency) + " · " : ""}${escapeHtml(r.date_label || "")}</span>` +
      `<p class="excerpt">${r.excerpt.replace(/<(?!\/?mark>)/g, "&lt;")}</p></li>`).join("");
  } catch (err) {
    status.textContent = "检索出错：" + err.message;
  }
}

const params = new URLSearchParams(location.search);
input.value = params.get("q") || "";
if (input.value) run(input.value);
form.addEventListener("submit", (e) => {
  e.preventDefault();
  const url = new URL(location.href);
  url.searchParams.set("q", input.value);
  history.replaceState(null, "", url);
  run(input.value);
});
