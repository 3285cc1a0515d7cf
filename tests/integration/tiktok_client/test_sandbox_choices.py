"""Our client works whichever way the sandbox answers where TikTok's docs are silent."""

from __future__ import annotations

import pytest

from adapters.memory.object_storage import MemoryObjectStorage
from adapters.sandbox.settings import UnknownFields, UploadAnswerBody
from adapters.tiktok.client import TikTokHttpClient
from domain.publish_status import TikTokPublishStatus
from domain.secret import Secret
from tests.integration.sandbox.harness import Tik
from tests.integration.tiktok_client.conftest import ALL, connect
from tests.integration.tiktok_client.test_posting import upload_post


@pytest.mark.parametrize("body", list(UploadAnswerBody))
async def test_uploads_whatever_the_answer_body(
    tik: Tik, client: TikTokHttpClient, storage: MemoryObjectStorage, body: UploadAnswerBody
) -> None:
    tik.settings.upload_answer_body = body
    token = Secret((await connect(tik, client)).access_token)
    publish_id = await upload_post(tik, client, storage, "multi", token)
    await tik.settle()
    report = await client.fetch_status(token, publish_id)
    assert report.status is TikTokPublishStatus.PUBLISH_COMPLETE


@pytest.mark.parametrize("unknown", list(UnknownFields))
async def test_asks_only_documented_user_fields(
    tik: Tik, client: TikTokHttpClient, unknown: UnknownFields
) -> None:
    tik.settings.unknown_fields = unknown
    token = Secret((await connect(tik, client)).access_token)
    profile = await client.user_info(token, scopes=frozenset(ALL))
    assert profile.username == "sandbox_brand" and profile.follower_count == 1200
