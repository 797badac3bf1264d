"""上海工匠 selection [G]: the yearly call, eligibility, the five stages and the title it grants."""
