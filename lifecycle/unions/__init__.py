"""The union hierarchy: 市总工会 → 区局工会 → 行业/街镇/直属工会 → 基层单位工会."""
