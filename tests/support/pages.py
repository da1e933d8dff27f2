"""Invented newspaper pages shared by parser tests."""

# Two articles. The section 书香 满街巷, laid out after the first, opens with the end
# ("月活动，…") of the sentence the second article leaves open ("…开展“全民读书").
APPLES_AND_BOOKS = (
        "红山村苹果丰收\n\n□本报记者 甲\n\n"
        "果园里的苹果熟了，红山村的果农忙着采摘苹果，合作社收购苹果。\n\n"
        "红山村合作社帮助果农销售苹果，苹果卖到了外地，果农增收。\n\n"
        "书香 满街巷\n\n"
        "月活动，北湖街道图书馆组织居民读书，图书馆里坐满了读书的居民。\n\n"
        "北湖街道图书馆还开设了少儿读书角，居民借书读书更方便。\n\n"
        "◎专栏\n\n□本报记者 乙\n\n"
        "北湖街道图书馆今年新进图书三千册，居民读书热情高涨。\n\n"
        "今年以来，北湖街道在各社区开展“全民读书"
)
