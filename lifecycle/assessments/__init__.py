"""Shanghai annual 考核: unit union step, district union step, city decision on 摘牌 [S9]."""
