"""bot.texts as the user reads it: the fixed sentences, the command menu, help, small
talk and the upload / removal messages, each checked as a whole text on small inputs."""

from __future__ import annotations

import errno
import time

import pytest

from bot import texts
from bot.knowledge_holder import KbSummary, ReloadResult
from bot.render import MAX_MESSAGE, tg_len
from bot.upload_registry import UploadRecord
from retrieval.corpus.outline import outline
from retrieval.models import Article

T0 = time.mktime((2024, 5, 6, 7, 8, 9, 0, 0, -1))
WHEN = "2024-05-06 07:08:09"
BEFORE = KbSummary("v" * 20, 10, 100)
AFTER = KbSummary("w" * 20, 12, 130)


def record(file: str = "a.txt", titles: tuple[str, ...] = ("甲",), admin: int = 7) -> UploadRecord:
    return UploadRecord(1, file, "s" * 64, "t" * 64, titles, admin, T0)


def article(title: str = "标题", paragraphs: tuple[str, ...] = ("第一段。",), source: str = "a.txt",
            kind: str = "article", column: str = "") -> Article:
    return Article(0, title, column, "", source, paragraphs, kind)


def test_fixed_sentences_say_what_they_mean():
    assert {
        "NOT_ADMIN": texts.NOT_ADMIN,
        "NOT_ADMIN_UPLOAD": texts.NOT_ADMIN_UPLOAD,
        "ASK_USAGE": texts.ASK_USAGE,
        "ERROR": texts.ERROR,
        "STALE": texts.STALE,
        "NO_MORE": texts.NO_MORE,
        "ARTICLE_GONE": texts.ARTICLE_GONE,
        "PRIVATE_ONLY_TEXT": texts.PRIVATE_ONLY_TEXT,
        "UNKNOWN_COMMAND": texts.UNKNOWN_COMMAND,
        "NOT_COVERED": texts.NOT_COVERED,
        "NOT_COVERED_PART": texts.NOT_COVERED_PART,
        "TRY_THESE": texts.TRY_THESE,
        "DID_YOU_MEAN": texts.DID_YOU_MEAN,
        "ASK_WHICH": texts.ASK_WHICH,
        "WRONG_THANKS": texts.WRONG_THANKS,
        "SENT_PRIVATELY": texts.SENT_PRIVATELY,
        "NO_MORE_FOUND": texts.NO_MORE_FOUND,
        "PREVIEW_EXPIRED": texts.PREVIEW_EXPIRED,
        "UPLOAD_CANCELLED": texts.UPLOAD_CANCELLED,
        "UPLOAD_GONE": texts.UPLOAD_GONE,
        "REMOVE_CANCELLED": texts.REMOVE_CANCELLED,
        "TERM_USAGE": texts.TERM_USAGE,
    } == {
        "NOT_ADMIN": "抱歉，这个操作只对管理员开放。",
        "NOT_ADMIN_UPLOAD": "抱歉，只有管理员可以上传文章，文件没有被读取或保存。",
        "ASK_USAGE": "用法：/ask 问题，例如 /ask 板凳议事会是什么？",
        "ERROR": "抱歉，处理时出了点问题，请稍后再试。",
        "STALE": "索引已经更新，这个按钮已过期，请重新提问。",
        "NO_MORE": "没有更多结果了。",
        "ARTICLE_GONE": "这篇文章已不在资料库中。",
        "PRIVATE_ONLY_TEXT": "请直接发送文字问题，例如：板凳议事会是什么？",
        "UNKNOWN_COMMAND": "不认识这个命令。发送 /help 查看用法。",
        "NOT_COVERED": "资料里没有讲到这个问题。",
        "NOT_COVERED_PART": "资料里没有讲到。",
        "TRY_THESE": "可以问问这些：",
        "DID_YOU_MEAN": "您是不是想问：",
        "ASK_WHICH": "您问的是哪一项做法？点一下，或者把名称带上再问一次。",
        "WRONG_THANKS": "谢谢反馈，已记下这个答案不对。",
        "SENT_PRIVATELY": "已私信发给你。",
        "NO_MORE_FOUND": "没有更多结果了。",
        "PREVIEW_EXPIRED": "这个预览已过期或已处理，请重新发送文件。",
        "UPLOAD_CANCELLED": "已取消，资料和索引都没有改变。",
        "UPLOAD_GONE": "这份上传已经不在了。",
        "REMOVE_CANCELLED": "已取消，没有删除任何文章。",
        "TERM_USAGE": "用法：/term 名称（2–12 个字，不含空格和标点），例如 /term 红色议事厅",
    }


def test_the_command_menus():
    assert texts.COMMANDS == (
        ("ask", "提问，例如 /ask 板凳议事会是什么"),
        ("topics", "资料里的基层做法和它们的出处"),
        ("sources", "已收录的文章和版面"),
        ("help", "用法和示例问题"),
        ("start", "开始"),
    )
    assert texts.ADMIN_COMMANDS == (
        ("reload", "重新读取版面和上传的文章，重建索引"),
        ("stats", "运行统计、最近未答上和被点 👎 的问题"),
        ("uploads", "管理员添加的文章：查看和删除"),
        ("term", "添加做法名称，例如 /term 新名称"),
    )


@pytest.mark.parametrize(("retry", "seconds"), [(0.2, 1), (0.0, 1), (1.4, 1), (2.6, 3), (30.0, 30)])
def test_rate_limited_rounds_the_wait_and_never_says_zero(retry: float, seconds: int):
    assert texts.rate_limited(retry, 6) == (
        f"提问有点快了（每分钟最多 6 个问题），请 {seconds} 秒后再问。")


def test_question_cut_names_the_limit():
    assert texts.question_cut(200) == "问题太长，只按前 200 个字检索。"


@pytest.mark.parametrize(("kind", "text"), [
    ("greeting", "你好！我根据报纸党建版面的文章回答基层做法的问题，答案都注明出处。试试："),
    ("thanks", "不客气！还想了解什么，接着问就行。"),
    ("farewell", "再见！有问题随时来问。"),
    ("identity", "我是基层党建问答机器人：只根据报纸党建版面的文章回答，"
                 "先给答案，再给原文和出处。可以这样问："),
    ("capability", "我能回答党建版面上各地基层做法的问题：是什么、在哪儿、谁牵头、"
                   "有多少、怎么做、效果如何。试试："),
    ("emoji", "😊 还想了解什么，接着问就行。比如："),
    ("something else", "你好！想了解哪项基层做法？比如："),
])
def test_small_talk_per_kind(kind: str, text: str):
    assert texts.small_talk(kind) == text


def test_english_reply():
    assert texts.ENGLISH.startswith("I answer questions in Chinese about the grassroots")
    assert texts.ENGLISH.endswith("板凳议事会是什么？ — or tap one of these:")
    assert "regional newspaper's party-building pages" in texts.ENGLISH


def test_start_text_counts_pages_and_articles():
    assert texts.start_text(KbSummary("v", 34, 900), 7) == (
        "<b>你好！我是基层党建问答机器人。</b>\n"
        "我读过报纸党建版面 7 个版面上的 34 篇文章，"
        "回答各地基层做法的问题：先给答案，再给原文和出处。点下面的问题试试，或者直接发问题给我。"
    )


COMMON_TAIL = [
    "<b>答案</b>：第一行是答案，下面是原文和出处（文章 · 栏目 · 作者 · 版面）。"
    "“更多结果”看后续段落，“全文”看整篇文章，👎 告诉我答错了。",
    "",
    "/ask — 提问，例如 /ask 板凳议事会是什么",
    "/topics — 资料里的基层做法和它们的出处",
    "/sources — 已收录的文章和版面",
    "/help — 用法和示例问题",
    "/start — 开始",
]


def test_help_in_private():
    assert texts.help_text("qa_bot", private=True).split("\n") == [
        "<b>怎么问</b>",
        "• 直接发问题，例如：三减三优是什么？ 揭榜挂帅有多少干部参加？",
        "• 接着问也行：问完“三减三优是什么”，再问“在哪儿搞的”“效果怎么样”。",
        "• 一条消息可以问几个问题，用问号隔开。",
        "• 任意聊天里输入 @qa_bot 问题，选一条结果发出去。",
        "",
        *COMMON_TAIL,
    ]


def test_help_in_a_group_escapes_the_name():
    assert texts.help_text("a<b>", private=False).split("\n") == [
        "<b>怎么问</b>",
        "• 在群里：@a&lt;b&gt; 问题，/ask 问题，或者回复我的答案接着问。",
        "• 回复我的答案问“那效果呢”，我就按那个答案的话题回答。",
        "• “全文”“更多结果”会私信发给你（先私聊我一次 /start）。",
        "• 任意聊天里输入 @a&lt;b&gt; 问题，选一条结果发出去。",
        "",
        *COMMON_TAIL,
    ]


def test_help_for_an_admin_adds_the_admin_commands():
    lines = texts.help_text("qa_bot", private=True, is_admin=True).split("\n")
    plain = texts.help_text("qa_bot", private=True).split("\n")
    assert lines[: len(plain)] == plain
    assert lines[len(plain):] == [
        "/reload — 重新读取版面和上传的文章，重建索引",
        "/stats — 运行统计、最近未答上和被点 👎 的问题",
        "/uploads — 管理员添加的文章：查看和删除",
        "/term — 添加做法名称，例如 /term 新名称",
        "管理员在私聊里发送文件（PDF、Word、网页、TXT、Markdown）即可添加文章。",
    ]


def test_topics_header_shows_the_page_only_when_there_are_several():
    assert texts.TOPICS_PAGE_SIZE == 8
    assert texts.topics_header(5, 0, 1) == "<b>资料里的基层做法（5 个）</b>\n点一下就问“是什么”。"
    assert texts.topics_header(20, 1, 3) == (
        "<b>资料里的基层做法（20 个）</b>\n点一下就问“是什么”。（第 2/3 页）")


def test_upload_rejected_and_its_causes():
    assert texts.upload_rejected("坏<文件>") == "❌ 文件没有保存：坏&lt;文件&gt;"
    assert texts.upload_rejected("x" * 600) == "❌ 文件没有保存：" + "x" * 499 + "…"
    assert texts.upload_too_large(2000, 1000) == (
        "❌ 文件没有保存：文件大小 2000 字节，超过上限 1000 字节")
    assert texts.upload_bad_extension("a.exe") == (
        f"❌ 文件没有保存：只接受 {texts.ACCEPTED} 文件，收到的是“a.exe”")
    long_name = "n" * 100 + ".exe"
    assert texts.upload_bad_extension(long_name).endswith("“" + "n" * 79 + "…”")


@pytest.mark.parametrize(("code", "cause"), [
    (errno.ENOSPC, "磁盘已满"),
    (errno.EDQUOT, "磁盘配额已用完"),
    (errno.EROFS, "资料目录在只读文件系统上"),
    (errno.EACCES, "没有写入资料目录的权限"),
    (errno.EPERM, "没有写入资料目录的权限"),
    (errno.EIO, "无法写入资料目录"),
])
def test_upload_not_written_says_why(code: int, cause: str):
    assert texts.upload_not_written(OSError(code, "detail")) == (
        f"❌ 文件没有保存：{cause}（detail）。资料和索引都没有改变，问答照常")


def test_upload_not_written_without_an_errno_uses_the_message():
    assert texts.upload_not_written(OSError("plain words")) == (
        "❌ 文件没有保存：无法写入资料目录（plain words）。资料和索引都没有改变，问答照常")


def test_upload_saved_lists_titles_then_counts_the_rest():
    result = ReloadResult(True, BEFORE, AFTER, seconds=1.5)
    got = texts.upload_saved("a&b.txt", ["一", ""], result)
    assert got == ("✅ 已保存为 <code>a&amp;b.txt</code>，找到文章：《一》、《无标题》\n"
                   "索引已更新（1.50 秒）：文章 10 → 12，段落 100 → 130。")
    many = [f"题{i}" for i in range(12)]
    got = texts.upload_saved("a.txt", many, result)
    assert "、".join(f"《题{i}》" for i in range(10)) + " 等 12 篇\n" in got
    assert "《题10》" not in got


def test_upload_preview_new_and_replacing():
    arts = [article("题", ("段" * 40, "二" * 40, "三" * 40, "四" * 40))]
    body = outline(arts, chars=24, max_paragraphs=3)
    got = texts.upload_preview("f<1>.txt", arts, None, 10.0)
    assert got.split("\n")[0] == "📄 <b>f&lt;1&gt;.txt</b>：1 篇，4 个段落"
    assert f"<blockquote expandable>{texts.escape(body)}</blockquote>" in got
    assert got.endswith("确认无误请点“收录”；10 分钟内不确认，预览作废，什么都不会保存。")
    assert "替换" not in got
    got = texts.upload_preview("f.txt", arts, record("old.txt"), 2.5)
    assert ("标题与已收录的 <code>old.txt</code> 相同：“替换”会用这一版代替它。\n"
            "确认无误请点“替换”；2.5 分钟内不确认，预览作废，什么都不会保存。") in got


def test_upload_preview_shrinks_to_one_message():
    arts = [article(f"题{i}", ("&" * 40,) * 5, source=f"s{i}.txt") for i in range(10)]
    got = texts.upload_preview("f.txt", arts, None, 10)
    assert tg_len(got) <= MAX_MESSAGE
    assert "：10 篇，50 个段落" in got
    # at full size the outline alone is over the limit; the 0.6 scale fits
    assert tg_len(texts.escape(outline(arts, chars=24, max_paragraphs=3))) > MAX_MESSAGE
    body = texts.escape(outline(arts, chars=14, max_paragraphs=1))
    assert f"<blockquote expandable>{body}</blockquote>" in got


def test_upload_known_shows_three_titles_and_when():
    rec = record("k.txt", ("一", "二", "三", "四"))
    assert texts.upload_known(rec) == (
        f"这份内容已经收录过：<code>k.txt</code>（《一》、《二》、《三》，{WHEN}）。没有重复添加。")


def test_uploads_list_empty_and_full():
    assert texts.uploads_list([]) == "管理员还没有添加过文章。版面文件随程序发布，不能在这里删除。"
    got = texts.uploads_list([record("x.txt", ("甲", "乙", "丙"), admin=9)])
    assert got.split("\n") == [
        "<b>管理员添加的文章（1 份，最新的在前）</b>",
        f"• <code>x.txt</code> 《甲》、《乙》 · 管理员 9 · {WHEN}",
        "版面文件随程序发布，不能在这里删除。",
    ]
    many = [record(f"f{i}.txt") for i in range(25)]
    lines = texts.uploads_list(many).split("\n")
    assert lines[0] == "<b>管理员添加的文章（25 份，最新的在前）</b>"
    assert len(lines) == 22
    assert lines[20].startswith("• <code>f19.txt</code>")


def test_uploads_list_titles_shrink_when_long():
    many = [record(f"f{i}.txt", ("&" * 30, "&" * 30)) for i in range(20)]
    got = texts.uploads_list(many)
    assert tg_len(got) <= MAX_MESSAGE
    assert "《" + "&amp;" * 23 + "…》" not in got  # not at full size
    assert "《" + "&amp;" * 13 + "…》" in got  # 14 characters: the 0.6 scale


def test_remove_confirm_removed_and_term_added():
    rec = record("r&.txt", ("一", "二", "三", "四"))
    assert texts.remove_confirm(rec) == (
        "确定删除 <code>r&amp;.txt</code>（《一》、《二》、《三》）？删除后会重建索引。")
    result = ReloadResult(True, BEFORE, AFTER)
    assert texts.removed(rec, result) == (
        "🗑 已删除 <code>r&amp;.txt</code>，索引已更新：文章 10 → 12。")
    assert texts.term_added("红<色>") == (
        "已添加“红&lt;色&gt;”：下次 /reload（或上传）后生效，检索时保持完整，也会出现在 /topics。")
