"""`rawi serve`: run the web app with uvicorn (the coordinator wires this into rawi/cli.py)."""
from __future__ import annotations

import os
from typing import Optional


def serve_cmd(db: Optional[str], host: str = "127.0.0.1", port: int = 8000, token: Optional[str] = None) -> None:
    """Serve the API and pages. ``db`` defaults to $RAWI_DB or the Store's default SQLite file;
    ``token`` (or $RAWI_TOKEN) enables writes; $RAWI_TILES_URL sets map tiles;
    $RAWI_READ_TOKEN=1 makes reads need the token too."""
    import uvicorn

    from .app import create_app

    app = create_app(
        db,
        token=token,
        read_token_required=os.environ.get("RAWI_READ_TOKEN", "").lower() in ("1", "true", "yes"),
    )
    if host not in ("127.0.0.1", "localhost", "::1") and not (token or os.environ.get("RAWI_TOKEN")):
        print(f"rawi serve: listening on {host} without a token: reads are open, writes are disabled.")
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)
