"""A fake TikTok: enough state to act like the API, plus scripted answers for tests.

It keeps accounts, rotating tokens, publish ids, uploaded bytes and statuses, so tests
assert on what "TikTok" ended up holding (which videos were posted, how many times),
not on which methods were called. ``fail_next`` queues errors for a method. It keeps the
same contract as the HTTP client on the sandbox (tests/contracts/tiktok_api_contract.py).
"""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter, defaultdict, deque
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import UTC, datetime
from urllib.parse import urlencode

import attrs

from application.errors import TikTokApiError
from application.ports import InitResult, TikTokVideo, TokenGrant, UserProfile, VideoPage
from application.ports.tiktok import ProgressCallback, VideoSourceSpec
from domain.chunk_plan import ChunkPlan
from domain.creator import CreatorInfo
from domain.post_content import PrivacyLevel, PublishMethod, VideoSource
from domain.publish_status import PublishStatusReport, TikTokPublishStatus
from domain.secret import Secret
from domain.social_post import SocialPost
from domain.tiktok_errors import ErrorSource, classify

ACCESS_LIFETIME = 86_400
REFRESH_LIFETIME = 31_536_000
SCOPES = "user.info.basic,user.info.profile,user.info.stats,video.list,video.publish,video.upload"
PUBLIC_ACCOUNT_OPTIONS = (
    PrivacyLevel.PUBLIC_TO_EVERYONE,
    PrivacyLevel.MUTUAL_FOLLOW_FRIENDS,
    PrivacyLevel.SELF_ONLY,
)
PRIVATE_ACCOUNT_OPTIONS = (
    PrivacyLevel.FOLLOWER_OF_CREATOR,
    PrivacyLevel.MUTUAL_FOLLOW_FRIENDS,
    PrivacyLevel.SELF_ONLY,
)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def api_error(
    code: str, source: ErrorSource = ErrorSource.API, http_status: int | None = None
) -> TikTokApiError:
    return TikTokApiError(
        classify(source, code, log_id=f"fake-log-{code}"), http_status=http_status
    )


def default_creator(username: str = "creator", *, private: bool = False) -> CreatorInfo:
    """A creator as TikTok describes one: a public account's privacy options by default."""
    return CreatorInfo(
        username=username,
        nickname=username.title(),
        avatar_url="",
        privacy_level_options=PRIVATE_ACCOUNT_OPTIONS if private else PUBLIC_ACCOUNT_OPTIONS,
        comment_disabled=False,
        duet_disabled=private,  # TikTok forces these for private accounts
        stitch_disabled=private,
        max_video_post_duration_sec=600,
    )


@attrs.define
class FakeAccount:
    open_id: str
    username: str
    creator: CreatorInfo
    followers: int = 100


@attrs.define
class Publication:
    """One publish id: what was asked, what arrived, and where it stands."""

    publish_id: str
    open_id: str
    post_id: str
    method: PublishMethod
    source: VideoSource
    plan: ChunkPlan | None
    uploaded: bytearray = attrs.Factory(bytearray)
    status: TikTokPublishStatus = TikTokPublishStatus.PROCESSING_UPLOAD
    post_ids: tuple[str, ...] = ()
    caption: str = ""
    public: bool = False  # PUBLIC_TO_EVERYONE: gets a public post id and is listed
    is_photo: bool = False
    fail_reason: str | None = None


@attrs.define
class FakeTikTokApi:
    accounts: dict[str, FakeAccount] = attrs.Factory(dict)
    publications: dict[str, Publication] = attrs.Factory(dict)
    videos: dict[str, list[TikTokVideo]] = attrs.Factory(lambda: defaultdict(list))
    codes: dict[str, str] = attrs.field(factory=dict, repr=False)
    access_tokens: dict[str, str] = attrs.field(factory=dict, repr=False)
    refresh_tokens: dict[str, str] = attrs.field(factory=dict, repr=False)
    revoked: set[str] = attrs.Factory(set)
    failures: dict[str, deque[TikTokApiError]] = attrs.Factory(lambda: defaultdict(deque))
    status_script: dict[str, deque[PublishStatusReport]] = attrs.Factory(lambda: defaultdict(deque))
    calls: Counter[str] = attrs.Factory(Counter)  # how often each method was called
    latency_s: float = 0.0  # how long a token refresh takes
    window_wait_s: float = 0.0  # what init_wait_s answers (a full rate window when > 0)
    # Calls that take effect and then lose their answer (the line drops after TikTok acted).
    lost_answers: dict[str, deque[TikTokApiError]] = attrs.Factory(lambda: defaultdict(deque))
    now: Callable[[], datetime] = attrs.field(factory=lambda: _utcnow, repr=False)
    _seq: itertools.count[int] = attrs.field(factory=lambda: itertools.count(1))

    # ---- set-up used by tests ---------------------------------------------------

    def add_account(
        self, open_id: str, username: str | None = None, creator: CreatorInfo | None = None
    ) -> FakeAccount:
        name = username or f"user_{open_id}"
        account = FakeAccount(open_id, name, creator or default_creator(name))
        self.accounts[open_id] = account
        return account

    def issue_code(self, open_id: str) -> str:
        code = f"code-{next(self._seq)}"
        self.codes[code] = open_id
        return code

    def fail_next(self, method: str, *errors: TikTokApiError) -> None:
        self.failures[method].extend(errors)

    def lose_answer_next(self, method: str, *errors: TikTokApiError) -> None:
        """The next calls take effect at TikTok, then raise ``errors`` (timeouts, 5xx)."""
        self.lost_answers[method].extend(errors)

    def _answer(self, method: str, result: InitResult) -> InitResult:
        if self.lost_answers[method]:
            raise self.lost_answers[method].popleft()
        return result

    def script_status(self, *reports: PublishStatusReport) -> None:
        for report in reports:
            self.status_script[report.publish_id].append(report)

    def posted_videos(self, open_id: str) -> list[Publication]:
        return [
            p
            for p in self.publications.values()
            if p.open_id == open_id and p.status is TikTokPublishStatus.PUBLISH_COMPLETE
        ]

    # ---- OAuth ------------------------------------------------------------------

    def authorize_url(
        self,
        *,
        state: str,
        redirect_uri: str,
        scopes: Sequence[str],
        code_challenge: str | None = None,
    ) -> str:
        query = {
            "client_key": "fake",
            "response_type": "code",
            "scope": ",".join(scopes),
            "redirect_uri": redirect_uri,
            "state": state,
        }
        if code_challenge:
            query |= {"code_challenge": code_challenge, "code_challenge_method": "S256"}
        return "https://fake.tiktok.test/v2/auth/authorize/?" + urlencode(query)

    async def exchange_code(
        self, *, code: str, redirect_uri: str, code_verifier: str | None = None
    ) -> TokenGrant:
        self._maybe_fail("exchange_code")
        open_id = self.codes.pop(code, None)
        if open_id is None:
            raise api_error("invalid_grant", ErrorSource.OAUTH, 400)
        return self._grant(open_id)

    async def refresh(self, refresh_token: Secret) -> TokenGrant:
        self._maybe_fail("refresh")
        if self.latency_s:
            await asyncio.sleep(self.latency_s)
        open_id = self.refresh_tokens.pop(refresh_token.reveal(), None)
        if open_id is None:
            raise api_error("invalid_grant", ErrorSource.OAUTH, 400)
        return self._grant(open_id)

    async def revoke(self, access_token: Secret) -> None:
        self._maybe_fail("revoke")
        open_id = self.access_tokens.pop(access_token.reveal(), None)
        if open_id is not None:
            self.revoked.add(open_id)
            for token, owner in list(self.refresh_tokens.items()):
                if owner == open_id:
                    del self.refresh_tokens[token]

    def _grant(self, open_id: str) -> TokenGrant:
        n = next(self._seq)
        access, refresh = f"act.{open_id}.{n}", f"rft.{open_id}.{n}"
        self.access_tokens[access] = open_id
        self.refresh_tokens[refresh] = open_id
        return TokenGrant(access, refresh, ACCESS_LIFETIME, REFRESH_LIFETIME, open_id, SCOPES)

    def _owner(self, method: str, token: Secret) -> FakeAccount:
        self._maybe_fail(method)
        open_id = self.access_tokens.get(token.reveal())
        if open_id is None or open_id not in self.accounts:
            raise api_error("access_token_invalid", http_status=401)
        return self.accounts[open_id]

    def _maybe_fail(self, method: str) -> None:
        self.calls[method] += 1
        if self.failures[method]:
            raise self.failures[method].popleft()

    # ---- profile ----------------------------------------------------------------

    async def user_info(self, access_token: Secret, *, scopes: frozenset[str]) -> UserProfile:
        account = self._owner("user_info", access_token)
        profile, stats = "user.info.profile" in scopes, "user.info.stats" in scopes
        return UserProfile(
            open_id=account.open_id,
            display_name=account.creator.nickname,
            username=account.username if profile else None,
            follower_count=account.followers if stats else None,
            video_count=len(self.videos[account.open_id]) if stats else None,
        )

    async def creator_info(
        self, access_token: Secret, *, max_wait_s: float | None = None
    ) -> CreatorInfo:
        return self._owner("creator_info", access_token).creator

    # ---- publishing -------------------------------------------------------------

    async def init_video(
        self, access_token: Secret, *, post: SocialPost, source: VideoSourceSpec
    ) -> InitResult:
        account = self._owner("init_video", access_token)
        self._check_privacy(account, post)
        return self._answer(
            "init_video", self._publication(account, post, source.source, source.plan)
        )

    def _check_privacy(self, account: FakeAccount, post: SocialPost) -> None:
        """Direct Post: the privacy must be one the creator offers (TikTok answers 403)."""
        if post.settings.publish_method is PublishMethod.INBOX:
            return
        if post.settings.privacy_level not in account.creator.privacy_level_options:
            raise api_error("privacy_level_option_mismatch", http_status=403)

    async def init_wait_s(self, access_token: Secret, *, post: SocialPost) -> float:
        return self.window_wait_s

    async def init_photos(
        self, access_token: Secret, *, post: SocialPost, photo_urls: Sequence[str]
    ) -> InitResult:
        account = self._owner("init_photos", access_token)
        self._check_privacy(account, post)
        result = self._publication(account, post, VideoSource.PULL_FROM_URL, None, photo=True)
        self._finish(self.publications[result.publish_id])
        return self._answer("init_photos", result)

    def _publication(
        self,
        account: FakeAccount,
        post: SocialPost,
        source: VideoSource,
        plan: ChunkPlan | None,
        *,
        photo: bool = False,
    ) -> InitResult:
        n = next(self._seq)
        method = post.settings.publish_method
        publish_id = _publish_id(n, photo=photo, inbox=method is PublishMethod.INBOX, source=source)
        pub = Publication(
            publish_id,
            account.open_id,
            post.id,
            method,
            source,
            plan,
            caption=post.content.caption or post.content.title,
            public=post.settings.privacy_level is PrivacyLevel.PUBLIC_TO_EVERYONE,
            is_photo=photo,
        )
        self.publications[publish_id] = pub
        if source is VideoSource.FILE_UPLOAD:
            return InitResult(publish_id, f"https://fake-upload.tiktok.test/{publish_id}")
        pub.status = TikTokPublishStatus.PROCESSING_DOWNLOAD
        self._finish(pub)
        return InitResult(publish_id)

    async def upload(
        self,
        upload_url: str,
        *,
        plan: ChunkPlan,
        read_range: Callable[[int, int], AsyncIterator[bytes]],
        content_type: str,
        progress: ProgressCallback | None = None,
    ) -> None:
        pub = self.publications[upload_url.rsplit("/", 1)[1]]
        for byte_range in plan.ranges:
            self._maybe_fail("upload")
            async for block in read_range(byte_range.first, byte_range.last):
                pub.uploaded.extend(block)
            if progress is not None:
                progress(len(pub.uploaded))
        if len(pub.uploaded) != plan.video_size:
            raise api_error("400", ErrorSource.UPLOAD, 400)
        self._finish(pub)

    def _finish(self, pub: Publication) -> None:
        if pub.method is PublishMethod.INBOX:
            pub.status = TikTokPublishStatus.SEND_TO_USER_INBOX
            return
        pub.status = TikTokPublishStatus.PUBLISH_COMPLETE
        if not pub.public:  # public ids and listings are for public posts only
            return
        video_id = str(7_000_000_000_000_000_000 + next(self._seq))
        pub.post_ids = (video_id,)
        username = self.accounts[pub.open_id].username
        self.videos[pub.open_id].insert(
            0,
            TikTokVideo(  # newest first, as TikTok lists
                video_id,
                create_time=int(self.now().timestamp()),
                title=pub.caption[:150],
                video_description=pub.caption[:150],
                share_url=f"https://www.tiktok.com/@{username}/video/{video_id}",
            ),
        )

    async def fetch_status(self, access_token: Secret, publish_id: str) -> PublishStatusReport:
        account = self._owner("fetch_status", access_token)
        if self.status_script[publish_id]:
            return self.status_script[publish_id].popleft()
        pub = self._owned(account, publish_id)
        return PublishStatusReport(
            publish_id,
            pub.status,
            fail_reason=pub.fail_reason,
            public_post_ids=pub.post_ids,
            uploaded_bytes=len(pub.uploaded),
        )

    def _owned(self, account: FakeAccount, publish_id: str) -> Publication:
        pub = self.publications.get(publish_id)
        if pub is None:
            raise api_error("invalid_publish_id", http_status=400)
        if pub.open_id != account.open_id:
            raise api_error("token_not_authorized_for_specified_publish_id", http_status=400)
        return pub

    async def cancel(self, access_token: Secret, publish_id: str) -> None:
        """Best effort, as TikTok: only a download still in progress can be cancelled."""
        pub = self._owned(self._owner("cancel", access_token), publish_id)
        if pub.status is not TikTokPublishStatus.PROCESSING_DOWNLOAD:
            raise api_error("publish_not_cancellable", http_status=400)
        pub.status, pub.fail_reason = TikTokPublishStatus.FAILED, "publish_cancelled"

    # ---- videos -----------------------------------------------------------------

    async def list_videos(
        self, access_token: Secret, *, cursor: int | None = None, max_count: int = 20
    ) -> VideoPage:
        account = self._owner("list_videos", access_token)
        videos = self.videos[account.open_id]
        start = cursor or 0
        page = tuple(videos[start : start + max_count])
        more = start + max_count < len(videos)
        return VideoPage(page, start + len(page) if more else None, more)

    async def query_videos(
        self, access_token: Secret, video_ids: Sequence[str]
    ) -> Sequence[TikTokVideo]:
        account = self._owner("query_videos", access_token)
        wanted = set(video_ids)
        return [v for v in self.videos[account.open_id] if v.id in wanted]


def _publish_id(n: int, *, photo: bool, inbox: bool, source: VideoSource) -> str:
    """TikTok's shapes: v_pub_file~v2-1.N, v_pub_url~v2.N, v_inbox_file~v2.N, p_pub_url~v2.N..."""
    kind = ("p_" if photo else "v_") + ("inbox" if inbox else "pub")
    medium = "file" if source is VideoSource.FILE_UPLOAD else "url"
    version = "v2-1" if (kind, medium) == ("v_pub", "file") else "v2"
    return f"{kind}_{medium}~{version}.{n}"
