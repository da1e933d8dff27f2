"""Everything the bot says in words: fixed texts, and Telegram HTML for small talk, help,
"not found", the commands (topics, sources, stats) and the admin reports.

Pure functions of plain values, so they are tested without Telegram. Long lists are
returned as several messages, each ≤ 4096 characters.
"""

from __future__ import annotations

import errno
import time
from collections import defaultdict
from collections.abc import Sequence

from bot.knowledge_holder import KbSummary, ReloadResult
from bot.render import clip, escape, fit, pack
from bot.stats import StatsSnapshot
from bot.upload_registry import UploadRecord
from retrieval.corpus.formats import ACCEPTED
from retrieval.corpus.outline import outline
from retrieval.models import Article, SkippedFile

# Command menu registered with setMyCommands: (command, description).
COMMANDS: tuple[tuple[str, str], ...] = (
    ("ask", "提问，例如 /ask 板凳议事会是什么"),
    ("topics", "资料里的基层做法和它们的出处"),
    ("sources", "已收录的文章和版面"),
    ("help", "用法和示例问题"),
    ("start", "开始"),
)
ADMIN_COMMANDS: tuple[tuple[str, str], ...] = (
    ("reload", "重新读取版面和上传的文章，重建索引"),
    ("stats", "运行统计、最近未答上和被点 👎 的问题"),
    ("uploads", "管理员添加的文章：查看和删除"),
    ("term", "添加做法名称，例如 /term 新名称"),
)

NOT_ADMIN = "抱歉，这个操作只对管理员开放。"
NOT_ADMIN_UPLOAD = "抱歉，只有管理员可以上传文章，文件没有被读取或保存。"
ASK_USAGE = "用法：/ask 问题，例如 /ask 板凳议事会是什么？"
ERROR = "抱歉，处理时出了点问题，请稍后再试。"
STALE = "索引已经更新，这个按钮已过期，请重新提问。"
NO_MORE = "没有更多结果了。"
ARTICLE_GONE = "这篇文章已不在资料库中。"
PRIVATE_ONLY_TEXT = "请直接发送文字问题，例如：板凳议事会是什么？"
UNKNOWN_COMMAND = "不认识这个命令。发送 /help 查看用法。"


def rate_limited(retry_after: float, per_minute: int) -> str:
    seconds = max(1, round(retry_after))
    return f"提问有点快了（每分钟最多 {per_minute} 个问题），请 {seconds} 秒后再问。"


def question_cut(limit: int) -> str:
    return f"问题太长，只按前 {limit} 个字检索。"


# --------------------------------------------------------------------------- conversation

NOT_COVERED = "资料里没有讲到这个问题。"
NOT_COVERED_PART = "资料里没有讲到。"
TRY_THESE = "可以问问这些："
DID_YOU_MEAN = "您是不是想问："
ASK_WHICH = "您问的是哪一项做法？点一下，或者把名称带上再问一次。"
WRONG_THANKS = "谢谢反馈，已记下这个答案不对。"
SENT_PRIVATELY = "已私信发给你。"
NO_MORE_FOUND = "没有更多结果了。"


def small_talk(kind: str) -> str:
    """A short friendly reply to greetings, thanks, "who are you" and emoji."""
    return {
        "greeting": "你好！我根据报纸党建版面的文章回答基层做法的问题，答案都注明出处。试试：",
        "thanks": "不客气！还想了解什么，接着问就行。",
        "farewell": "再见！有问题随时来问。",
        "identity": "我是基层党建问答机器人：只根据报纸党建版面的文章回答，"
                    "先给答案，再给原文和出处。可以这样问：",
        "capability": "我能回答党建版面上各地基层做法的问题：是什么、在哪儿、谁牵头、"
                      "有多少、怎么做、效果如何。试试：",
        "emoji": "😊 还想了解什么，接着问就行。比如：",
        "reaction": "😊 还想了解什么，接着问就行。比如：",
    }.get(kind, "你好！想了解哪项基层做法？比如：")


ENGLISH = ("I answer questions in Chinese about the grassroots initiatives reported in a "
           "regional newspaper's party-building pages, quoting the articles with their source. "
           "Please ask in Chinese, for example 板凳议事会是什么？ — or tap one of these:")


def start_text(summary: KbSummary, pages: int) -> str:
    return (
        "<b>你好！我是基层党建问答机器人。</b>\n"
        f"我读过报纸党建版面 {pages} 个版面上的 {summary.articles} 篇文章，"
        "回答各地基层做法的问题：先给答案，再给原文和出处。点下面的问题试试，或者直接发问题给我。"
    )


def help_text(bot_username: str, *, private: bool, is_admin: bool = False) -> str:
    """Usage for the chat the user is in (private or group), and the commands."""
    name = escape(bot_username)
    lines = ["<b>怎么问</b>"]
    if private:
        lines += [
            "• 直接发问题，例如：三减三优是什么？ 揭榜挂帅有多少干部参加？",
            "• 接着问也行：问完“三减三优是什么”，再问“在哪儿搞的”“效果怎么样”。",
            "• 一条消息可以问几个问题，用问号隔开。",
        ]
    else:
        lines += [
            f"• 在群里：@{name} 问题，/ask 问题，或者回复我的答案接着问。",
            "• 回复我的答案问“那效果呢”，我就按那个答案的话题回答。",
            "• “全文”“更多结果”会私信发给你（先私聊我一次 /start）。",
        ]
    lines += [
        f"• 任意聊天里输入 @{name} 问题，选一条结果发出去。",
        "",
        "<b>答案</b>：第一行是答案，下面是原文和出处（文章 · 栏目 · 作者 · 版面）。"
        "“更多结果”看后续段落，“全文”看整篇文章，👎 告诉我答错了。",
        "",
    ]
    lines += [f"/{c} — {escape(d)}" for c, d in COMMANDS]
    if is_admin:
        lines += [f"/{c} — {escape(d)}" for c, d in ADMIN_COMMANDS]
        lines.append("管理员在私聊里发送文件（PDF、Word、网页、TXT、Markdown）即可添加文章。")
    return "\n".join(lines)


TOPICS_PAGE_SIZE = 8


def topics_header(total: int, page: int, pages: int) -> str:
    return (f"<b>资料里的基层做法（{total} 个）</b>\n点一下就问“是什么”。"
            + (f"（第 {page + 1}/{pages} 页）" if pages > 1 else ""))


def sources_messages(articles: Sequence[Article], labels: dict[str, str],
                     skipped: Sequence[SkippedFile], *, is_admin: bool = False) -> list[str]:
    """The indexed articles grouped by page (its label, never a file name)."""
    by_source: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_source[article.source].append(article)
    blocks = [f"<b>已收录 {len(by_source)} 个版面（文件），{len(articles)} 篇文章</b>"]
    for index, source in enumerate(sorted(by_source), start=1):
        items = by_source[source]
        label = labels.get(source) or f"管理员添加 {index}"
        lines = [f"📄 <b>{escape(clip(label, 60))}</b>（{len(items)} 篇）"]
        for a in items:
            if a.kind not in ("article", "box"):
                continue
            column = f" · {escape(clip(a.column, 20))}" if a.column else ""
            lines.append(f"  • 《{escape(clip(a.title or '无标题', 60))}》{column}")
        others = sum(1 for a in items if a.kind not in ("article", "box"))
        if others:
            lines.append(f"  • 另有图片、简讯、语录 {others} 条")
        blocks.extend(pack(lines, sep="\n"))
    if skipped and is_admin:  # long reasons, escaped, can outgrow a message: fewer then
        blocks.append(fit(lambda scale: skipped_block(skipped, limit=max(1, int(20 * scale)))))
    return pack(blocks, sep="\n")


def skipped_block(skipped: Sequence[SkippedFile], limit: int = 20) -> str:
    lines = [f"跳过的文件（{len(skipped)} 个）："]
    lines += [
        f"• {escape(clip(s.path, 80))}：{escape(clip(s.reason, 200))}" for s in skipped[:limit]
    ]
    if len(skipped) > limit:
        lines.append(f"…… 另有 {len(skipped) - limit} 个")
    return "\n".join(lines)


def _when(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} ms"


def stats_text(snapshot: StatsSnapshot, summary: KbSummary, last: ReloadResult | None) -> str:
    def build(scale: float) -> str:
        share = snapshot.answered_share
        lines = [
            "<b>运行统计</b>",
            f"文章 {summary.articles} 篇 · 段落 {summary.paragraphs} 个 · "
            f"索引 {escape(summary.version[:12])}",
            f"自 {_when(snapshot.started_at)} 起回答问题 {snapshot.served} 个，"
            f"找到答案 {snapshot.answered} 个"
            + (f"（{share:.0%}）" if share is not None else ""),
            f"答复耗时：中位数 {_ms(snapshot.median_ms)} · p95 {_ms(snapshot.p95_ms)}",
            f"其中检索：中位数 {_ms(snapshot.search_median_ms)} · "
            f"p95 {_ms(snapshot.search_p95_ms)}",
        ]
        lines.append(f"出错：处理消息 {snapshot.handler_errors} 次 · "
                     f"网络（轮询）{snapshot.network_errors} 次")
        if last is None:
            lines.append("上次重新加载：启动以来没有")
        else:
            outcome = "成功" if last.ok else f"失败：{escape(clip(last.error, 200))}"
            when = _when(last.finished_at)
            lines.append(f"上次重新加载：{when}，{last.seconds:.2f} 秒，{outcome}")
        lines.append(f"👎 答错反馈：{snapshot.marked_wrong} 次")
        if snapshot.recent_wrong:
            lines.append("")
            lines.append("<b>最近被点 👎 的问题</b>")
            lines += [f"• {escape(clip(q, max(10, int(100 * scale))))}"
                      for q in snapshot.recent_wrong]
        recent = snapshot.recent_unanswered
        if recent:
            lines.append("")
            lines.append("<b>最近没找到答案的问题</b>")
            lines += [f"• {escape(clip(q, max(10, int(100 * scale))))}" for q in recent]
        return "\n".join(lines)

    return fit(build)


def reload_text(result: ReloadResult) -> str:
    def build(scale: float) -> str:
        lines: list[str] = []
        if result.joined:
            lines.append("已有一次重新加载在进行，这里是它的结果：")
        if not result.ok:
            lines.append(
                f"❌ 重新加载失败（{result.seconds:.2f} 秒），继续使用原来的索引。\n"
                f"原因：{escape(clip(result.error, int(500 * scale) + 20))}"
            )
            return "\n".join(lines)
        after = result.after
        assert after is not None
        lines += [
            f"✅ 索引已重新加载，用时 {result.seconds:.2f} 秒。",
            f"文章：{result.before.articles} → {after.articles}",
            f"段落：{result.before.paragraphs} → {after.paragraphs}",
        ]
        if result.skipped:
            lines.append(skipped_block(result.skipped, limit=max(1, int(20 * scale))))
        else:
            lines.append("没有跳过的文件。")
        return "\n".join(lines)

    return fit(build)


def upload_saved(file_name: str, titles: Sequence[str], result: ReloadResult) -> str:
    def build(scale: float) -> str:
        count = max(1, int(10 * scale))
        shown = [f"《{escape(clip(t or '无标题', 60))}》" for t in titles[:count]]
        extra = f" 等 {len(titles)} 篇" if len(titles) > len(shown) else ""
        after = result.after
        assert after is not None
        return (
            f"✅ 已保存为 <code>{escape(file_name)}</code>，找到文章：{'、'.join(shown)}{extra}\n"
            f"索引已更新（{result.seconds:.2f} 秒）："
            f"文章 {result.before.articles} → {after.articles}，"
            f"段落 {result.before.paragraphs} → {after.paragraphs}。"
        )

    return fit(build)


def upload_rejected(reason: str) -> str:
    return f"❌ 文件没有保存：{escape(clip(reason, 500))}"


# Why a write into corpus/ failed, by errno, in words an admin can act on.
_WRITE_FAILURES = {
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EROFS: "资料目录在只读文件系统上",
    errno.EACCES: "没有写入资料目录的权限",
    errno.EPERM: "没有写入资料目录的权限",
}


def upload_not_written(exc: OSError) -> str:
    """Saving an upload failed: say why, and that nothing changed."""
    cause = _WRITE_FAILURES.get(exc.errno or 0, "无法写入资料目录")
    detail = exc.strerror or str(exc)
    return upload_rejected(f"{cause}（{detail}）。资料和索引都没有改变，问答照常")


def upload_too_large(size: int, limit: int) -> str:
    return upload_rejected(f"文件大小 {size} 字节，超过上限 {limit} 字节")


def upload_bad_extension(name: str) -> str:
    return upload_rejected(f"只接受 {ACCEPTED} 文件，收到的是“{clip(name, 80)}”")


PREVIEW_EXPIRED = "这个预览已过期或已处理，请重新发送文件。"
UPLOAD_CANCELLED = "已取消，资料和索引都没有改变。"
UPLOAD_GONE = "这份上传已经不在了。"
REMOVE_CANCELLED = "已取消，没有删除任何文章。"
TERM_USAGE = "用法：/term 名称（2–12 个字，不含空格和标点），例如 /term 红色议事厅"


def upload_preview(name: str, articles: Sequence[Article], replaces: UploadRecord | None,
                   minutes: float) -> str:
    """How an upload was understood, before anything is indexed."""
    paragraphs = sum(len(a.paragraphs) for a in articles)

    def build(scale: float) -> str:
        body = outline(articles, chars=max(8, int(24 * scale)),
                       max_paragraphs=max(1, int(3 * scale)))
        lines = [f"📄 <b>{escape(clip(name, 80))}</b>：{len(articles)} 篇，{paragraphs} 个段落",
                 f"<blockquote expandable>{escape(body)}</blockquote>"]
        if replaces is not None:
            lines.append(f"标题与已收录的 <code>{escape(clip(replaces.file, 60))}</code> 相同："
                         "“替换”会用这一版代替它。")
        lines.append(f"确认无误请点“{'替换' if replaces else '收录'}”；"
                     f"{minutes:g} 分钟内不确认，预览作废，什么都不会保存。")
        return "\n".join(lines)

    return fit(build)


def upload_known(record: UploadRecord) -> str:
    titles = "、".join(f"《{escape(clip(t, 30))}》" for t in record.titles[:3])
    return (f"这份内容已经收录过：<code>{escape(clip(record.file, 60))}</code>"
            f"（{titles}，{_when(record.added_at)}）。没有重复添加。")


def uploads_list(records: Sequence[UploadRecord]) -> str:
    if not records:
        return "管理员还没有添加过文章。版面文件随程序发布，不能在这里删除。"

    def build(scale: float) -> str:
        lines = [f"<b>管理员添加的文章（{len(records)} 份，最新的在前）</b>"]
        for r in records[:20]:
            titles = "、".join(f"《{escape(clip(t, max(8, int(24 * scale))))}》"
                              for t in r.titles[:2])
            lines.append(f"• <code>{escape(clip(r.file, 40))}</code> {titles} · "
                         f"管理员 {r.admin_id} · {_when(r.added_at)}")
        lines.append("版面文件随程序发布，不能在这里删除。")
        return "\n".join(lines)

    return fit(build)


def remove_confirm(record: UploadRecord) -> str:
    titles = "、".join(f"《{escape(clip(t, 30))}》" for t in record.titles[:3])
    return f"确定删除 <code>{escape(clip(record.file, 60))}</code>（{titles}）？删除后会重建索引。"


def removed(record: UploadRecord, result: ReloadResult) -> str:
    after = result.after
    assert after is not None
    return (f"🗑 已删除 <code>{escape(clip(record.file, 60))}</code>，索引已更新："
            f"文章 {result.before.articles} → {after.articles}。")


def term_added(name: str) -> str:
    return (f"已添加“{escape(name)}”：下次 /reload（或上传）后生效，"
            "检索时保持完整，也会出现在 /topics。")
