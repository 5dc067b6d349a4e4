"""Grade notebooks as students really write them: no template, no metadata."""
