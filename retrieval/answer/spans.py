"""What a sentence offers an intent: the answer spans it holds and how well it fits.

Each finder takes a sentence as the corpus writes it (original characters) and
returns (start, end) offsets of candidate answers: quantities, places, people and
organisations, dates. `fit` scores a sentence in 0..1 for a question's intent;
the re-ranker adds it to term coverage, and the answer line marks the spans.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from retrieval.text.background import is_place_name, is_verb, light_words
from retrieval.text.lexicon import (
    HOW_WORD,
    LEADER_ROLE,
    MONGOLIAN_NAME,
    MONGOLIAN_NAME_END,
    NAME_FOLLOWER,
    NAME_FOLLOWER_CHAR,
    ROLE_ALIASES,
    SURNAMES,
)
from retrieval.text.lexicon import ROLE as _ROLE
from retrieval.text.lexicon import ROLE_OR_MEMBER as _ROLE_OR_MEMBER
from retrieval.text.punctuation import CLAUSE_MARK
from retrieval.text.sentences import merge_spans
from retrieval.text.tokenizer import base_frequency

if TYPE_CHECKING:  # query.py uses places(); this module needs Query for annotations only
    from retrieval.answer.query import Query

Span = tuple[int, int]
# The finders below see the corpus's sentences again and again (each question ranks a few
# dozen paragraphs): their results are kept, per sentence, in a bounded cache.
SPAN_CACHE = 50_000

_NUM = (r"(?:[0-9０-９]+(?:[.．][0-9０-９]+)?|[一二三四五六七八九十百千两]+"
        r"|数[十百千万]|上[百千万]|近[百千万]|百余|千余|万余)")
_QUANTITY = re.compile(
    # (4万多块: 多 after 万 too)
    rf"{_NUM}(?:[余多])?(?:万|亿)?(?:[余多])?(?:[至到\-~—]{_NUM}(?:[余多])?(?:万|亿)?)?"
    # longer units first: 3个月 and 1个多小时 are durations, not 3个 of something
    r"(?:个(?:[多半])?(?:小时|月)|平方米|平方公里|公里|千米|公顷|小时|分钟|摄氏度|平米|课时|学时|周岁|岁"
    r"|[%％‰]|[个名人位家户项次亩元块支条所站座处类种级届年月天日周期场轮批万亿米吨斤棵株头只件张盏辆台间套份本篇栋幢部匹袋箱口]"
    r"|℃|度|余[个名人位家户项次亩元块支条所站座]"
    r"|多[个名人位元块户家])"
)
_TIER = re.compile(r"[两二三四五六]级")
_YEAR_RANGE = re.compile(rf"{_NUM}年(?:至|到|-|~){_NUM}年")
_DATE = re.compile(
    r"(?:[0-9０-９]{4}年(?:[0-9０-９]{1,2}月)?(?:[0-9０-９]{1,2}日)?(?:以来|起|底|初|年底)?"
    r"|[0-9０-９]{1,2}月[0-9０-９]{1,2}日|[0-9０-９]{1,2}月(?:底|初|上旬|中旬|下旬|份|起|以来)"
    r"|今年以来|年初以来|近年来|近日|日前|去年|今年[0-9０-９]{1,2}月(?:份|起|以来|底|初)?|前不久"
    r"|(?:就|在)?前(?:几|些)天|这几天|近期|前段时间|不久前|过去的一年里?"
    # seasons and holidays (仲冬时节, 国庆前夕): a when, though no date
    r"|(?:[仲初寒隆深盛金早阳暮][春夏秋冬]|[春夏秋冬]季)(?:时节|季节)?"
    r"|(?:春节|国庆|中秋|端午|元旦|新春|七一|五一)(?:前夕|期间|假期|来临之际|当天)"
    r"|(?<![0-9０-９])(?:今年|明年|去年)?(?:年底|年初|年中|上半年|下半年)"
    r"|每(?:个)?(?:月|周|年|天|日|季度|星期|半年)|定期"
    r"|[0-9０-９]{1,2}(?:点|时)(?:[0-9０-９]{1,2}分|半)?)"
)
_SEASON = re.compile(r"(?:[仲初寒隆深盛金早阳暮][春夏秋冬]|[春夏秋冬]季)(?:时节|季节)?"
                     r"|(?<![0-9０-９])(?:今年|明年|去年)?(?:年底|年初|年中|上半年|下半年)"
                     r"|(?:春节|国庆|中秋|端午|元旦|新春|七一|五一)(?:前夕|期间|假期|来临之际|当天)")
# 哪天, 哪年, 几号: a date asked for, which a season does not give
_ASKS_DATE = re.compile(r"哪天|哪一天|哪年|哪一年|几月|几号|几点|哪个月")
SEASON_FIT = 0.6  # 仲冬时节 answers 啥时候, less than a date would
_DATELINE = frozenset({"近日", "日前"})
_ASKS_END = re.compile(r"结束|截止|到期|为止|完工|办完|搞完|干完|到(?:啥|什么)时候")
# 从啥时候开始, 哪年搞起来的: when something began, which a date it runs from says
# (自今年8月起, 2018年以来, 始建于1995年, 2021年开始…)
_ASKS_START = re.compile(r"开始|起来|启动|开办|开张|成立|始建|发起")
_START_BEFORE = re.compile(r"(?:自|从|始建于|成立于|始于|起于)$")
_START_AFTER = re.compile(r"(?:起|以来|开始|启动|起步|成立|建成|创建)")
UNSTARTED_FIT = 0.7


def _starts_at(sentence: str, start: int, end: int) -> bool:
    """The date span at start..end is when something began."""
    text = sentence[start:end]
    return ("以来" in text or text.endswith("起")
            or _START_BEFORE.search(sentence, 0, start) is not None
            or _START_AFTER.match(sentence, end) is not None)


# 哪年, 哪一年: a year is asked; a span with one (2022年, 去年, 今年以来) answers it
_ASKS_YEAR = re.compile(r"哪年|哪一年|几几年|什么年份|哪个年份")
_YEAR = re.compile(r"[0-9０-９]{4}年?|[去今前明]年|年(?:初|底|以来)")
YEARLESS_FIT = 0.2  # below the span gate: 每周二三四 says no year
_PLACE_SUFFIX = (r"(?:自治区|市|盟|旗|县|区|镇|乡|村|苏木|嘎查|社区|街道|小区|口岸|派出所|边检站"
                 r"|河|湖|基地|园区|景区|广场|大楼|会议室|服务中心|中心|站|所"
                 # where people are visited: 深入辖区小学, 走进敬老院, 到公园、超市
                 # (not 集中学习, 小学生)
                 r"|(?:小学|中学)(?![习生])|学校|幼儿园|医院|卫生院|敬老院|养老院|公园|超市|农贸市场"
                 r"|集市)")
_SUFFIX_ANYWHERE = re.compile(_PLACE_SUFFIX)
_LAST_SUFFIX = re.compile(rf"{_PLACE_SUFFIX}$")
# Where a place name cannot continue to the left: punctuation and function characters.
NAME_BOUNDARY = frozenset("在于到至从、，。；：“”‘’（）()《》,;:!?！？ 与及的对向把将让使是为由并也"
                      "都就还又被给等了着过每各全该本其这那有无近共进走来去赴往经入出自沿个0123456789")
# Boundary characters that also occur inside names (铜都, 东方红, 新出…): right after a
# place and within CHAIN_GAP characters of the next suffix they belong to the next name.
_NAME_INSIDE = frozenset("都东西南北新大小")
CHAIN_GAP = 4
_NOT_PLACES = frozenset({"城市", "超市", "都市", "门市", "夜市", "集市", "省市", "乡村", "农村",
                         # kinds of area, no name: 农村牧区, 支队辖区, 偏远山区
                         "牧区", "辖区", "山区", "城区"})
# A "suffix" that starts a word of its own: 市场, 村民, 区域 …
_NOT_PLACE_END = re.compile(
    r"市场|市民|市值|市级|区域|区位|区别|区级|村民|村级|村庄|村委|县级|旗级|镇级|所长|所有|所在|乡村|"
    r"站长|站在|站位|中心城|中心工作|镇党委|旗委|县委|区委|市委")
# 市县乡三级, 旗县区, 苏木乡镇: the levels of the map, no place on it
_LEVELS_ONLY = re.compile(r"(?:省|市|盟|旗|县|区|乡|镇|村|苏木|嘎查|街道|社区)+")
_ADMIN_SUFFIX = re.compile(
    r"(?:自治区|市|盟|旗|县|(?<![小社园景街假游])区|镇|乡|苏木|嘎查|村|街道|社区)$")
_PERSON = re.compile(
    rf"{_ROLE_OR_MEMBER}\s?([\u4e00-\u9fff]{{2,3}}?){NAME_FOLLOWER}"
    rf"|([\u4e00-\u9fff]{{2,3}})(?=(?:说|介绍|表示|告诉记者|感慨地说|笑着说))"
    rf"|{_ROLE}\s?({MONGOLIAN_NAME}){MONGOLIAN_NAME_END}")  # 党委书记乌仁图雅“晒”出成绩
# 李全生大爷, 王秀英阿姨: a name before the way people address an elder or a worker
_NAME_BEFORE_ADDRESS = re.compile(
    r"([\u4e00-\u9fff]{2,3}?)(?=大爷|大娘|大妈|大婶|阿姨|奶奶|爷爷|大姐|大哥|老汉|师傅|婆婆)")
# 赵女士, 杨大爷: a person the article names by surname and a form of address only
_SURNAME_AND_ADDRESS = re.compile(
    r"(?:^|(?<=[的是位名、，,。：“\"]))([\u4e00-\u9fff])"
    r"(?:女士|先生|大爷|大娘|大妈|大婶|阿姨|奶奶|爷爷|大姐|大哥|师傅|婆婆)")
# 40余名少先队员: who came, counted.
_COUNTED_PEOPLE = re.compile(
    rf"{_NUM}[余多]?[名位个]{_ROLE[:-1]}|少先队员|学生|群众|游客|干部|学员)")
# 由社区干部任组长: who holds the role, named by their group
_APPOINTED = re.compile(r"由([^，。由]{2,12}?)(?:担任|出任|任)")
# 来了什么人, 哪些人: people are asked for, not organisations.
_ASKS_FOR_PEOPLE = re.compile(r"什么人|哪些人|啥人|哪些群众"
                              # 由谁主讲: the one who speaks, not the body hosting it
                              r"|谁(?:来)?(?:主讲|讲课|授课|宣讲|作报告)|主讲人|授课人")
# 叫啥, 姓什么, 啥名字 (of a person: a thing's name is Query.named_thing)
_ASKS_A_NAME = re.compile(r"叫(?:啥|什么)|(?:啥|什么)名字?|姓(?:啥|什么)")
# 在界碑前, 在田间地头里: 在 + a thing + a position word is a place too (not an admin one).
_LOCATIVE = re.compile(
    r"在([^，。、；：！？\s在的]{1,8}?(?:前|上|里|内|中|旁|边|下|处|门口|现场|一线))")
# 是在哪儿忙着装箱的: where something was being done, not where a place lies
_SCENE_ASKED = re.compile(r"在哪(?:儿|里|块儿?)?(?:忙|正在|[\u4e00-\u9fff]?着)")
# 在哪开的, 在哪儿举办: where an event was held, which the room or hall says
_HELD_ASKED = re.compile(r"在哪(?:儿|里)?(?:开|举办|举行|召开|办)")
# 阵地在哪, 哪儿是活动场所: a site asked for, which a square or a hall is
_SITE_ASKED = re.compile(r"阵地|场所|场地|地点")
_HERE = ["这里", "那里", "这儿", "那儿"]


def _names_a_spot(span: str, asked: list[str]) -> bool:
    """A place span saying more than the question's own words or 这里 (旗委镇…在这里)."""
    return len(_without(span, [*asked, *_HERE]).replace(" ", "")) >= 2


# 包装车间内，社员们正忙着装箱: a scene's place opening a sentence, without 在
_OPENING_LOCATIVE = re.compile(r"^[“\"]?([^，。、；：！？\s在的]{2,8}?[内里])[，,]")
# Where people go and gather (到公园、超市…宣传, 把村部广场当成主阵地): places without a
# place-name suffix, a where-answer of their own.
_VENUE = re.compile(
    r"(?:村部|社区|小区|文化|人民|农贸)?(?:广场|公园|超市|农贸市场|集市|车站|景区|商场|"
    r"菜市场|田间地头|街头巷尾|核酸检测点|服务大厅|活动室|党群服务中心)")
# 哪个街道, 什么社区: the kind of place asked for, which a place of that kind answers.
_KIND_ASKED = re.compile(r"(?:哪个|哪一个|什么|啥)(街道|社区|小区|嘎查|苏木|村|镇|旗|县|市|盟)")
# 在哪个基地办的, 在什么广场: the kind of venue asked for, which 在…基地 answers
_VENUE_KIND_ASKED = re.compile(
    r"(?:哪个|哪一个|哪座|哪家|什么|啥)(基地|中心|广场|公园|会场|礼堂|学校|医院|展馆|纪念馆|"
    r"博物馆|园区|村部|大厅|餐厅|食堂|活动室|会议室|教室|农场|景区)")
# 哪个所, 哪个队: the kind of body asked for (a who-question).
_BODY_ASKED = re.compile(r"(?:哪个|哪一个)(?:派出|边检)?(党支部|党总支|党委|党组织|支部|所|站|"
                         r"队|支队|大队|中队|局)"
                         r"|(?:哪家|哪一家|哪个)(物业|公司|企业|医院|合作社|银行|厂家|厂)"
                         # 工程队是哪家: the body asked before the question word
                         r"|(物业|公司|企业|厂家|工程队|施工队)是哪(?:家|个|一家)")
# a company asked for that no sentence names (哪个公司施工的) is not answered at all
UNNAMED_COMPANY_FIT = 0.2
# What a company asked by its trade is called: 哪家物业 → 蒙康物业公司 (a name before the
# trade: 物业公司 alone names none)
_COMPANY_END = re.compile(r"(?:公司|企业|集团)$")
# 哪家公司: any firm by its name (北京首农集团双桥农场, …科技有限公司)
_NAMED_COMPANY = re.compile(r"[\u4e00-\u9fff]{2,}(?:公司|企业|集团|农场|合作社)$")
_FIRMS = frozenset({"物业", "公司", "企业", "厂家", "厂", "工程队", "施工队"})
# the words of a trade, which name no firm on their own (物业公司, 物业服务企业)
_TRADE = re.compile(r"物业|服务|有限|责任|股份|科技|建筑|工程|施工|公司|企业|集团|厂家?")


def _named_firm(span: str) -> bool:
    """A firm's name: a company word with a name of its own before it (蒙康物业公司,
    …科驰生物科技有限公司), not the trade alone (物业公司)."""
    return (_NAMED_COMPANY.search(span) is not None or span.endswith("厂")) and bool(
        _TRADE.sub("", span).strip())
# The theme of a talk or a contest asked (讲的啥题目), and what states one.
_ASKS_THEME = re.compile(r"(?:啥|什么)(?:题目|主题|标题)|(?:题目|主题|标题)(?:是)?个?(?:啥|什么)")
_THEME = re.compile(r"以[“\"][^”\"]{2,30}[”\"]为(?:题|主题)|主题(?:是|为)[“\"]|题为[“\"]")
THEMELESS_FIT = 0.3
# Where someone comes from (籍贯, 哪里人, 老家在哪), and what says it.
_ASKS_ORIGIN = re.compile(
    r"籍贯|祖籍|老家|出生地|哪(?:里|儿)?的?人(?![员口民家])|在哪(?:里|儿)?出生")
_ORIGIN = re.compile(r"籍贯|祖籍|老家|出生[于在]|生于|人氏|土生土长")
# 从哪儿选/招: where people are drawn from, which a pool of people answers.
_FROM_WHERE = re.compile(r"从哪|从什么地方|从哪些")
# 从哪到哪, 哪儿修到哪儿: a route, which one place 至/到 another answers
_ASKS_ROUTE = re.compile(r"哪(?:里|儿)?[\u4e00-\u9fff]{0,2}?(?:到|至)哪")
_PLACE_END = r"(?:村|镇|区|县|旗|市|盟|苏木|嘎查|乡|口岸|街道|社区)"
_ROUTE = re.compile(_PLACE_END + r"(?:至|到)[\u4e00-\u9fff]{1,10}?" + _PLACE_END)
ROUTELESS_FIT = 0.5
_ASKS_GENERATION = re.compile(r"几零后|哪个年代(?:出生|生)|哪年(?:出生|生)")
_GENERATION = re.compile(r"[0-9]0后|[五六七八九]零后|出生于|生于|[0-9]{4}年(?:\d+月)?出生")
_ASKS_ROAD = re.compile(r"哪(?:条|一条)(?:路|街|道)")
_ROAD = re.compile(r"[\u4e00-\u9fff]{2,6}(?:路|大街|街|大道)(?!面|灯|段|口|网|况|线)")
ROADLESS_FIT = 0.2  # below the span gate: no sentence naming a road, no answer
_DRAWN_FROM = re.compile(
    r"从([^，。从]{2,16}?)中?(?:选聘|选拔|选派|选出|选取|挑选|招聘|招募|抽调|推选|遴选)")
# A question for where someone goes (到哪些地方, 去哪儿), which venues answer.
_GOES_TO = re.compile(r"[到去](?:哪|什么地方|啥地方)")
# 为激发…, 为了让…: the purpose an initiative is introduced for
_PURPOSE = re.compile(r"(?:^|[，,。；])为了?(?!期|主|此|民|例)[^，,。；]{4,}[，,]")
_EVENT_AFTER = re.compile(r"[”\"’'」]?(?:活动)?(?:大会|现场|主会场|会场|赛场|舞台|比赛|仪式"
                          r"|推进会|观摩会|启动会|座谈会|培训班)")
_CALLED = re.compile(r"称为|称作|誉为|叫做|叫作|评为|当选为?|获评")
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")
# Characters that start what follows a name rather than end it: 说, 表示, 赞 …
_AFTER_NAME = frozenset("说介绍表示告诉耐坦手带领请正在也就还和与等的为对向把将是赞")
_ORG = re.compile(
    r"[\u4e00-\u9fff]{2,16}?(?:委员会|党委|党工委|组织部|宣传部|统战部|政法委|政府|公安局|税务局"
    r"|(?<![格布结开大新])局(?![面势限])|厅|办公室|集团|农场|党支部|党总支|支部|工委|合作社|公司|支队|大队|服务队|宣讲团|联合体|协会|学院|医院"
    r"|实践所|派出所|研究所|事务所|服务站|服务中心)"
    # a clause opening with the body itself (…，党支部牵头建成…)
    r"|(?<![\u4e00-\u9fff])(?:党支部|党总支|党委|村委会|居委会|村两委|合作社)"
)
# 方式单一, 形式陈旧: a way that is lacking is the problem, not the way it was solved
_LACKING = r"单一|落后|陈旧|老化|简单|不足|不多|不够|粗放"
_METHOD = re.compile(
    r"通过|采取|采用|推行|建立|实行|坚持|依托|围绕|按照|探索|创新|搭建|组建|设立|制定|出台|打造|推动|"
    r"由[^，。]{1,12}(?:带头|牵头|负责|处理|办理|代管|代养|代办|托管|承担|统一|集中|协助)|协调|动员|发动|"
    rf"(?:方式|办法|方法)(?!{_LACKING})|"
    r"实施|构建|健全|完善|开展|利用|借助|结合|聚焦|以[^，。]{1,20}为|把[^，。]{1,20}作为"
    # routines: 每年对…进行综合研判, 定期…
    r"|对[^，。]{1,24}进行|每(?:年|季度|月|周)|定期"
    # the measure taken against a problem: 针对…的问题，…删减合并…
    r"|针对[^。]{2,30}(?:问题|情况|短板|难题|不足)[，,]"
)
# The words that name the method itself (通过…的方式, 推行…机制, 为了…，…): the
# other method words (依托, 利用, 开展, 坚持…) also frame what a sentence reports.
_NAMED_METHOD = re.compile(
    rf"通过|采取|采用|推行|实行|建立|(?:方式|办法|方法|模式|机制|途径|形式)(?!{_LACKING})|手把手"
    r"|由[^，。]{1,12}(?:带头|牵头|负责|处理|办理|代管|代养|代办|托管|承担|统一|集中|协助)"
    r"|针对[^。]{2,30}(?:问题|情况|短板|难题|不足)[，,]"
    # the aim, then what was done for it: 为带动村民种植水稻，村“两委”带头成立合作社
    r"|(?:^|[，,。；;！？])为了?[^，,。；]{2,24}[，,](?=[^。]{6,})"
)
# What came of something: outcomes (已经铺上沥青, 目前…, 让居民…了) are strong signs;
# verbs of improvement (提升, 增强) also describe aims, so they are weak ones.
_EFFECT = re.compile(
    r"(?:缩短|拉近|突破|增强|提升|提高|改善|解决|促进|带动|拓宽|丰富|激发|凝聚|方便|学到|明确|实现|"
    r"形成|达到|增加|减少|降低|节约|节省|打通|化解|理顺|变成|迎来|满足)(?:了|多了)|"
    # a worry gone: 土豆以后不愁卖了
    r"不愁[\u4e00-\u9fff]{0,3}了|"
    # 已经 alone says something is done, not what it brought (已经找人拆下来…): weak, below
    r"成效|效果|已[有成]|已经?(?:建成|形成|实现|达到|覆盖|完成)|目前|如今|现在|截至目前|累计|实现了|变成|变为|"
    r"焕然一新|受益|满意|好评|点赞|缩短|减少了|降低了|增加了|达到|增收|带动|拉近|得到|"
    r"让[^，。]{1,20}(?:了|更|得)|使[^，。]{1,20}(?:了|更|得)|不再|再也不|方便了|好了|"
    # what the measures brought: 让…做出“身价”文章, 质效齐升, 收入翻番
    r"让[^，。]{1,20}(?:做出|成为|走上|迈上|有了|实现)|齐升|双提升|双丰收|翻番|翻了|倍增"
    # counted outcomes: 今年吸引游客11万余人, 接待…3000人次
    r"|(?:吸引|接待|惠及|服务)了?[^，。0-9]{0,6}[0-9０-９]"
    # how things became (门面干净整洁多了, 宽阔平坦多了): a change people see
    r"|[\u4e00-\u9fff]{2}多了(?=[，。！”\"])"
    # what became better: 打分更加精准了, 更方便了
    r"|更加?[\u4e00-\u9fff]{2}了"
)
# Words that say "by now" rather than what came of it: an outcome only with something else.
# (干净整洁多了 too: how things look now, a change rather than what it brought)
# how something looks now (宽阔平坦多了, 干净整洁多了): a change, but no good done to anyone
_LOOKS = re.compile(r"[\u4e00-\u9fff]{2}多了")
LOOKS_FIT = 0.4
# 谁都能揭榜吗, 揭榜有没有门槛, 有啥条件限制: whether anyone may; the answer says who
# may or what limits there are (不限职务…, 凡是…均可)
_ASKS_ANYONE = re.compile(
    r"(?:谁|什么人|啥人)都(?:能|可以|行|能够)|门槛|(?:资格|年龄|身份)?(?:条件|限制)")
_ELIGIBLE = re.compile(r"不限|无论|凡是|均可|都可以|谁有|面向|条件|资格|限制|门槛")
NOT_ELIGIBILITY_FIT = 0.2
# 得到啥好处, 有啥帮助: the good something did to people is asked
_ASKS_BENEFIT = re.compile(r"好处|帮助|实惠|受益|得到了?些?(?:啥|什么)|有(?:啥|什么)用|管用")
_BY_NOW = re.compile(r"目前|如今|现在|截至目前|累计|变成|变为|[\u4e00-\u9fff]{2}多了")
_EFFECT_AT = re.compile(f"(?=({_EFFECT.pattern}))")
# What only a person does (谁讲的, 谁教的): a sentence naming only a body answers less
_ASKS_PERSONAL_ACT = re.compile(r"谁(?:来|给)?(?:讲|说|教|唱|介绍|回答|主讲|授课)")
BODY_FOR_PERSON_FIT = 0.8
# 由谁介绍的, 谁说的: who told it; the one named just before 介绍 / 说 / 告诉记者
# (杭锦旗委组织部组织二室相关负责人介绍，…) is the answer, person or body
_ASKS_WHO_TOLD = re.compile(r"谁(?:来|给)?(?:说|讲|介绍|讲解)的")
_TOLD_AFTER = re.compile(r"[^，。,；;“”]{0,12}?(?:介绍|说|表示|告诉记者)")
# A who-question's answer naming someone for something else than the asked verb
AGENT_ELSEWHERE_FIT = 0.6
BY_NOW_FIT = 0.7  # 到现在围坐在一起唠家常: a change, not what it brought
ONE_OUTCOME_FIT = 0.9


def _effect_fit(sentence: str, benefit: bool = False) -> float:
    """1 for a sentence saying two things something brought (拉近了…, 也提升了…), less for
    one, less again for one that only says how things are now. Asked for the good it did
    (`benefit`: 得到啥好处), how things look now (平坦多了) says less again."""
    # overlapping: 转变成效 holds 变成 and 成效
    outcomes = {m.group(1) for m in _EFFECT_AT.finditer(sentence)}
    improvements = set(_IMPROVEMENT.findall(sentence))
    if len(outcomes) >= 2 or len(improvements) >= 2:
        return 1.0
    if benefit and outcomes and not improvements and all(
            _LOOKS.fullmatch(o) for o in outcomes):
        return LOOKS_FIT
    if outcomes and all(_BY_NOW.fullmatch(o) for o in outcomes):
        # 目前…已经铺上沥青 says what is done by now; 到现在围坐在一起 only how it is
        return 1.0 if _WEAK_EFFECT.search(sentence) else BY_NOW_FIT
    if outcomes:
        return ONE_OUTCOME_FIT
    return 0.5 if _WEAK_EFFECT.search(sentence) else 0.0


_WEAK_EFFECT = re.compile(r"提升|提高|增强|促进|有效|切实|显著|明显|解决|已经")
# Verbs of improvement without 了 (有效减轻…负担、增强…效能): one may be a plan, two or more
# in one sentence are what the measures brought.
_IMPROVEMENT = re.compile(
    r"缩短|拉近|突破|增强|提升|提高|改善|促进|拓宽|丰富|激发|凝聚|减轻|降低|节约|节省|打通|化解|"
    r"理顺|优化|密切|巩固|强化|夯实|筑牢|壮大|激活|畅通|便利")
_ENUMERATION = re.compile(
    r"[^、，。]{1,20}、[^、，。]{1,20}、|[^+，。]{1,10}\+[^+，。]{1,10}\+|一是|二是|第一|其一"
    r"|(?:“[^”]{2,16}”){3,}"
    r"|[一二三四五六]个方面")
# three things, the last after 和 (学习了…历史、…故事和…事迹): a list, if a short one
_SHORT_ENUMERATION = re.compile(r"[^、，。]{2,20}、[^、，。和]{2,20}(?:和|以及|及)[^、，。]{2,20}")
SHORT_ENUMERATION_FIT = 0.8
_CLOSING_QUOTES = "”\"’'」』"
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
# A word naming what kind of thing the term is, right after it: “三减三优”工作模式.
_KIND_AFTER = re.compile(r"[”\"’']?(?:工作模式|模式|机制|制度|活动|行动|品牌|平台|项目|工程|服务)")
_INTRODUCE = re.compile(
    r"(?:推行|推出|提出|创新|探索|开展|实施|建立|打造|创建|启动|实行|打响|组建|成立|设立|推广|发起|召开|举办"
    r"|引领|推进|发展|深化|实行)"
)


# Set phrases that start like a count (三位一体 is no three persons)
_SET_PHRASE = re.compile(r"三位一体|一站式|一揽子|一盘棋|一条龙|一对一|两手抓|四位一体|五位一体")


@lru_cache(maxsize=SPAN_CACHE)
def quantities(sentence: str, unit: re.Pattern[str] | None = None) -> tuple[Span, ...]:
    """Quantities (number + unit, ranges like 三年至五年), those of the asked unit if given."""
    spans = [m.span() for m in _YEAR_RANGE.finditer(sentence)]
    # (8月19日 is a date: neither 8月 nor 19日 is a quantity of the months or days asked)
    dates = [m.span() for m in _DATE.finditer(sentence)
             if m.end() - m.start() > 3] if unit is not None else []
    for match in _QUANTITY.finditer(sentence):
        if any(s <= match.start() < e for s, e in spans):
            continue
        if any(s <= match.start() and match.end() <= e for s, e in dates):
            continue
        if match.group(0)[0] == "一" and match.group(0)[1:2] not in "十百千万亿":
            continue  # 一个责任区: an article, not a count anyone asks for
        if _DATE.fullmatch(match.group(0)):
            continue
        if _TIER.fullmatch(match.group(0)) and (unit is None or not unit.search("级")):
            continue  # 乡村两级, 三级联动: tiers of government, not a count
        if _SET_PHRASE.match(sentence, match.start()):
            continue  # “三位一体”: a set phrase, not three persons
        if unit is None or unit.search(match.group(0)):
            spans.append(match.span())
    return tuple(sorted(spans))


# 几点 asks a time of day; only a date span with an hour (9点, 14时30分) gives one
_ASKS_CLOCK = re.compile(r"几点|什么时辰|几时(?:开|关|到|上班|下班)")
_CLOCK = re.compile(r"[0-9０-９]{1,2}(?:点|时)")
_ASKS_WEEKDAY = re.compile(r"(?:周|星期|礼拜)几")
_WEEKDAY = re.compile(r"(?:周|星期|礼拜)[一二三四五六日天1-7]|周末|每周")


@lru_cache(maxsize=SPAN_CACHE)
def dates(sentence: str) -> tuple[Span, ...]:
    return tuple(m.span() for m in _DATE.finditer(sentence))


@lru_cache(maxsize=SPAN_CACHE)
def specific_dates(sentence: str) -> tuple[Span, ...]:
    """Dates with a year, month or day in them, or a frequency (每个月); not 近日, 日前."""
    return tuple(s for s in dates(sentence) if re.search(r"[0-9０-９每]", sentence[s[0]:s[1]]))


@lru_cache(maxsize=SPAN_CACHE)
def places(sentence: str) -> tuple[Span, ...]:
    """Place names: a name of two or more characters ending in 市/旗/县/区/镇/村/社区/街道 …,
    read leftwards from the suffix up to a boundary (punctuation or a function character:
    在, 的, 对, 全 …), so 对无物业的小区 and 全市 are no places. Chains of places
    (乌兰察布市集宁区泉山街道) come out as one span."""
    spans: list[Span] = []
    last_end = 0
    for match in _SUFFIX_ANYWHERE.finditer(sentence):
        if _NOT_PLACE_END.match(sentence, match.start()) or (
                sentence[max(0, match.start() - 1): match.end()] in _NOT_PLACES):
            continue  # 市场, 村民, 城市: the "suffix" belongs to another word
        start = match.start()
        while (start > last_end and match.start() - start < 8
               and sentence[start - 1] not in NAME_BOUNDARY):
            start -= 1
        # 更换老旧小区: the verb before a place is no part of its name
        while start < match.start() - 2 and sentence[start:start + 2] in light_words():
            start += 2
        if (spans and start > spans[-1][1] == last_end
                and 0 < match.start() - last_end <= CHAIN_GAP
                and all(c not in NAME_BOUNDARY or c in _NAME_INSIDE
                        for c in sentence[last_end:match.start()])):
            start = last_end  # 城南街道铜都社区: 都 begins no clause right after a place
        if spans and start == spans[-1][1] and match.start() > start:
            spans[-1] = (spans[-1][0], match.end())  # a chain: 乌兰察布市 + 集宁区
        elif match.start() - start >= 2 and not _LEVELS_ONLY.fullmatch(
                sentence, start, match.end()):
            spans.append((start, match.end()))
        else:
            continue
        last_end = match.end()
    return tuple(merge_spans(spans + _known_places(sentence, spans)))


def _known_places(sentence: str, taken: list[Span]) -> list[Span]:
    """Places without a suffix that jieba's dictionary knows (远销北京、辽宁), outside the
    spans found already; the longest window wins."""
    found: list[Span] = []
    i = 0
    while i < len(sentence) - 1:
        for size in (4, 3, 2):
            window = sentence[i: i + size]
            # A two-character one must stand apart (、北京、), not sit inside other words (提高城市)
            apart = size > 2 or (i == 0 or sentence[i - 1] in NAME_BOUNDARY) or (
                i + size >= len(sentence) or sentence[i + size] in NAME_BOUNDARY)
            if len(window) == size and apart and is_place_name(window) and not any(
                    a < i + size and i < b for a, b in (*taken, *found)):
                found.append((i, i + size))
                i += size - 1
                break
        i += 1
    return found


def is_admin_place(text: str) -> bool:
    """乌兰浩特市, 杭锦旗, 锡尼镇: a place of the administrative map, not a building; a
    chain counts when one of its parts is (包头市…东禾太小区)."""
    if _VENUE.fullmatch(text):
        return False  # 农贸市场 holds 市, but is a market
    # (a suffix inside another word is none: 推进乡村振兴进程中 names no 乡)
    return any(_ADMIN_SUFFIX.search(text, a, end)
               for a, b in places(text) for end in range(a + 2, b + 1))


# 那个高中女生叫啥: a person the article tells of by a kind of person (女生, 大姐), whose
# name it never gives; a name in the sentence is someone else's (所长刘洋).
_PERSON_KIND_END = re.compile(r"[生员师姐哥叔姨爷奶娘婶者]$")
UNNAMED_PERSON_FIT = 0.2  # below the span gate (MIN_SPAN_FIT): not answered
NAME_AFTER_KIND = 3  # a name follows its kind closely (女生小王, 村民刘玉环)


def _unnamed_person_asked(sentence: str, query: Query, names: list[Span]) -> bool:
    """A name asked (叫啥) of a kind of person the sentence mentions, where no name in
    it goes with that kind."""
    if not _ASKS_A_NAME.search(query.normalized):
        return False
    kinds = [t.text for t in query.terms if t.known and t.topical and len(t.text) > 1
             and _PERSON_KIND_END.search(t.text)]
    if not kinds:
        return False
    # the last one asked, as the sentence may shorten it (高中女生: 女生)
    kind = next((k for k in (kinds[-1], kinds[-1][-2:]) if k in sentence), "")
    if not kind:
        return False
    at = sentence.find(kind)
    end = at + len(kind)
    # (a name right before it goes with it too: 李全生大爷)
    return not any(a <= at < b or end <= a <= end + NAME_AFTER_KIND or b == at
                   for a, b in names)


def _without(text: str, words: list[str]) -> str:
    for word in words:
        text = text.replace(word, " ")
    return text


@lru_cache(maxsize=SPAN_CACHE)
def _surnamed(match: re.Match[str]) -> bool:
    """A _PERSON match whose name starts with a surname: 志愿者为支撑, 大家纷纷表示 name
    nobody."""
    if match.group(3):
        return True  # a Mongolian name after a role
    name = match.group(1) or match.group(2) or ""
    if name.endswith("地"):
        return False  # 高兴地说: how someone said it, not who
    return name[:1] in SURNAMES or name[:2] in SURNAMES


def people(sentence: str) -> tuple[Span, ...]:
    """People named with their role (书记高雪芹, 刘刚表示) and organisations."""
    spans = [match.span() for match in _PERSON.finditer(sentence) if _surnamed(match)]
    for match in _ORG.finditer(sentence):
        spans.append(match.span())
    for match in _COUNTED_PEOPLE.finditer(sentence):
        spans.append(match.span())
    for match in _APPOINTED.finditer(sentence):
        spans.append(match.span(1))
    spans.extend(_addressed_names(sentence))
    spans.extend(_surname_and_address(sentence))
    spans.extend(_unsurnamed_names(sentence))
    spans.extend(_names_before_a_verb(sentence))
    return tuple(merge_spans(spans))


# 社区党支部书记姜泓言围绕学习…: a surnamed name after a post, ended by a verb of the
# dictionary rather than by one of the characters that usually follow a name
_POST_BEFORE_NAME = re.compile(LEADER_ROLE + r"\s?(?=[\u4e00-\u9fff]{4})")


# 60多岁的李爱兰学会了…: a surnamed name after an age, ended by a verb in the same way
_AGE_BEFORE_NAME = re.compile(r"\d+多?岁的(?=[\u4e00-\u9fff]{4})")


def _names_before_a_verb(sentence: str) -> list[Span]:
    return (_names_after(_POST_BEFORE_NAME, sentence)
            + _names_after(_AGE_BEFORE_NAME, sentence, keep_prefix=False))


def _names_after(prefix: re.Pattern[str], sentence: str,
                 keep_prefix: bool = True) -> list[Span]:
    """Names right after `prefix` (a post, an age): a surname, no common word, then a
    verb of the dictionary; the span holds the prefix too when keep_prefix."""
    found = []
    for match in prefix.finditer(sentence):
        at = match.end()
        for size in (3, 2):  # a three-character name first: 姜泓言, not 姜泓 before 言围
            name, after = sentence[at: at + size], sentence[at + size: at + size + 2]
            # (学会了: a word with 了 after it is done, whatever the dictionary tags it)
            done = sentence[at + size + 2: at + size + 3] == "了"
            if (name[:1] in SURNAMES and len(after) == 2 and (is_verb(after) or done)
                    and base_frequency(name) < COMMON_WORD_FREQUENCY
                    and not is_verb(name[1:]) and not _NOT_A_NAME_START.match(name[1:])):
                found.append((match.start() if keep_prefix else at, at + size))
                break
    return found


# 党支部书记长命手持…: two characters after a post, no common word (COMMON_WORD_FREQUENCY),
# no verb (书记履职) and not starting what follows a name (书记说得, 书记以党…), are a
# name without a surname (Mongolian names often have none)
_SHORT_NAME_AFTER_POST = re.compile(LEADER_ROLE + r"([\u4e00-\u9fff]{2})" + NAME_FOLLOWER)
_NOT_A_NAME_START = re.compile(NAME_FOLLOWER_CHAR + "|们")


def _unsurnamed_names(sentence: str) -> list[Span]:
    return [m.span() for m in _SHORT_NAME_AFTER_POST.finditer(sentence)
            if not _NOT_A_NAME_START.match(m.group(1)) and not is_verb(m.group(1))
            and base_frequency(m.group(1)) < COMMON_WORD_FREQUENCY]


def _addressed_names(sentence: str) -> list[Span]:
    """Names before 大爷, 阿姨 …, starting with a surname (李全生大爷; not 杨大爷)."""
    return [m.span(1) for m in _NAME_BEFORE_ADDRESS.finditer(sentence)
            if m.group(1)[:1] in SURNAMES]


def _surname_and_address(sentence: str) -> list[Span]:
    """A surname with the form of address, when that is all the article gives (家住民乐
    社区的赵女士): who someone is, though no name to a 叫啥."""
    return [m.span() for m in _SURNAME_AND_ADDRESS.finditer(sentence) if m.group(1) in SURNAMES]


def predicate_share(sentence_norm: str, query: Query) -> float:
    """Share of the weight of the question's words other than its topic in a sentence."""
    rest = query.asked_terms
    total = sum(t.weight for t in rest)
    if total <= 0:
        return 0.0
    return sum(t.weight * t.found_in(sentence_norm, frozenset()) for t in rest) / total


# 党 and 高 are surnames, but …村党支部, …社区党委 name a body, not a person
_BODY_NOT_NAME = re.compile(r"党[支委总员组群建工]")
COMMON_WORD_FREQUENCY = 100  # jieba's count: a word this common starts no name


def named_after(sentence: str, label: str) -> list[Span]:
    """A name right after a label (“红色小马甲”康建华, 网格员王春秋): who the label is.
    Three characters unless the third starts what follows (康建华赞不绝口 → 康建华).
    A place is no label: 土左旗方言 names nobody called 方言, 呼伦贝尔边境… nobody 边境."""
    if is_admin_place(label) or is_place_name(label):
        return []
    spans = []
    at = sentence.find(label)
    while at >= 0:
        start = at + len(label)
        if sentence[start: start + 1] in ("”", "\"", "」"):
            start += 1
        name = sentence[start: start + 3]
        if (len(name) >= 2 and name[0] in SURNAMES and _CJK_ONLY.fullmatch(name[:2])
                and not _BODY_NOT_NAME.match(name)
                # “聚力固边”边境…: a common word (边境) is what follows, not a name
                and base_frequency(name[:2]) < COMMON_WORD_FREQUENCY):
            size = 3 if len(name) == 3 and _CJK_ONLY.fullmatch(name) and (
                name[2] not in _AFTER_NAME) else 2
            spans.append((start, start + size))
        at = sentence.find(label, at + len(label))
    return spans


INTRODUCTION_FIT = 0.3
# Short parallel phrases: four or more in a sentence, or two closed by ; or …… as one
# step of a series (专家授课,典型分享;小组讨论,交流感悟;分享戍边历程,宣讲奋斗故事……)
_STEPS = re.compile(r"(?:[\u4e00-\u9fff]{2,8}[，,；;、]){3,}[\u4e00-\u9fff]{2,8}[。！…]*"
                    r"|[\u4e00-\u9fff]{2,8}[，,][\u4e00-\u9fff]{2,8}(?:[；;]|……)")
UNDER_METHOD_HEADING_FIT = 0.6
FRAMING_METHOD_FIT = 0.85  # 依托…, 开展…: a method word that frames, not names, the method
# 要是卖不完咋办, 遇到诈骗电话怎么办: what is done when it happens, which a consequence says
# (卖不了的就全部制成咸鸭蛋再出售), more than a method of the paragraph's doing
_ASKS_CONTINGENCY = re.compile(
    r"(?:要是|如果|万一|假如|假设|一旦|遇到|遇上|碰到|碰上|收到|的话)[^。？?]{1,24}?"
    r"(?:咋办|怎么办|咋整|怎么整|怎么处理|咋处理|如何处理|如何应对|怎么应对|该咋|该怎么)"
    r"|[\u4e00-\u9fff]了(?:该|又|要)?(?:咋办|怎么办|咋整|怎么整)")  # 卖不完了咋办
_CONSEQUENCE = re.compile(r"就|便|则|即可|立即|立刻|马上|及时|随即|第一时间")
UNCONDITIONED_METHOD_SHARE = 0.5
# A quoted name (“忠诚奉献”, ‘兴隆西瓜’) this close before the word for the thing, or
# right after it, is what the thing is called.
_QUOTED_NAME = re.compile(r"[“‘\"「『]([^”’\"」』]{2,16})[”’\"」』]")
NAME_BEFORE_THING = 10
NAME_AFTER_THING = 2
NAMELESS_THING_FIT = 0.2


UNQUOTED_NAME_FIT = 0.7
_NOT_IN_A_NAME = re.compile(r"[的了个是在和与及、，。；：！？“”\"‘’]")


def _unquoted_name(sentence: str, thing: str) -> bool:
    """The thing's word after two characters that could end a name of it (明霖绿色种植专业
    合作社), not after 的, a measure word, an everyday word (今年合作社) or a verb
    (成立合作社)."""
    for match in re.finditer(re.escape(thing), sentence):
        before = sentence[max(0, match.start() - 2): match.start()]
        if (len(before) == 2 and not _NOT_IN_A_NAME.search(before)
                and before not in light_words() and not is_verb(before[1])):
            return True
    return False


def thing_names(sentence: str, thing: str) -> list[Span]:
    """The quoted names given to a thing in the sentence (精心打造“忠诚奉献”“忆苦思甜”两个
    教育基地, 种植的‘兴隆西瓜’): a name ending just before the thing's word (a run of
    names ends there), starting right after it, or ending in it."""
    ends = [m.start() for m in re.finditer(re.escape(thing), sentence)]
    if not ends:
        return []
    names = list(_QUOTED_NAME.finditer(sentence))
    kept: list[Span] = []
    for i, match in enumerate(names):
        # a run of names (“甲”“乙”两个基地) counts from its last one
        last = match
        for later in names[i + 1:]:
            if later.start() - last.end() > 1:
                break
            last = later
        if match.group(1).endswith(thing) and len(match.group(1)) > len(thing):
            kept.append(match.span(1))  # ‘兴隆西瓜’: a kind of 西瓜 by its name
        elif any((0 <= at - last.end() <= NAME_BEFORE_THING
                  # (in the same clause: “就地上岗”成为志愿者,承担着小区… names no 小区)
                  and not CLAUSE_MARK.search(sentence, last.end(), at))
                 or 0 <= match.start() - (at + len(thing)) <= NAME_AFTER_THING for at in ends):
            kept.append(match.span(1))
    return kept


def _introduces_topic(sentence: str, end: int, query: Query) -> bool:
    """The method word at `end` takes the topic itself as its object (实施“强基工程”)."""
    if query.topic is None:
        return False
    rest = sentence[end: end + 6 + len(query.topic.name)].lstrip("了“\"「")
    if not rest.startswith(query.topic.name):
        # 通过开展“政治生日”这一仪式: the method word, then the verb that introduces it
        verb = _INTRODUCE.match(rest)
        rest = rest[verb.end():].lstrip("了“\"「") if verb else ""
    return rest.startswith(query.topic.name)


def _called_name(sentence: str, label: str) -> bool:
    """被称为“党课星主播”: the label is what someone in the sentence is called."""
    return re.search(_CALLED.pattern + r"[“\"「]?" + re.escape(label), sentence) is not None


def _called_name_holds(sentence: str, word: str) -> bool:
    """称为“党课星主播” holds 星主播: the asked word is part of what someone is called."""
    return re.search(_CALLED.pattern + r"[“\"「]?[^”\"」，。]{0,8}?" + re.escape(word),
                     sentence) is not None


def topic_spans(sentence_norm: str, query: Query) -> list[Span]:
    """Where the question's topic words occur (normalised text keeps CJK offsets)."""
    spans = []
    for word in query.topic_words:
        start = sentence_norm.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = sentence_norm.find(word, start + len(word))
    return merge_spans(spans)


def answer_spans(sentence: str, query: Query) -> list[Span]:
    """The spans that answer the question's intent in this sentence (may be empty)."""
    intent = query.intent
    if intent == "number":
        return list(counted_quantities(sentence, query)
                    or quantities(sentence, query.unit.give if query.unit else None)
                    or quantities(sentence))
    if intent == "when":
        return list(dates(sentence))
    if intent == "where":
        # The asked-about thing is no answer to where it is: 秦皇岛出入境边检站 does not
        # say where 甘其毛都出入境边检站 is, 巴彦淖尔甘其毛都口岸 does.
        # A chain ending in the asked-about thing keeps the part before it (乌兰察布市集宁区
        # 泉山街道 of …察哈尔社区) when that part is a place itself.
        # (the kind after 哪个 is asked for, not about: 建在哪个派出所 keeps …派出所)
        asked = [t.text for t in query.terms if len(t.text) > 1
                 and not re.search("哪(?:个|一个|家|座)" + re.escape(t.text), query.normalized)]
        kept = []
        for start, end in places(sentence):
            trimmed, shorter = end, True
            while shorter:  # 锡尼镇民乐社区 for 民乐+社区: each asked word off the end, any order
                shorter = False
                for word in asked:
                    if trimmed - start > len(word) and sentence[start:trimmed].endswith(word):
                        trimmed -= len(word)
                        shorter = True
            if trimmed == end or (trimmed - start >= 3
                                  and _LAST_SUFFIX.search(sentence[start:trimmed])):
                kept.append((start, trimmed))
        if _FROM_WHERE.search(query.normalized):
            drawn = [m.span(1) for m in _DRAWN_FROM.finditer(sentence)]
            if drawn:
                return drawn  # 从哪儿选: the pool, whatever places the sentence names
        found = merge_spans(kept + [m.span(1) for m in _LOCATIVE.finditer(sentence)]
                            + [m.span(1) for m in _OPENING_LOCATIVE.finditer(sentence)]
                            + [m.span() for m in _VENUE.finditer(sentence)])
        venue = _VENUE_KIND_ASKED.search(query.normalized)
        if venue is not None:  # 在哪个基地: 在“忆苦思甜”教育基地
            found = merge_spans(found + [m.span(1) for m in re.finditer(
                "在([^，。；！？在]{0,14}?" + venue.group(1) + ")", sentence)])
            return [(a, b) for a, b in found if sentence[a:b].endswith(venue.group(1))] or found
        kind = _KIND_ASKED.search(query.normalized)
        if kind is not None:  # 在哪个街道: the places of that kind, when the sentence has one
            return [(a, b) for a, b in found if sentence[a:b].endswith(kind.group(1))] or found
        return found
    if intent == "who" and query.named_thing:
        return thing_names(sentence, query.named_thing)
    if intent == "who":
        label = named_after(sentence, query.topic.name) if query.topic is not None else []
        if label:
            return label
        for form, clause in ((_HOLDER_ASKED, _HOLDS_POST), (_MADE_OF_ASKED, _MADE_OF)):
            if form.search(query.normalized):  # 啥人当 / 谁组成的: the clause saying it
                return [m.span() for m in clause.finditer(sentence)]
        if _ASKS_FOR_PEOPLE.search(query.normalized) or _ASKS_A_NAME.search(query.normalized):
            # 那个大姐叫啥: a person's name (村民刘玉环), not the body she belongs to
            return merge_spans([*(m.span() for m in _PERSON.finditer(sentence) if _surnamed(m)),
                                *_addressed_names(sentence), *_unsurnamed_names(sentence),
                                *_names_before_a_verb(sentence),
                                *(m.span() for m in _COUNTED_PEOPLE.finditer(sentence))])
        return list(people(sentence))
    if intent == "effect":
        return effect_clauses(sentence)
    if intent == "yesno" and _ASKS_ANYONE.search(query.normalized):
        # 谁都能揭榜吗: the clause saying who may (不限职务、不限年龄、不限身份)
        return [m.span() for m in _CLAUSE_TEXT.finditer(sentence) if _ELIGIBLE.search(m.group())]
    return []


_CLAUSE_TEXT = re.compile(r"[^，。；！？,;!?…]+")
# 拿来干嘛用 asks what a thing is put to: 将…结果运用与…结合 answers it.
_PUT_TO_USE = re.compile(r"运用|用于|用来|用在|应用于|作为[^，。]{0,8}依据")


def effect_clauses(sentence: str) -> list[Span]:
    """The clauses that say what something brought (拉近了…关系, 有效减轻…负担、增强…):
    where a long sentence is cut for the answer line, and what is marked in it."""
    return [m.span() for m in _CLAUSE_TEXT.finditer(sentence)
            if _EFFECT.search(m.group()) or _IMPROVEMENT.search(m.group())
            or _PUT_TO_USE.search(m.group())]


def is_list_mention(sentence_norm: str, word: str) -> bool:
    """The word only appears as one item of an enumeration (甲、乙、丙等平台)."""
    at = sentence_norm.find(word)
    if at < 0:
        return False
    before = sentence_norm[max(0, at - 2): at]
    after = sentence_norm[at + len(word): at + len(word) + 2]
    return "、" in before or after.startswith("、") or ("、" in before + after and "等" in after)


# 种的啥, 养的啥羊, 卖了些什么: what the question's verb acts on is asked
_OBJECT_ASKED = re.compile(r"(?:了|的)(?:些|个)?(?:啥|什么)([\u4e00-\u9fff]{0,3})[\s?？!！。.~]*$")
OBJECT_NEAR = 4  # characters between the verb and its object (饲养的羊)
OBJECT_ELSEWHERE_FIT = 0.6  # the verb and the thing asked, apart (养殖户…羊 for 养的啥羊)


def is_a_step(sentence: str) -> bool:
    """Short parallel phrases saying how, one step of a series or the series (_STEPS)."""
    return _STEPS.fullmatch(sentence.strip()) is not None


def _listed_object(sentence: str, verb_end: int, noun: str) -> bool:
    """The verb's object is a list closed by the noun asked (开设书记讲坛、边关心声栏目)."""
    clause = re.split(r"[，。；,;！？!?]", sentence[verb_end:], maxsplit=1)[0]
    at = clause.find(noun)
    return at > 0 and "、" in clause[:at]


def asks_for_a_kind(query: Query) -> bool:
    """A what-question naming the kind of thing asked (讲的啥题目, 种的啥, 养的啥羊), not
    only what something is."""
    return (_ASKS_THEME.search(query.normalized) is not None
            or _OBJECT_ASKED.search(query.normalized) is not None)


def asks_for_a_kind_of_place(query: Query) -> bool:
    """在哪个街道, 哪个小区的: a place of a given kind is asked for."""
    return _KIND_ASKED.search(query.normalized) is not None


def _object_fit(sentence: str, query: Query) -> float:
    """The sentence saying what the asked verb acts on (种的啥: 山葡萄种植已发展到3500亩;
    养的啥羊: 饲养的羊以…杂交品种为主); 0 when the question asks no such thing."""
    match = _OBJECT_ASKED.search(query.normalized)
    if match is None:
        return 0.0
    before = query.normalized[: match.start()]
    # (a single character there is a verb whatever the dictionary says: 学了啥)
    verb = next((t for t in query.terms if before.endswith(t.text)
                 and (len(t.text) == 1 or is_verb(t.text)
                      or any(is_verb(a) for a in t.alternatives))), None)
    if verb is None:
        return 0.0
    noun = match.group(1)
    forms = (verb.text, *verb.alternatives)
    if noun:
        ends = [m.end() for f in forms for m in re.finditer(re.escape(f), sentence)]
        if any(noun in sentence[e: e + OBJECT_NEAR + len(noun)] or _listed_object(sentence, e, noun)
               for e in ends):
            return 1.0
        return OBJECT_ELSEWHERE_FIT if ends and noun in sentence else 0.0
    # a one-character verb (种, 养) alone is too common inside other words: its synonyms
    if len(verb.text) == 1 and verb.alternatives:
        forms = verb.alternatives
    return 1.0 if any(f in sentence for f in forms) else 0.0


def definition_fit(sentence_norm: str, query: Query) -> float:
    """How well a sentence defines the topic: 'X是…' > '推行…X' > mentions X; lists score low."""
    word = query.subject
    if not word:
        return 0.0
    at = sentence_norm.find(word)
    if at < 0:
        # 共青团 defined under its full name (中国共产主义青年团是…): a curated synonym
        alternatives = next((t.alternatives for t in query.terms if t.text == word), ())
        at, word = next(((sentence_norm.find(a), a) for a in alternatives
                         if a in sentence_norm), (-1, word))
        if at < 0:
            return 0.0
    word = _as_asked(word, sentence_norm, at, query.normalized)
    after = sentence_norm[at + len(word): at + len(word) + 3].lstrip("”\"’'」")
    if after.startswith(("是", "即", "就是", "指", "意思", ",是", "，是")):
        return 1.0
    before = sentence_norm[max(0, at - 40): at]
    # The verb that introduces it stands in its own clause (开展…“比武争星”活动), not in
    # an earlier one (…分类开展竞赛，…让党组织在“比武争星”活动中…)
    clause_before = re.split(r"[，,；;。]", before)[-1]
    rest = sentence_norm[at + len(word):]
    kind_after = _KIND_AFTER.match(rest) is not None
    if _EVENT_AFTER.match(rest):
        return 0.5  # 比武争星大会, “比武争星”活动现场: an event of it, not what it is
    if rest[:1] in _CLOSING_QUOTES and _CJK_CHAR.match(rest[1:2]) and not kind_after:
        return 0.5  # “揭榜挂帅”联席会议: the name only qualifies another thing
    if _INTRODUCE.search(clause_before) or "为主要内容" in before or "以" in clause_before[-30:]:
        if kind_after and _PURPOSE.search(sentence_norm[:at]):
            return 1.0  # 为激发…，赤峰市开展“比武争星”活动: what it is and what it is for
        return 0.9 if kind_after else 0.8
    if kind_after:
        return 0.6
    return 0.4


def _as_asked(word: str, sentence_norm: str, at: int, question: str) -> str:
    """The subject as far as the sentence goes on the way the question did: 党日 of
    党日活动是啥 is 党日活动 in 党日活动是党内政治生活的重要内容."""
    start = question.find(word)
    if start < 0:
        return word
    asked, said = question[start + len(word):], sentence_norm[at + len(word):]
    common = 0
    while (common < min(len(asked), len(said)) and asked[common] == said[common]
           and _CJK_CHAR.match(asked[common])):
        common += 1
    return word + asked[:common] if common >= 2 else word


_ROLE_BEFORE = re.compile(rf"{_ROLE}\s?$")


_LABEL_BEFORE = re.compile(r"“[^”“]{2,10}”$")


def role_fit(sentence: str, person: str) -> float:
    """'X是谁' about a person: the sentence naming X with a role (局长李波) answers."""
    at = sentence.find(person)
    if at < 0:
        return 0.0
    if _ROLE_BEFORE.search(sentence[max(0, at - 8): at]) or _LABEL_BEFORE.search(
            sentence[max(0, at - 12): at]):
        return 1.0  # 局长李波, “红色小马甲”康建华
    after = sentence[at + len(person): at + len(person) + 2]
    return 0.8 if after.startswith(("是", "，是", "担任")) else 0.2


OTHER_UNIT_FIT = 0.4  # a count in another unit still answers (above MIN_SPAN_FIT)
OTHER_AMOUNT_FIT = 0.2  # below the span gate: 多少钱 is not answered by 60周岁
COUNTED_NEAR = 4  # characters between a quantity and the counted noun (党员1052人, 4个村)


def _noun_at(sentence: str, noun: str) -> list[Span]:
    """Where the counted noun is in the sentence."""
    return [(m.start(), m.end()) for m in re.finditer(re.escape(noun), sentence)]


def counted_quantities(sentence: str, query: Query) -> list[Span]:
    """Quantities right next to what the question counts (组建党员突击队4个, 76个嘎查村)."""
    at = [span for noun in query.counted_forms for span in _noun_at(sentence, noun)]
    found = quantities(sentence)

    def next_to(a: int, b: int, start: int, end: int) -> bool:
        # after the noun (党员1052人) or before it (76个嘎查村), within one clause; other
        # quantities in between do not count (24条236.5公里的道路: 24条 is of 道路 too)
        if a >= end and _counts_a_noun_of_its_own(sentence, b, query.counted_forms):
            return False  # 嘎查村6个层面: 6个 counts the 层面, not the 嘎查村
        lo, hi = (end, a) if a >= end else (b, start)
        between = sum(min(e, hi) - max(s, lo) for s, e in found if s < hi and e > lo)
        return (hi - lo - between <= COUNTED_NEAR
                and not CLAUSE_MARK.search(sentence[lo:hi]))

    return [(a, b) for a, b in found if any(next_to(a, b, s, e) for s, e in at)]


def _counts_a_noun_of_its_own(sentence: str, end: int, counted: tuple[str, ...]) -> bool:
    """A quantity followed by a noun (6个层面): it counts that noun."""
    after = sentence[end: end + 2]
    return (len(after) == 2 and _CJK_ONLY.fullmatch(after) is not None
            and after not in light_words() and not is_verb(after)
            and not any(after in form or form.startswith(after) for form in counted))


COUNTED_AHEAD = 10  # characters a counted noun may stand after its quantity's modifiers


def _counted_noun_ahead(sentence: str, end: int, counted: tuple[str, ...]) -> bool:
    """The counted noun further on in the quantity's phrase (2423名嘎查村（社区）书记)."""
    phrase = CLAUSE_MARK.split(sentence[end: end + COUNTED_AHEAD], maxsplit=1)[0]
    return any(form in phrase for form in counted)


OTHER_MEASURE_FIT = 0.5
# Units that measure an amount rather than count things: asked for alone (多少钱, 多大),
# any quantity in them answers in full (多少人 still prefers 累计…4万多人 to 2423名书记).
AMOUNT_UNITS = frozenset({"money", "area", "distance", "share", "temperature", "weight"})
# Units no quantity in another unit answers (a price, an age): not even in part.
MEASURE_ONLY_UNITS = AMOUNT_UNITS | {"age", "times", "duration"}


def _number_fit(sentence: str, query: Query) -> float:
    value = _counted_fit(sentence, query)
    if value < 1.0 and _ASKS_TOTAL.search(query.normalized) and _TOTAL.search(sentence):
        value = min(1.0, value + TOTAL_BONUS)  # 一共多少人: 累计…已达4万多人
    per = _PER_UNIT_ASKED.search(query.normalized)
    if per and query.unit is not None and query.unit.name == "money" and not re.search(
            rf"(?:每|均|/|一){per.group(1)}|{per.group(1)}均", sentence):
        return min(value, NOT_PER_UNIT_FIT)  # 一斤卖多少钱: 收入100万元 is no price a 斤
    if _ASKS_ONE_OCCASION.search(query.normalized) and _RUNNING_TOTAL.search(sentence):
        value = max(0.0, value - RUNNING_TOTAL_CUT)  # 那天来了多少人: not 自8月起已连续为62名
    return value


# 一共/总共 asks for a total; 累计, 已达, 共计 say one.
_ASKS_TOTAL = re.compile(r"一共|总共|共有|总计|累计|合计|加起来")
_TOTAL = re.compile(r"累计|已达|达到|共计|总计|合计|总数|一共|总共|共有|截至目前|目前已")
TOTAL_BONUS = 0.2
# 一斤 / 每只 … with 多少钱 asks a price or a gain per unit: only a sentence giving one per
# that unit (每只羊年收益292元, 亩均增收1000元) answers it.
NOT_PER_UNIT_FIT = 0.2  # below the span gate (MIN_SPAN_FIT 0.3): not answered
_PER_UNIT_ASKED = re.compile(
    r"(?:一|每)(斤|公斤|千克|个|只|头|件|张|瓶|箱|袋|吨|亩|人|户|份|顿|晚|碗)")
# 那天 / 那次 asks about one occasion; a running total over months is not its count.
RUNNING_TOTAL_CUT = 0.4
_ASKS_ONE_OCCASION = re.compile(r"那天|当天|那次|这次|那回|这回|那一天|现场")
_RUNNING_TOTAL = re.compile(r"累计|已连续|先后|自[^，。]{1,10}(?:起|以来)")


def _counted_fit(sentence: str, query: Query) -> float:
    """1 for a quantity next to the counted noun in the asked unit (76个嘎查村), or in an
    amount unit asked alone (多少钱: 873万元), 0.8 next to the noun in another
    unit (16名…嘎查村党组织书记), 0.7 in the asked unit elsewhere, else 0.4."""
    unit = query.unit.give if query.unit else None
    if query.counted and not any(_noun_at(sentence, form) for form in query.counted_forms):
        # 多少钱 / 电话多少: a count of something else answers nothing, unless the counted
        # word is an everyday one and the unit asked is there (多少户人家: 2012户)
        counted = next((t for t in query.terms if t.text == query.counted), None)
        everyday = counted is None or not counted.topical
        return 0.5 if everyday and unit is not None and quantities(sentence, unit) else 0.2
    near = counted_quantities(sentence, query)
    if near:
        in_unit = unit is None or any(unit.search(sentence[a:b]) for a, b in near)
        if in_unit:
            return 1.0
        # 多少条路 asks a count in 条: 19.5公里路面 is a length, not an answer in another
        # unit of the same count (16名…党组织书记 for 多少个书记)
        return OTHER_MEASURE_FIT if query.unit is not None and len(query.unit.name) == 1 else 0.8
    if (unit is not None and not query.counted and query.unit is not None
            and query.unit.name in AMOUNT_UNITS and quantities(sentence, unit)):
        return 1.0  # 花了多少钱: nothing counted but an amount (投资873万元)
    if not query.counted and _right_after_the_verb(sentence, query, unit):
        return 1.0  # 解决了多少: 解决了110多条, the count of what the verb did
    found = quantities(sentence, unit)
    if found and query.counted and all(
            _counts_a_noun_of_its_own(sentence, b, query.counted_forms)
            and not _counted_noun_ahead(sentence, b, query.counted_forms) for _, b in found):
        # 市直部门来了多少个: …市直部门、…嘎查村6个层面 counts the 层面, not the 部门
        # (2423名嘎查村（社区）书记 does count the 书记, further on)
        return OTHER_UNIT_FIT
    if unit is None or found:
        return 0.7
    if query.unit is not None and query.unit.name in MEASURE_ONLY_UNITS:
        return OTHER_AMOUNT_FIT  # 门票多少钱: 吸引游客11万余人 is no price; 多大岁数: 5000人
    return OTHER_UNIT_FIT  # a count in another unit than asked (多少个: 16名)


VERB_TO_COUNT = 2  # characters between the question's verb and its count (了, 约)
# one-character verbs that only link a count to its thing (有28个村, 是3个, 达到5000人)
_LINKING_VERBS = frozenset("有是在到给让为达占")


def _right_after_the_verb(sentence: str, query: Query, unit: re.Pattern[str] | None) -> bool:
    """A quantity right after a verb of the question (解决了110多条 for 解决了多少)."""
    # (a one-character verb too, at the end of the word before the count: 付 in 支付100块钱)
    verbs = [t.text for t in query.terms
             if is_verb(t.text) and (len(t.text) > 1 or t.text not in _LINKING_VERBS)]
    if not verbs:
        return False
    for a, _ in quantities(sentence, unit):
        before = sentence[max(0, a - VERB_TO_COUNT - 2): a]
        if any(before.endswith(v) or before[:-1].endswith(v) or before[:-2].endswith(v)
               for v in verbs):
            return True
    return False


LIST_MENTION_SHARE = 0.2  # a sentence naming the topic only as one item of a list
# Intents a list mention cannot answer (a where- or number-question may still be, by the
# place or the count in that sentence).
LIST_SENSITIVE = frozenset({"definition", "unknown", "yesno", "effect", "how", "where", "list"})


def fit(sentence: str, sentence_norm: str, query: Query, heading: str = "") -> float:
    """How well one sentence gives what the question's intent asks for (0..1).

    A sentence that names the topic only among others (甲、板凳议事会、乙等平台) says
    nothing about it in particular, whatever it holds."""
    value = _intent_fit(sentence, sentence_norm, query, heading)
    if (query.intent in LIST_SENSITIVE and query.topic is not None
            and is_list_mention(sentence_norm, query.topic.name)):
        value *= LIST_MENTION_SHARE
    return value


# Quoted speech: “…” holding a clause break or long (a quoted name, “铸牢中华民族共同体
# 意识”, says nothing), the opening or the close of a quote that runs over several
# sentences (…年底即可投产。”), or speech reported in the sentence (大家纷纷表示，…)
_QUOTE = re.compile(r"[“\"「][^”\"」]*[，。！？,!?；…][^”\"」]*[”\"」]|[“\"「][^”\"」]{16,}[”\"」]"
                    r"|^[“\"「]|[。！？!?…][”\"」]|(?:表示|说|认为|感慨|坦言)[，：:]"
                    r"|^我们?(?!国|区|市)")  # 我们村…: the first person speaks in a news text
# Only who said it (一位村民说。): the quote is the sentence before
_SAID_BY = re.compile(r"(?:说|表示|感慨|坦言|介绍|告诉记者)道?[。！]?$")
# Why: a cause (受…影响, 由于, 因为, 面临…困难, 针对…问题) or a purpose (为了…)
_CAUSE = re.compile(r"受[^，。]{1,12}影响|由于|因为|鉴于|面临|困难|难题|急难愁盼|问题突出"
                    r"|针对[^。]{2,30}问题")
_AIM = re.compile(r"为了|旨在|目的是|以解|以便|为[^，。]{2,12}(?:提供|解决)"
                  # 为全面落实…要求，教育引导…: a sentence opening with what it is for
                  r"|^[●◆★“\s]*为(?!主|期|人|民|此)[^，。；]{2,40}[，,]")
# 目的是啥, 图啥, 用意: what it is for, which the aim says rather than the cause
_ASKS_PURPOSE = re.compile(r"(?<!项)目的|图(?:啥|什么)|用意|意图|为了(?:啥|什么)")
PURPOSE_FIT = 0.6  # what for (以解燃眉之急) answers why less than the cause does
# Who holds a post (啥人当, 什么人担任): a clause appointing people to it answers it.
_HOLDER_ASKED = re.compile(r"(?:啥|什么|哪些)人(?:来)?(?:当|担任)")
_HOLDS_POST = re.compile(r"(?:由|聘任|聘请|选派|选聘|推选|选举)[^。，]{2,20}?(?:担任|出任|任)")
# Who chooses someone or a body (谁来选, 谁选出来的, 由谁产生): a 由…选举产生 clause answers it.
_CHOSEN_BY_ASKED = re.compile(r"(?:由)?谁(?:来)?(?:选|推选|选举|推举|产生)|" + HOW_WORD + "产生")
_CHOSEN_BY = re.compile(r"由[^。，]{2,20}?(?:选举|推选|推举|选出|产生)")
# Who approves (报谁批, 谁来审批, 向谁请示): a body that approves or is reported to.
_APPROVER_ASKED = re.compile(r"报谁|谁(?:来)?(?:批|审批|批准|审核|同意)|向谁(?:报|汇报|请示)")
_APPROVED_BY = re.compile(r"(?:报|经|由|向)[^。，]{1,12}?(?:批准|审批|审核|同意|备案|汇报|请示)")
# Who something is made of (谁组成的, 由哪些人组成): a 由…组成 clause answers it.
_MADE_OF_ASKED = re.compile(r"(?:由|是)?(?:谁|哪些人|什么人|啥人)(?:组成|构成|组建)")
_MADE_OF = re.compile(r"由[^。，]{2,30}?(?:组成|构成)")
# Who something is for (针对谁, 面向哪些人): a group of people answers it.
_FOR_WHOM = re.compile(r"(?:针对|面向|服务于?|惠及|照顾)(?:的是)?(?:谁|哪些人|什么人|啥人"
                       r"|(?:啥|什么|哪些|哪类)(?:人群|群体|对象))"
                       r"|(?:给|为)谁(?:搞|办|弄|开展|服务)")
_GROUP = re.compile(r"(?:年轻|青年|老年|基层|党员|领导|村|社区)?(?:干部|党员|群众|居民|村民|牧民"
                    r"|农民|老人|老年人|青年|学生|儿童|孩子|少年|妇女|职工|游客|困难群体|残疾人)")
# Who takes part (都谁来评, 谁参加, 哪些人参与): several people or groups are asked for.
_TAKING_PART_ASKED = re.compile(r"都(?:是)?谁|(?:谁|哪些人|什么人|啥人)(?:来|会)?"
                                r"(?:评|参加|参与|出席|打分|监督|投票|表决|议)")
REASON_OTHER_FIT = 0.3
SPEECH_OTHER_FIT = 0.2  # what someone said is not answered by a sentence nobody says
SAID_BY_FIT = 0.5


def _done_by(sentence: str, query: Query) -> bool:
    """A 由…(代)养 clause: the sentence says who does what the who question asks about."""
    action = query.agent_action
    if action is None:
        return False
    forms = "|".join(re.escape(f) for f in (action.text, *action.alternatives))
    # (由企业代管代养: the body, then how it does it, then the verb)
    return re.search(rf"由[^，。,；;]{{1,14}}?(?:{forms})", sentence) is not None


def _method_fit(sentence: str, query: Query, heading: str) -> float:
    """How far a sentence says how something is done (how questions)."""
    methods = [m for m in _METHOD.finditer(sentence)
               if not _introduces_topic(sentence, m.end(), query)]
    if any(not _introduces_topic(sentence, m.end(), query)
           for m in _NAMED_METHOD.finditer(sentence)):
        return 1.0  # 通过“订单农业”模式, 为了让留守老人…，拓展了“亲情连线功能”
    if methods or is_a_step(sentence):
        # (专家授课,典型分享;小组讨论,交流感悟……: the steps themselves, one by one)
        return FRAMING_METHOD_FIT
    if _METHOD.search(heading):
        return UNDER_METHOD_HEADING_FIT  # a section about how, but not this sentence
    # 实施“强基工程”: the verb that introduces the topic says that it was done, not how
    return INTRODUCTION_FIT if _METHOD.search(sentence) else 0.0


def _intent_fit(sentence: str, sentence_norm: str, query: Query, heading: str) -> float:
    intent = query.intent
    if query.reason and _ASKS_PURPOSE.search(query.normalized):
        return 1.0 if _AIM.search(sentence) else (
            PURPOSE_FIT if _CAUSE.search(sentence) else REASON_OTHER_FIT)
    if query.reason:
        # 为啥要送水: 受持续高温影响…面临人畜饮水困难 says why; 为了… says what for
        if _CAUSE.search(sentence):
            return 1.0
        return PURPOSE_FIT if _AIM.search(sentence) else REASON_OTHER_FIT
    if query.speech:
        if _QUOTE.search(sentence):
            return 1.0
        return SAID_BY_FIT if _SAID_BY.search(sentence) else SPEECH_OTHER_FIT
    if intent == "yesno" and _ASKS_ANYONE.search(query.normalized):
        # 谁都能揭榜吗: who may, which 不限职务、不限年龄 or 凡是…均可 says
        return 1.0 if _ELIGIBLE.search(sentence) else NOT_ELIGIBILITY_FIT
    if intent == "yesno":
        # yes or no: the sentence holding what is asked about the topic (苏珊是不是90后:
        # 90后, not 苏珊) says which
        return predicate_share(sentence_norm, query)
    if intent == "definition" and _ASKS_THEME.search(query.normalized):
        # 讲的啥题目: 以“中华民族一家亲 同心共筑中国梦”为题
        return 1.0 if _THEME.search(sentence) else THEMELESS_FIT
    if intent == "definition" or intent == "unknown":
        return max(definition_fit(sentence_norm, query), _object_fit(sentence, query))
    if intent == "who" and query.named_thing:
        # 两个教育基地叫啥名: the names the sentence gives them
        if thing_names(sentence, query.named_thing):
            return 1.0
        return UNQUOTED_NAME_FIT if _unquoted_name(sentence, query.named_thing) else (
            NAMELESS_THING_FIT)
    if query.person and intent in ("who", "list"):
        return role_fit(sentence, query.subject)
    if intent == "who" and _HOLDER_ASKED.search(query.normalized):
        # 书记都是啥人当: 聘任社区党员工作者担任… says who holds the post
        return 1.0 if _HOLDS_POST.search(sentence) else 0.2
    if intent == "who" and _APPROVER_ASKED.search(query.normalized):
        # 书记选出来要报谁批: 应报上级党组织批准 names who approves (not who the 书记 is)
        return 1.0 if _APPROVED_BY.search(sentence) else 0.2
    if intent == "who" and _CHOSEN_BY_ASKED.search(query.normalized):
        # 支部委员会谁来选: 由党员大会选举产生 says who chooses it
        return 1.0 if _CHOSEN_BY.search(sentence) else 0.2
    if intent == "who" and _MADE_OF_ASKED.search(query.normalized):
        # 宣讲团是谁组成的: 由青年民警和讲解员组成的宣讲团 says who it is made of
        return 1.0 if _MADE_OF.search(sentence) else 0.2
    if intent == "who" and _FOR_WHOM.search(query.normalized) and _GROUP.search(sentence):
        return 1.0  # 雏雁行动针对谁: 年轻干部“雏雁”行动, a group of people, not a name
    if intent == "who" and query.topic is not None and (
            named_after(sentence, query.topic.name)
            or (_CALLED.search(sentence) and query.topic.name in sentence
                and _called_name(sentence, query.topic.name) and people(sentence))):
        return 1.0  # 红色小马甲叫啥 / 党课星主播是谁: the person the label names
    if intent == "who" and _CALLED.search(sentence) and any(
            _called_name_holds(sentence, t.text) for t in query.terms
            if t.known and t.topical and len(t.text) >= 2) and people(sentence):
        return 1.0  # 星主播叫啥名: 赵会红…被大家亲切地称为“党课星主播”
    if intent == "who" and query.role and not _BODY_ASKED.search(query.normalized):
        # 书记是谁: the role with a name after it (党委书记李晓静); another role is no answer
        # (哪个派出所的民警 asks for the station, not for an officer's name)
        roles = (query.role, *ROLE_ALIASES.get(query.role, ()))
        named = any(r in sentence[a:b] for a, b in people(sentence) for r in roles) or any(
            r in sentence[m.end(): m.end() + 6] for m in _APPOINTED.finditer(sentence)
            for r in roles)
        return 1.0 if named else 0.2
    if intent == "where" and _ASKS_ORIGIN.search(query.normalized):
        # 籍贯是哪里, 是哪里人: where someone comes from, which only a birthplace says
        return 1.0 if _ORIGIN.search(sentence) else 0.0
    if intent == "when" and _ASKS_GENERATION.search(query.normalized):
        # 几零后: a 90后 answers, a date of something done does not
        return 1.0 if _GENERATION.search(sentence) else 0.0
    if intent == "where" and _ASKS_ROAD.search(query.normalized):
        # 在哪条路上: a road's or a street's name (…路, 和平街) answers, a building's does not
        return 1.0 if _ROAD.search(sentence) else ROADLESS_FIT
    if intent == "who" and _done_by(sentence, query):
        return 1.0  # 羊谁养: 丧失劳动能力的农户由企业代管代养 says who, with no name
    if intent in ("number", "when", "where", "who"):
        spans = answer_spans(sentence, query)
        if not spans:
            # 都谁来评: who takes part may be groups of people (个人评、群众评), no names
            return 1.0 if (intent == "who" and _TAKING_PART_ASKED.search(query.normalized)
                           and _GROUP.search(sentence)) else 0.0
        if intent == "number":
            return _number_fit(sentence, query)
        if intent == "who" and _unnamed_person_asked(sentence, query, spans):
            return UNNAMED_PERSON_FIT
        if intent == "when" and _ASKS_WEEKDAY.search(query.normalized) and not any(
                _WEEKDAY.search(sentence[a:b]) for a, b in spans):
            return 0.0  # 每周几开: a weekday answers it, 日前 does not
        if intent == "when" and _ASKS_CLOCK.search(query.normalized) and not any(
                _CLOCK.search(sentence[a:b]) for a, b in spans):
            return 0.0  # 几点开门: a time of day answers it, 2018年 does not
        if intent == "when" and _ASKS_YEAR.search(query.normalized) and not any(
                _YEAR.search(sentence[a:b]) for a, b in spans):
            return YEARLESS_FIT  # 哪年开始的: a year answers it, 每周二 does not
        if intent == "when" and _ASKS_START.search(query.normalized) and not any(
                _starts_at(sentence, a, b) for a, b in spans):
            return UNSTARTED_FIT  # 从啥时候开始的: 自今年8月起 says it, 12月份 less
        if intent == "when" and not specific_dates(sentence):
            if (not _ASKS_DATE.search(query.normalized)
                    and not _ASKS_END.search(query.normalized)
                    and any(sentence[a:b] not in _DATELINE for a, b in spans)):
                # 啥时候: 仲冬时节 and 今年以来 / 前几天 say when, as far as the article does
                # (not when it ends: 今年以来 says when it began; 近日 and 日前 open every
                # report and say nothing)
                return SEASON_FIT
            return 0.2  # 近日 says when, but not what 哪天 or 哪年 asks
        if (intent == "who" and _ASKS_WHO_TOLD.search(query.normalized)
                and any(_TOLD_AFTER.match(sentence, b) for _, b in spans)):
            return 1.0
        action = query.agent_action
        if action is not None and not any(
                form in sentence_norm for form in (action.text, *action.alternatives)):
            # 育苗基地是谁投的: the one the sentence names did something else (介绍)
            return AGENT_ELSEWHERE_FIT
        if (_ASKS_PERSONAL_ACT.search(query.normalized)
                and not any(_surnamed(m) for m in _PERSON.finditer(sentence))):
            # 讲座谁讲的: a person speaks; 讲座在乌海市科技局举行 names only where
            return BODY_FOR_PERSON_FIT
        body = _BODY_ASKED.search(query.normalized) if intent == "who" else None
        if body is not None:
            # 哪个所去救的: a 派出所 answers, a 支队 named nearby does not quite
            wanted = body.group(1) or body.group(2) or body.group(3)
            if wanted in _FIRMS:
                # 哪家物业, 公司是哪家: a firm by its name (蒙康物业公司), not 物业公司
                return 1.0 if any(_named_firm(sentence[a:b]) for a, b in spans) else (
                    UNNAMED_COMPANY_FIT)
            return 1.0 if any(sentence[a:b].endswith(wanted) or (
                sentence.find(wanted, a, b) > a and _COMPANY_END.search(sentence[a:b]))
                or (wanted in ("公司", "企业") and _NAMED_COMPANY.search(sentence[a:b]))
                for a, b in spans) else 0.6 if body.group(1) else UNNAMED_COMPANY_FIT
        venue = _VENUE_KIND_ASKED.search(query.normalized) if intent == "where" else None
        if venue is not None:  # 哪个基地: a 基地 answers, a town less
            return 1.0 if any(sentence[a:b].endswith(venue.group(1)) for a, b in spans) else 0.6
        kind = _KIND_ASKED.search(query.normalized) if intent == "where" else None
        if kind is not None:
            # 在哪个街道: a 街道 answers, a 小区 or a city does not quite (a chain of places
            # holding one does: 玉泉区兴隆巷街道清源社区)
            wanted = kind.group(1)
            return 1.0 if any(wanted in sentence[a:b] for a, b in spans) else 0.6
        if intent == "where" and _ASKS_ROUTE.search(query.normalized):
            return 1.0 if _ROUTE.search(sentence) else ROUTELESS_FIT
        if intent == "where" and _FROM_WHERE.search(query.normalized):
            # 从哪儿选: the pool they come from (从辖区内低收入群体中选聘), not a town
            return 1.0 if _DRAWN_FROM.search(sentence) else 0.6
        # (the asked-about place itself says nothing of where it is: 明星村以明星湖旅游
        # 度假区为依托 names no town 明星村 lies in)
        asked = [t.text for t in query.terms if len(t.text) > 1]
        if intent == "where" and not any(is_admin_place(_without(sentence[a:b], asked).strip())
                                         for a, b in spans):
            if _GOES_TO.search(query.normalized) and any(
                    _VENUE.fullmatch(sentence[a:b]) for a, b in spans):
                return 1.0  # 到哪些地方宣传: where people go are squares and markets
            if _HELD_ASKED.search(query.normalized) and any(
                    _names_a_spot(sentence[a:b], asked) for a, b in spans):
                return 1.0  # 述职会在哪开的: the room it was held in (党政大楼会议室里)
            if _SITE_ASKED.search(query.normalized) and any(
                    _VENUE.fullmatch(sentence[a:b]) for a, b in spans):
                return 1.0  # 哪儿是宣传主阵地: 把村部广场当成宣传主阵地
            scene = _SCENE_ASKED.search(query.normalized)
            if scene is not None and any(
                    len(t.text) > 1 and query.normalized.find(t.text, scene.start()) >= 0
                    and t.found_in(sentence_norm, frozenset()) for t in query.terms):
                return 1.0  # 在哪儿忙着装箱: the room where the sentence has them do it
            return 0.6  # a building or a square answers less than a town does
        return 1.0
    if intent == "how" and _CHOSEN_BY_ASKED.search(query.normalized):
        # 党委是咋产生的: 由党员大会选举产生 says how, as for 谁来选
        return 1.0 if _CHOSEN_BY.search(sentence) else 0.2
    if intent == "how" and _ASKS_CONTINGENCY.search(query.normalized):
        if _CONSEQUENCE.search(sentence):
            return 1.0
        return UNCONDITIONED_METHOD_SHARE * _method_fit(sentence, query, heading)
    if intent == "how":
        return _method_fit(sentence, query, heading)
    if intent == "effect":
        return _effect_fit(sentence, _ASKS_BENEFIT.search(query.normalized) is not None)
    if intent == "list":
        if _ENUMERATION.search(sentence):
            return 1.0
        return SHORT_ENUMERATION_FIT if _SHORT_ENUMERATION.search(sentence) else 0.0
    return 0.0
