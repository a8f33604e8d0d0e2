// Progressive "copy" buttons for citations: without JavaScript the text is plain and selectable.
for (const button of document.querySelectorAll("button[data-copy]")) {
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(source.textContent.trim());
      button.textContent = "已复制";
    } catch (err) {
      button.textContent = "复制失败，请手动选择";
      console.error(err);
    }
    setTimeout(() => { button.textContent = "复制"; }, 2000);
  });
}
