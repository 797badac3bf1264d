"""The 附件3 management change request: leader change, exit keeping the title, or 摘牌 [C]."""
