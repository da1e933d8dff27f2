"""Word lists shared by question understanding and answer spans (regular expressions)."""

from __future__ import annotations

import re

# Roles that stand before a person's name in the articles (党委书记李晓静, 局长李波).
ROLE = (r"(?:党委书记|党总支书记|党支部书记|第一书记|书记|主任|副主任|队长|副队长|部长"
         r"|副部长|所长|局长|站长|主席|馆长|校长|组长|负责人|民警|居民|村民|志愿者|党员|领队|专家"
         r"|讲解员|宣讲员|护士|医生|老师|教师|大队长|支队长|政委|常务副部长|经理|理事长|会长|网格员"
         r"|楼栋长|委员|支书|村支书|社长|院长|厂长|董事长|总经理|主播|记者|通讯员)")
# A role right before the end of a text: the text ends just before a name.
ROLE_BEFORE_NAME = re.compile(ROLE + r"\s?$")

# What a role asked in a question is called in the articles (支书 -> 党支部书记).
ROLE_ALIASES = {"支书": ("支部书记",), "村支书": ("支部书记",), "村主任": ("主任",),
                "所长": ("所长",), "老师": ("教师",)}
