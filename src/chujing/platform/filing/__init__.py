"""Filing cases: the bundle of an assessment as a zip, and each material's progress."""
