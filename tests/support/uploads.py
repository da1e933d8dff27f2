"""An article as an admin uploads it (Markdown with a front matter), shared by the
upload tests of the unit and e2e layers."""

from __future__ import annotations

GOOD_ARTICLE = """---
title: 云端议事厅让村民线上议事
column: 基层来信
byline: 通讯员 测试
---
某某旗今年推出“云端议事厅”，村民通过手机参与村务讨论，已累计议定事项136件。

“云端议事厅”由村党支部书记担任召集人，每月组织一次线上议事。
""".encode()
