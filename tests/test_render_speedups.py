"""Rendering helpers written for speed must give what the plain way gives."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from archive.render import body_html, markdown

MD = markdown()

# Chinese text, Latin letters and digits, the ASCII punctuation Markdown gives a meaning to, and white space
# of every kind markdown-it treats apart (tabs, line breaks, NUL, Unicode spaces it strips at a block's ends)
INLINE = st.text(st.sampled_from(list("山东省卫健委通知，。：（）aZ09 #*_`[]()<>&\\!-+=.|~\"'") +
                                 ["\t", "\n", "\x00", "\x85", "\u2028", "\u3000", "\u00a0"]), max_size=14)
BLOCK = st.one_of(INLINE, st.builds(lambda h, t: f"{'#' * h} {t}", st.integers(1, 7), INLINE))
BODY = st.lists(BLOCK, max_size=6).map("\n\n".join)


@given(BODY)
@example("## 一、总体要求\n\n全省卫生健康系统 深化改革\n\n### 小节\n\n第二段")
@example("\u3000首行缩进的段落")
@example("1月 2日")
def test_body_html_is_what_markdown_it_renders(body: str) -> None:
    assert body_html(MD, body) == MD.render(body, {})


class Refuses:
    """A renderer that must not be asked."""

    def render(self, *_: Any) -> str:
        raise AssertionError("a plain body was handed to markdown-it")


def test_plain_paragraphs_and_headings_are_written_without_markdown_it() -> None:
    body = "## 一、总体要求\n\n全省卫生健康系统 深化改革。\n\n### （一）小节\n\nCOVID 19 检测"
    assert body_html(Refuses(), body) == MD.render(body, {})  # type: ignore[arg-type]
    assert body_html(Refuses(), "") == ""  # type: ignore[arg-type]
