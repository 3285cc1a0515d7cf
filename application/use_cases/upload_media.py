"""Store a file in the organisation's own media prefix (HTTP upload and CLI alike)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs

from application.ports import IdGenerator, ObjectInfo, ObjectStorage
from domain.errors import raise_if_any
from domain.media_key import MediaKey, upload_name_violations


@attrs.frozen
class UploadMedia:
    storage: ObjectStorage
    ids: IdGenerator

    async def __call__(
        self,
        *,
        organisation_id: str,
        name: str,
        path: Path,
        content_type: str,
        progress: Callable[[int], None] | None = None,
    ) -> ObjectInfo:
        raise_if_any(upload_name_violations(name))
        key = MediaKey.for_upload(
            organisation_id=organisation_id, unique=self.ids.new_id(), name=name
        )
        return await self.storage.put_file(key.value, path, content_type, progress)
