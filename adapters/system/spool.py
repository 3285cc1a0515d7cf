"""A hashed-file spool: in memory up to a few megabytes, then a temporary file.

Only hashed identifiers are ever written here (never a raw customer file).
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator

IN_MEMORY_UP_TO = 8 * 1024 * 1024
READ_BLOCK = 1024 * 1024


class TempFileSpool:
    def __init__(self) -> None:
        self._file = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_UP_TO)  # noqa: SIM115
        self._size = 0

    def write(self, data: bytes) -> None:
        self._file.write(data)
        self._size += len(data)

    @property
    def size(self) -> int:
        return self._size

    async def chunks(self) -> AsyncIterator[bytes]:
        self._file.seek(0)
        while block := self._file.read(READ_BLOCK):
            yield block

    def close(self) -> None:
        self._file.close()
