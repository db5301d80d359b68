"""Placeholder (replaced by the CI work): inline suppression comments."""
def apply_suppressions(result) -> None: pass
def apply_per_path_ignores(result, settings) -> None: pass
