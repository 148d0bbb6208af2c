"""The curated license database in licenses/: entries, their texts and their clause-cited terms."""

from licscan.database.loader import Database, DatabaseError, data_dir, load_database

__all__ = ["Database", "DatabaseError", "data_dir", "load_database"]
