"""The curated license database in licenses/: entries, their texts and their clause-cited terms."""

from licscan.database.loader import Database, DatabaseError, load_database
from licscan.paths import data_dir

__all__ = ["Database", "DatabaseError", "data_dir", "load_database"]
