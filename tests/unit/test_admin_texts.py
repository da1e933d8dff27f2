"""bot.texts' admin reports as whole texts: stats_text, reload_text, upload_saved,
skipped_block and sources_messages, on small fixed inputs (each line, each branch) and
on inputs too long for one message (what fit() shrinks)."""

from __future__ import annotations

import time

from bot import texts
from bot.knowledge_holder import KbSummary, ReloadResult
from bot.render import MAX_MESSAGE, tg_len
from bot.stats import StatsSnapshot
from bot.upload_registry import UploadRecord
from retrieval.models import Article, SkippedFile

T0 = time.mktime((2024, 5, 6, 7, 8, 9, 0, 0, -1))
WHEN = "2024-05-06 07:08:09"
BEFORE = KbSummary("v" * 20, 10, 100)
AFTER = KbSummary("w" * 20, 12, 130)


def snapshot(**kw) -> StatsSnapshot:
    values = dict(served=4, answered=3, median_ms=12.34, p95_ms=56.0, search_median_ms=1.25,
                  search_p95_ms=None, recent_unanswered=(), started_at=T0)
    values.update(kw)
    return StatsSnapshot(**values)


def test_stats_text_line_by_line():
    last = ReloadResult(True, BEFORE, AFTER, seconds=1.234, finished_at=T0)
    got = texts.stats_text(snapshot(handler_errors=2, network_errors=5, marked_wrong=1,
                                    recent_wrong=("错&的",), recent_unanswered=("没<答>",)),
                           BEFORE, last)
    assert got.split("\n") == [
        "<b>运行统计</b>",
        f"文章 10 篇 · 段落 100 个 · 索引 {'v' * 12}",
        f"自 {WHEN} 起回答问题 4 个，找到答案 3 个（75%）",
        "答复耗时：中位数 12.3 ms · p95 56.0 ms",
        "其中检索：中位数 1.2 ms · p95 —",
        "出错：处理消息 2 次 · 网络（轮询）5 次",
        f"上次重新加载：{WHEN}，1.23 秒，成功",
        "👎 答错反馈：1 次",
        "",
        "<b>最近被点 👎 的问题</b>",
        "• 错&amp;的",
        "",
        "<b>最近没找到答案的问题</b>",
        "• 没&lt;答&gt;",
    ]


def test_stats_text_before_any_question_or_reload_and_after_a_failed_one():
    got = texts.stats_text(snapshot(served=0, answered=0, median_ms=None, p95_ms=None,
                                    search_median_ms=None), BEFORE, None).split("\n")
    assert got[2] == f"自 {WHEN} 起回答问题 0 个，找到答案 0 个"
    assert got[3:5] == ["答复耗时：中位数 — · p95 —", "其中检索：中位数 — · p95 —"]
    assert got[6:] == ["上次重新加载：启动以来没有", "👎 答错反馈：0 次"]
    failed = ReloadResult(False, BEFORE, None, seconds=0.5, error="x" * 300, finished_at=T0)
    line = texts.stats_text(snapshot(), BEFORE, failed).split("\n")[6]
    assert line == f"上次重新加载：{WHEN}，0.50 秒，失败：{'x' * 199}…"


def test_stats_text_clips_long_questions_then_shrinks_to_fit():
    long = "问" * 150
    got = texts.stats_text(snapshot(recent_unanswered=(long,)), BEFORE, None)
    assert got.split("\n")[-1] == "• " + "问" * 99 + "…"  # 100 characters
    many = tuple(f"{i}" + "问" * 150 for i in range(60))
    got = texts.stats_text(snapshot(recent_unanswered=many, recent_wrong=many), BEFORE, None)
    assert tg_len(got) <= MAX_MESSAGE
    bullets = [line for line in got.split("\n") if line.startswith("• ")]
    assert len(bullets) == 120
    assert {len(b) for b in bullets} == {2 + 20}  # scale 0.2: 20 characters each


def test_reload_text_success_failure_and_joined():
    ok = ReloadResult(True, BEFORE, AFTER, seconds=2.5)
    assert texts.reload_text(ok) == (
        "✅ 索引已重新加载，用时 2.50 秒。\n文章：10 → 12\n段落：100 → 130\n没有跳过的文件。")
    skipped = ReloadResult(True, BEFORE, AFTER, seconds=2.5,
                           skipped=(SkippedFile("a.pdf", "坏<文件>"),), joined=True)
    assert texts.reload_text(skipped).split("\n") == [
        "已有一次重新加载在进行，这里是它的结果：", "✅ 索引已重新加载，用时 2.50 秒。",
        "文章：10 → 12", "段落：100 → 130", "跳过的文件（1 个）：", "• a.pdf：坏&lt;文件&gt;"]
    failed = ReloadResult(False, BEFORE, None, seconds=0.25, error="e" * 600)
    assert texts.reload_text(failed) == (
        "❌ 重新加载失败（0.25 秒），继续使用原来的索引。\n原因：" + "e" * 519 + "…")
    assert texts.reload_text(ReloadResult(False, BEFORE, None, error="<x>", joined=True)) == (
        "已有一次重新加载在进行，这里是它的结果：\n"
        "❌ 重新加载失败（0.00 秒），继续使用原来的索引。\n原因：&lt;x&gt;")


def test_reload_text_lists_at_most_twenty_skipped_files_then_fewer_to_fit():
    files = tuple(SkippedFile(f"{i:02}.txt", "空") for i in range(25))
    got = texts.reload_text(ReloadResult(True, BEFORE, AFTER, skipped=files)).split("\n")
    assert got[3] == "跳过的文件（25 个）：" and got[4] == "• 00.txt：空"
    assert got[-2:] == ["• 19.txt：空", "…… 另有 5 个"] and len(got) == 3 + 1 + 20 + 1
    huge = tuple(SkippedFile(f"{i:03}" + "p" * 80, "r" * 200) for i in range(40))
    got = texts.reload_text(ReloadResult(True, BEFORE, AFTER, skipped=huge))
    assert tg_len(got) <= MAX_MESSAGE
    assert got.split("\n")[-1] == "…… 另有 28 个"  # scale 0.6: 12 files


def test_skipped_block_limits():
    files = [SkippedFile("p" * 100, "r" * 250), SkippedFile("b.txt", "短")]
    assert texts.skipped_block(files, limit=1).split("\n") == [
        "跳过的文件（2 个）：", "• " + "p" * 79 + "…：" + "r" * 199 + "…", "…… 另有 1 个"]
    assert texts.skipped_block(files, limit=2).split("\n")[-1] == "• b.txt：短"
    assert texts.skipped_block(files).count("\n") == 2


def test_upload_saved_names_the_titles_then_how_many_more():
    ok = ReloadResult(True, BEFORE, AFTER, seconds=0.75)
    assert texts.upload_saved("a&b.txt", ["标题一", ""], ok) == (
        "✅ 已保存为 <code>a&amp;b.txt</code>，找到文章：《标题一》、《无标题》\n"
        "索引已更新（0.75 秒）：文章 10 → 12，段落 100 → 130。")
    titles = [f"第{i}篇" for i in range(12)]
    got = texts.upload_saved("x.txt", titles, ok)
    assert "《第9篇》\n" not in got and "《第9篇》 等 12 篇\n" in got and "第10篇" not in got
    assert texts.upload_saved("x.txt", titles[:10], ok).count("《") == 10
    assert " 等 " not in texts.upload_saved("x.txt", titles[:10], ok)
    long = texts.upload_saved("x.txt", ["长" * 100], ok)
    assert "《" + "长" * 59 + "…》" in long
    assert texts.upload_saved("x.txt", ["&<标题>" * 50] * 40, ok).count("《") == 10
    crowded = texts.upload_saved("&" * 300 + ".txt", ["&" * 60] * 40, ok)  # 4.5k escaped
    assert tg_len(crowded) <= MAX_MESSAGE and crowded.count("《") == 6 and " 等 40 篇" in crowded


def test_sources_messages_group_by_page_and_count_the_rest():
    articles = [
        Article(0, "甲", "广角", "", "000_a.txt", ("x",)),
        Article(1, "", "", "", "000_a.txt", ("x",), kind="box"),
        Article(2, "图", "", "", "000_a.txt", ("x",), kind="photo"),
        Article(3, "乙", "", "", "up.txt", ("x",)),
        Article(4, "讯", "", "", "up.txt", ("x",), kind="brief"),
        Article(5, "语", "", "", "up.txt", ("x",), kind="quote"),
    ]
    skipped = [SkippedFile("bad.pdf", "坏")]
    got = texts.sources_messages(articles, {"000_a.txt": "党建版 第1页"}, skipped)
    assert got == ["<b>已收录 2 个版面（文件），6 篇文章</b>\n"
                   "📄 <b>党建版 第1页</b>（3 篇）\n  • 《甲》 · 广角\n  • 《无标题》\n"
                   "  • 另有图片、简讯、语录 1 条\n"
                   "📄 <b>管理员添加 2</b>（3 篇）\n  • 《乙》\n  • 另有图片、简讯、语录 2 条"]
    admin = texts.sources_messages(articles, {}, skipped, is_admin=True)
    assert "管理员添加 1" in admin[0] and admin[-1].endswith("跳过的文件（1 个）：\n• bad.pdf：坏")
    assert "跳过" not in texts.sources_messages(articles, {}, [], is_admin=True)[-1]


def test_the_skipped_lists_limits_in_sources_and_by_default():
    files = [SkippedFile(f"{i:02}.pdf", "坏") for i in range(21)]
    assert texts.skipped_block(files).split("\n")[-2:] == ["• 19.pdf：坏", "…… 另有 1 个"]
    articles = [Article(0, "甲", "", "", "a.txt", ("x",))]
    got = texts.sources_messages(articles, {}, files, is_admin=True)
    assert got[-1].endswith("• 19.pdf：坏\n…… 另有 1 个")
    huge = [SkippedFile(f"{i:02}" + "&" * 78, "&" * 200) for i in range(30)]  # 1400 each
    got = texts.sources_messages(articles, {}, huge, is_admin=True)
    assert all(tg_len(m) <= MAX_MESSAGE for m in got)
    assert got[-1].endswith("…… 另有 28 个")  # scale 0.1: two of them


def test_upload_saved_with_a_name_leaving_room_for_one_title():
    ok = ReloadResult(True, BEFORE, AFTER)
    got = texts.upload_saved("&" * 700, ["&" * 60] * 5, ok)  # 3500 + 300 per title
    assert tg_len(got) <= MAX_MESSAGE and got.count("《") == 1 and " 等 5 篇" in got


def record(i: int, titles: tuple[str, ...], file: str = "") -> UploadRecord:
    return UploadRecord(i, file or f"up{i}.txt", "s", "t", titles, 5550001, T0)


def test_upload_preview_known_and_list():
    article = Article(0, "标题一", "广角", "本报记者 王明", "a.txt",
                      ("第一段" * 10, "第二段", "第三段", "第四段"))
    got = texts.upload_preview("a<b>.txt", [article, article], None, 30.0)
    assert got.split("\n") == [
        "📄 <b>a&lt;b&gt;.txt</b>：2 篇，8 个段落",
        "<blockquote expandable>== a.txt",
        "《标题一》 · 广角 · 本报记者 王明",
        "    1. 第一段第一段第一段第一段第一段第一段第一段第一段…",
        "    2. 第二段", "    3. 第三段", "    … 1 more",
        "《标题一》 · 广角 · 本报记者 王明",
        "    1. 第一段第一段第一段第一段第一段第一段第一段第一段…",
        "    2. 第二段", "    3. 第三段", "    … 1 more</blockquote>",
        "确认无误请点“收录”；30 分钟内不确认，预览作废，什么都不会保存。",
    ]
    replacing = texts.upload_preview("a.txt", [article], record(1, ("标题一",), "old.txt"), 0.5)
    assert replacing.split("\n")[-2:] == [
        "标题与已收录的 <code>old.txt</code> 相同：“替换”会用这一版代替它。",
        "确认无误请点“替换”；0.5 分钟内不确认，预览作废，什么都不会保存。"]
    many = texts.upload_preview("a.txt", [article] * 60, None, 30.0)
    assert tg_len(many) <= MAX_MESSAGE and many.endswith("什么都不会保存。")
    assert "    2. 第二段" not in many and "    … 3 more" in many  # one paragraph each

    assert texts.upload_known(record(2, ("甲", "乙" * 40, "丙", "丁"))) == (
        "这份内容已经收录过：<code>up2.txt</code>（《甲》、《" + "乙" * 29 + "…》、《丙》，"
        f"{WHEN}）。没有重复添加。")

    assert texts.uploads_list([]) == "管理员还没有添加过文章。版面文件随程序发布，不能在这里删除。"
    listed = texts.uploads_list([record(3, ("甲", "乙", "丙")), record(4, ())])
    assert listed.split("\n") == [
        "<b>管理员添加的文章（2 份，最新的在前）</b>",
        f"• <code>up3.txt</code> 《甲》、《乙》 · 管理员 5550001 · {WHEN}",
        f"• <code>up4.txt</code>  · 管理员 5550001 · {WHEN}",
        "版面文件随程序发布，不能在这里删除。"]
    crowd = texts.uploads_list([record(i, ("题" * 30, "目" * 30)) for i in range(25)])
    lines = crowd.split("\n")
    assert lines[0] == "<b>管理员添加的文章（25 份，最新的在前）</b>" and len(lines) == 22
    assert lines[1] == (f"• <code>up0.txt</code> 《{'题' * 23}…》、《{'目' * 23}…》 · "
                        f"管理员 5550001 · {WHEN}")
    amp = texts.uploads_list([record(i, ("&" * 30, "&" * 30), "&" * 40) for i in range(10)])
    assert tg_len(amp) <= MAX_MESSAGE and f"《{'&amp;' * 13}…》" in amp  # scale 0.6: 14
