"""Keys for development and demo machines, generated once and kept under var/.

Production never calls this: it takes every key from the environment (see settings).
"""

import base64
import json
import os
import secrets
from pathlib import Path


def _new_fernet_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def load_or_create_local_keys(path: Path) -> dict:
    if path.exists():
        return json.loads(path.read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = {
        "secret_key": secrets.token_urlsafe(50),
        "field_keys": [_new_fernet_key()],
        "blind_index_key": secrets.token_urlsafe(32),
    }
    # Created readable by the owner only; written atomically so two processes starting at once
    # cannot leave a half-written file.
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(keys, handle, indent=2)
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return json.loads(path.read_text())
