"""Qt item models: thin adapters over the document's current project."""
