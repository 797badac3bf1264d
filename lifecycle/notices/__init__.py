"""整改通知: numbered notices with a deadline, closed by re-inspection or 撤牌 [Y12]."""
