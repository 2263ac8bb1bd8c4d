"""``python -m rawi.corpus ingest|search|claims|sources|export`` (same as the ``rawi`` commands)."""
from .cli import main

main()
