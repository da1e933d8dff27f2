"""Word lists shared by question understanding and answer spans (regular expressions)."""

from __future__ import annotations

import re

# How a question asks "how" (咋产生, 怎样产生, 如何产生): one list for every pattern.
HOW_WORD = r"(?:咋|怎么|怎样|如何)"

# Roles that stand before a person's name in the articles (党委书记李晓静, 局长李波).
ROLE = (r"(?:党委书记|党总支书记|党支部书记|第一书记|书记|主任|副主任|队长|副队长|部长"
         r"|党员中心户|中心户|护边员|调解员|信息员|联络员|指导员|辅导员|管理员|处长|科长|镇长|乡长"
         r"|旗长|县长|市长|村长|嘎查长"
         r"|副部长|所长|局长|站长|主席|馆长|校长|组长|负责人|民警|居民|村民|志愿者|党员|领队|专家"
         r"|讲解员|宣讲员|护士|医生|老师|教师|大队长|支队长|政委|常务副部长|经理|理事长|会长|网格员"
         r"|楼栋长|委员|支书|村支书|社长|院长|厂长|董事长|总经理|主播|记者|通讯员)")
ROLE_WORD = re.compile(ROLE)
# Posts someone is appointed to (书记, 局长, 护边员), not the groups people belong to
# (居民, 党员, 民警, 专家): after one of these, even a name with no surname is a name.
LEADER_ROLE = (r"(?:党委书记|党总支书记|党支部书记|第一书记|书记|支书|村支书|主任|副主任|队长"
               r"|副队长|大队长|支队长|部长|副部长|常务副部长|处长|科长|镇长|乡长|旗长|县长|市长"
               r"|村长|嘎查长|所长|局长|站长|馆长|校长|院长|厂长|社长|组长|主席|政委|经理|总经理"
               r"|董事长|理事长|会长|领队|护边员|网格员|中心户|楼栋长)")
# A role right before the end of a text: the text ends just before a name.
ROLE_BEFORE_NAME = re.compile(ROLE + r"\s?$")

# What a role asked in a question is called in the articles (支书 -> 党支部书记).
ROLE_ALIASES = {"支书": ("支部书记", "总支书记"), "村支书": ("支部书记", "总支书记"),
                "村主任": ("主任",),
                "所长": ("所长",), "老师": ("教师",),
                # how people ask for whoever runs a company or a unit
                "管事的": ("负责人", "董事长", "总经理", "经理"),
                "老板": ("负责人", "董事长", "总经理", "经理"),
                "头儿": ("负责人", "书记", "主任", "队长", "所长"),
                "一把手": ("书记", "负责人", "局长", "主任", "所长", "队长"),
                "带头人": ("书记", "负责人", "带头人"),
                "带队": ("领队", "带队")}
# Roles as people ask for them; not words of the articles (so not in ROLE).
ROLE_ASKED = "(?:" + ROLE + r"|管事的|老板|头儿|一把手|带头人|带队)"
# Members of a body, named like roles in the articles (合作社社员董国说) but no post a
# question asks for (谁给牧民讲: the 牧民 are not who is asked).
ROLE_OR_MEMBER = ROLE[:-1] + r"|社员|队员|牧民|学员|职工)"

# A person named after a role in the articles: 党委书记李晓静说, 局长李波“揭榜挂帅”.
# What follows a name in running text (…刘冠中信心满满, 李波“揭榜挂帅”).
NAME_FOLLOWER_CHAR = (r"[说介绍表示告诉耐坦手带领请正在也就还和与等的为对向把将是站坐走来到去拿看笑"
                      r"自激感有"  # 王景江自豪地说, 赵树峰感慨道, 郝三文有些着急了
                      r"指讲回每从信以通沿"  # 局长史国辉以“…”为题, 书记赵会红通过
                      r"边，。：“、,；;（(]")  # 居民李怀祥边听边激动地说
NAME_FOLLOWER = "(?=" + NAME_FOLLOWER_CHAR + "|高兴)"  # 老党员董和高高兴地说
NAME_AFTER_ROLE = re.compile(ROLE_OR_MEMBER + r"\s?([\u4e00-\u9fff]{2,3}?)" + NAME_FOLLOWER)
# Mongolian names written in Chinese characters (乌仁图雅, 布仁巴雅尔, 额尔敦): no surname
# first, so after a role they are told by the characters such names are spelt with.
MONGOLIAN_NAME_CHARS = frozenset("乌仁图雅布巴尔其木格苏日娜额敦赫朝鲁吉达赉孟和那顺宝音德力"
                                 "阿拉坦塔斯琴高娃萨满都哈扎特古根呼毕勒吐纳钦沁敖希泰包")
MONGOLIAN_NAME = "[" + "".join(sorted(MONGOLIAN_NAME_CHARS)) + "]{3,5}"
# Such a name ends where those characters do (布仁巴雅尔定期…, 巴特朝格图沿…): these
# characters rarely run three in a row otherwise, so any next character ends it.
MONGOLIAN_NAME_END = "(?![" + "".join(sorted(MONGOLIAN_NAME_CHARS)) + "])"
NAME_AFTER_ROLE_MONGOLIAN = re.compile(ROLE + r"\s?(" + MONGOLIAN_NAME + ")" + MONGOLIAN_NAME_END)
# A person named after the label they go by: “红色小马甲”康建华赞不绝口.
NAME_AFTER_LABEL = re.compile(
    r"“[^”“]{2,10}”([\u4e00-\u9fff]{2,3}?)(?:(?=赞)|" + NAME_FOLLOWER + ")")

# The common Chinese surnames (about 230, covering nearly everyone): a word after a role
# is taken for a name only when it starts with one (书记高雪芹, not 党员群众).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
    "邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左"
    "柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈"
    "饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵"
    "苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南"
    "班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿"
    "国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯")
