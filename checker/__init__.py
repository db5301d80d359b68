"""zgcheck — a checker for Chinese rectification-progress notices (巡视/巡察整改进展情况的通报)."""

__version__ = "0.1.0"
