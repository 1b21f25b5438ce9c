"""Keys for development and demo machines, generated once and kept under var/.

Only ever called when HAVEN_ENV is development or demo (settings). Production, and a machine
whose HAVEN_ENV is missing or wrong, never generates keys: production takes every key from the
environment and refuses to start without them.
"""

import base64
import json
import os
import secrets
import tempfile
from pathlib import Path


def _new_fernet_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


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
