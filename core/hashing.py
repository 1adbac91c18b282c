"""SHA-256 digests of what users upload."""

import hashlib


def upload_sha256(upload) -> str:
    """The SHA-256 of an uploaded file, read in chunks from its start; left at its start."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
