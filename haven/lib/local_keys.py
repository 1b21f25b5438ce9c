"""Keys for development and demo machines, generated once and kept under var/.

Production never generates keys: it takes every key from the environment (see settings), and
refuses to start without them.
"""

import base64
import json
import os
import secrets
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet


def _new_fernet_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def invalid_field_key_positions(keys: list[str]) -> list[int]:
    """Positions (from 1) of the keys that are not Fernet keys, so start-up can name them
    rather than fail at the first read of a case."""
    invalid = []
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except ValueError:
            invalid.append(position)
    return invalid


def load_or_create_local_keys(path: Path) -> dict:
    if path.exists():
        # The file may have been copied with looser permissions: it holds every key.
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
        return json.loads(path.read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = {
        "secret_key": secrets.token_urlsafe(50),
        "field_keys": [_new_fernet_key()],
        "blind_index_key": secrets.token_urlsafe(32),
    }
    # mkstemp creates a file only its owner can read, under a name no other process shares;
    # linking it into place fails if another process got there first, and then we read theirs.
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".local-keys-", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w") as handle:
            json.dump(keys, handle, indent=2)
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return json.loads(path.read_text())
