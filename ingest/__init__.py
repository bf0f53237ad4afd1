"""Getting public prosecution reports into corpus/ with provenance: manual imports and scrapers."""
