"""The builders of each drafted document, by the file name the catalogue gives it."""
