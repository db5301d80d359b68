"""Placeholder progress bar (replaced by the reports work)."""
class Progress:
    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled = total, enabled
    def __enter__(self): return self
    def __exit__(self, *exc): return False
    def advance(self, n: int = 1) -> None: pass
