"""Building the SQLite database from the annotated corpus, and publishing it with Datasette."""
