"""Demo data that makes the product explorable, loaded through the real services."""

from lifecycle.demo.loader import demo_size, load_demo
from lifecycle.demo.summary import DemoSummary, KindCounts

__all__ = ["DemoSummary", "KindCounts", "demo_size", "load_demo"]
