"""The contract every UnitOfWork adapter keeps. Subclass and provide ``uow_factory``.

Run against the in-memory adapter now and the Postgres adapter later: the same tests, so
the fake cannot drift from the real thing.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import attrs
import pytest

from application.errors import Conflict, NotFound
from application.ports import AlertKey, NearbyPosts, PostFilter, UnitOfWorkFactory
from domain.api_key import ApiKey
from domain.insights import ChannelInsight, CompletionTrend, Figure, VideoSnapshot
from domain.metrics import AccountSnapshot
from domain.oauth_state import OAuthState
from domain.post_content import PostContent, PostSettings, PrivacyLevel, PublishMethod
from domain.post_state import ManualReason, PostStatus
from domain.tiktok_errors import ErrorSource, classify
from tests.builders import LATER, T0, channel, post_in, video_post

S = PostStatus


async def add_channel(uow_factory: UnitOfWorkFactory, **kw: object):  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        stored = await uow.channels.add(channel(**kw))  # type: ignore[arg-type]
        await uow.commit()
    return stored


async def add_post(uow_factory: UnitOfWorkFactory, post):  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        stored = await uow.posts.add(post)
        await uow.commit()
    return stored


class UnitOfWorkContract:
    @pytest.fixture
    def uow_factory(self) -> UnitOfWorkFactory:
        raise NotImplementedError

    # ---- posts ------------------------------------------------------------------

    async def test_post_round_trip_keeps_everything(self, uow_factory: UnitOfWorkFactory) -> None:
        await add_channel(uow_factory)
        post = post_in(S.PUBLISHING).record_publish_id(publish_id="pub-1", now=LATER)
        stored = await add_post(uow_factory, post)
        assert stored.version == 1
        async with uow_factory() as uow:
            loaded = await uow.posts.get(post.id)
        assert loaded == attrs.evolve(post, version=1)
        assert [e.name for e in loaded.events] == [e.name for e in post.events]

    async def test_a_sent_back_draft_and_a_chosen_manual_post_round_trip(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        await add_channel(uow_factory)
        sent_back = post_in(S.DRAFT).send_back(sent_back_by="Cleo", comment="Shorter", now=LATER)
        stored = await add_post(uow_factory, sent_back)
        async with uow_factory() as uow:
            loaded = await uow.posts.get(stored.id)
            assert loaded.events[-1] == sent_back.events[-1]
            manual = loaded.move_to_manual(reason=ManualReason.CHOSEN, now=LATER)
            await uow.posts.save(manual)
            await uow.commit()
        async with uow_factory() as uow:
            assert (await uow.posts.get(stored.id)).manual_reason is ManualReason.CHOSEN

    async def test_a_save_stores_just_the_events_new_since_the_load(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        await add_channel(uow_factory)
        stored = await add_post(uow_factory, post_in(S.CLIENT_APPROVED))
        assert stored.new_events == ()
        async with uow_factory() as uow:
            loaded = await uow.posts.get(stored.id)
            assert loaded.new_events == ()
            scheduled = loaded.publish_now(now=LATER)
            assert [e.name for e in scheduled.new_events] == ["PublishRequested"]
            saved = await uow.posts.save(scheduled)
            assert saved.new_events == ()
            started = saved.start_publishing(attempt=1, now=LATER)
            await uow.posts.save(started)  # a second save in the same unit of work
            await uow.commit()
        async with uow_factory() as uow:
            again = await uow.posts.get(stored.id)
        names = [e.name for e in again.events]
        assert names == [*(e.name for e in stored.events), "PublishRequested", "PublishingStarted"]
        assert again.new_events == ()

    async def test_count_near_counts_the_channels_posts_against_the_caps(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        await add_channel(uow_factory)
        await add_channel(uow_factory, channel_id="c2", open_id="open-2")
        inbox = PostSettings(
            privacy_level=PrivacyLevel.SELF_ONLY, publish_method=PublishMethod.INBOX
        )
        at = LATER + timedelta(days=1)
        posts = [
            video_post("near", now=T0),  # direct, within the window
            video_post("far", now=T0),  # direct, two days later
            video_post("inbox-near", settings=inbox, now=T0),
            video_post("other-channel", channel_id="c2", now=T0),
            video_post("self", now=T0),  # the post being scheduled: not counted
        ]
        when = {"far": at + timedelta(days=2)}
        for post in posts:
            approved = post.approve(approved_by="a", now=T0)
            await add_post(uow_factory, approved.schedule(at=when.get(post.id, at), now=T0))
        sent = post_in(S.PUBLISHING, post=video_post("in-inbox", settings=inbox, now=T0))
        sent = sent.record_publish_id(publish_id="pub-inbox", now=T0).mark_sent_to_inbox(now=T0)
        await add_post(uow_factory, sent)
        async with uow_factory() as uow:
            direct = NearbyPosts("c1", at, timedelta(hours=24), inbox=False, excluding="self")
            assert await uow.posts.count_near(direct) == 1
            waiting = NearbyPosts("c1", at, timedelta(hours=24), inbox=True, excluding="self")
            assert await uow.posts.count_near(waiting) == 2  # scheduled near + in the inbox
            assert await uow.posts.app_cap_until(now=T0) is None

    async def test_app_cap_until_is_the_latest_cap_deferral_ahead(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        await add_channel(uow_factory)
        cap = classify(ErrorSource.API, "reached_active_user_cap")
        until = LATER + timedelta(hours=24)
        for post_id, retry_at in (("a", until - timedelta(hours=1)), ("b", until)):
            started = post_in(S.PUBLISHING, post=video_post(post_id, now=T0))
            await add_post(uow_factory, started.defer_attempt(error=cap, retry_at=retry_at, now=T0))
        async with uow_factory() as uow:
            assert await uow.posts.app_cap_until(now=LATER) == until
            assert await uow.posts.app_cap_until(now=until) is None

    async def test_uncommitted_work_is_rolled_back(self, uow_factory: UnitOfWorkFactory) -> None:
        await add_channel(uow_factory)
        async with uow_factory() as uow:
            await uow.posts.add(video_post())
        async with uow_factory() as uow:
            with pytest.raises(NotFound):
                await uow.posts.get("p1")

    async def test_a_unit_of_work_sees_its_own_writes(self, uow_factory: UnitOfWorkFactory) -> None:
        await add_channel(uow_factory)
        async with uow_factory() as uow:
            await uow.posts.add(video_post())
            assert (await uow.posts.get("p1")).status is S.DRAFT

    async def test_stale_saves_conflict(self, uow_factory: UnitOfWorkFactory) -> None:
        await add_channel(uow_factory)
        stored = await add_post(uow_factory, video_post())
        async with uow_factory() as uow:
            await uow.posts.save(stored.approve(approved_by="a", now=LATER))
            await uow.commit()
        with pytest.raises(Conflict):
            async with uow_factory() as uow:
                await uow.posts.save(stored.edit(content=PostContent(caption="x"), now=LATER))
                await uow.commit()
        async with uow_factory() as uow:
            assert (await uow.posts.get("p1")).status is S.CLIENT_APPROVED

    async def test_duplicate_post_id_conflicts(self, uow_factory: UnitOfWorkFactory) -> None:
        await add_channel(uow_factory)
        await add_post(uow_factory, video_post())
        with pytest.raises(Conflict):
            await add_post(uow_factory, video_post())

    async def test_missing_post_is_not_found(self, uow_factory: UnitOfWorkFactory) -> None:
        async with uow_factory() as uow:
            with pytest.raises(NotFound):
                await uow.posts.get("nope")

    async def test_list_filters_and_pages(self, uow_factory: UnitOfWorkFactory) -> None:
        await add_channel(uow_factory)
        for i in range(5):
            post = video_post(f"p{i}", now=T0 + timedelta(minutes=i))
            if i % 2:
                post = post.approve(approved_by="a", now=T0)
            await add_post(uow_factory, post)
        async with uow_factory() as uow:
            drafts = await uow.posts.list(PostFilter("org1", status=S.DRAFT))
            first = await uow.posts.list(PostFilter("org1", limit=2))
            rest = await uow.posts.list(PostFilter("org1", limit=10, after_id=first[-1].id))
            other = await uow.posts.list(PostFilter("org2"))
        assert [p.id for p in drafts] == ["p0", "p2", "p4"]
        assert [p.id for p in first] + [p.id for p in rest] == [f"p{i}" for i in range(5)]
        assert other == []

    async def test_a_cursor_from_another_organisation_is_an_unknown_cursor(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        await add_channel(uow_factory)
        await add_channel(uow_factory, channel_id="c2", open_id="open-2", organisation_id="org2")
        await add_post(uow_factory, video_post("theirs", now=T0))
        for i in range(3):
            mine = video_post(
                f"q{i}", channel_id="c2", organisation_id="org2", now=T0 + timedelta(minutes=i)
            )
            await add_post(uow_factory, mine)
        async with uow_factory() as uow:
            foreign = await uow.posts.list(PostFilter("org2", after_id="theirs"))
            unknown = await uow.posts.list(PostFilter("org2", after_id="no-such-post"))
            own = await uow.posts.list(PostFilter("org2", after_id="q0"))
        assert [p.id for p in foreign] == [p.id for p in unknown]
        assert [p.id for p in own] == ["q1", "q2"]

    async def test_find_by_publish_id(self, uow_factory: UnitOfWorkFactory) -> None:
        await add_channel(uow_factory)
        post = post_in(S.PUBLISHING).record_publish_id(publish_id="pub-7", now=LATER)
        await add_post(uow_factory, post)
        async with uow_factory() as uow:
            found = await uow.posts.find_by_publish_id("pub-7")
            missing = await uow.posts.find_by_publish_id("pub-8")
        assert found is not None and found.id == post.id and missing is None

    # ---- claiming ---------------------------------------------------------------

    async def test_claim_due_leases_each_post_to_one_worker(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        await add_channel(uow_factory)
        await add_post(uow_factory, post_in(S.SCHEDULED, post=video_post("due")))
        later = post_in(S.CLIENT_APPROVED, post=video_post("later")).schedule(
            at=LATER + timedelta(days=1), now=T0
        )
        await add_post(uow_factory, later)
        lease = timedelta(minutes=5)
        async with uow_factory() as uow:
            first = await uow.posts.claim_due(now=LATER, worker_id="w1", lease_for=lease, limit=10)
            await uow.commit()
        async with uow_factory() as uow:
            second = await uow.posts.claim_due(now=LATER, worker_id="w2", lease_for=lease, limit=10)
            await uow.commit()
        assert list(first) == ["due"] and list(second) == []
        async with uow_factory() as uow:
            again = await uow.posts.claim_due(
                now=LATER + lease + timedelta(seconds=1), worker_id="w2", lease_for=lease, limit=10
            )
            await uow.commit()
        assert list(again) == ["due"]  # the lease lapsed

    async def test_a_claim_takes_a_channels_due_posts_together(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        await add_channel(uow_factory)
        await add_channel(uow_factory, channel_id="c2", open_id="open-2")
        for n, (pid, cid) in enumerate(
            (("a1", "c1"), ("b1", "c2"), ("a2", "c1"), ("b2", "c2"), ("a3", "c1"))
        ):
            await add_post(
                uow_factory,
                post_in(S.CLIENT_APPROVED, post=video_post(pid, channel_id=cid)).schedule(
                    at=LATER + timedelta(seconds=n), now=T0
                ),
            )
        lease = timedelta(minutes=5)
        async with uow_factory() as uow:
            first = await uow.posts.claim_due(
                now=LATER + timedelta(minutes=1), worker_id="w1", lease_for=lease, limit=3
            )
            await uow.commit()
        async with uow_factory() as uow:
            rest = await uow.posts.claim_due(
                now=LATER + timedelta(minutes=1), worker_id="w1", lease_for=lease, limit=3
            )
            await uow.commit()
        assert list(first) == ["a1", "a2", "a3"]  # channel c1 first: its posts together
        assert list(rest) == ["b1", "b2"]

    async def test_concurrent_claims_never_overlap(self, uow_factory: UnitOfWorkFactory) -> None:
        await add_channel(uow_factory)
        for i in range(20):
            await add_post(uow_factory, post_in(S.SCHEDULED, post=video_post(f"p{i:02d}")))

        async def claim(worker: str) -> list[str]:
            async with uow_factory() as uow:
                got = await uow.posts.claim_due(
                    now=LATER, worker_id=worker, lease_for=timedelta(minutes=5), limit=7
                )
                await uow.commit()
            return list(got)

        results = await asyncio.gather(*(claim(f"w{i}") for i in range(4)))
        claimed = [pid for ids in results for pid in ids]
        assert len(claimed) == len(set(claimed)) == 20

    async def test_released_posts_can_be_claimed_again(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        await add_channel(uow_factory)
        await add_post(uow_factory, post_in(S.SCHEDULED))
        async with uow_factory() as uow:
            await uow.posts.claim_due(
                now=LATER, worker_id="w1", lease_for=timedelta(minutes=5), limit=1
            )
            await uow.commit()
        async with uow_factory() as uow:
            await uow.posts.release("p1", "w2")  # not w2's lease: no effect
            await uow.commit()
        async with uow_factory() as uow:
            assert (
                await uow.posts.claim_due(
                    now=LATER, worker_id="w2", lease_for=timedelta(minutes=5), limit=1
                )
                == []
            )
            await uow.posts.release("p1", "w1")
            await uow.commit()
        async with uow_factory() as uow:
            got = await uow.posts.claim_due(
                now=LATER, worker_id="w2", lease_for=timedelta(minutes=5), limit=1
            )
        assert list(got) == ["p1"]

    async def test_a_publishing_post_whose_lease_lapsed_is_reclaimed(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        await add_channel(uow_factory)
        stored = await add_post(uow_factory, post_in(S.SCHEDULED))
        async with uow_factory() as uow:
            (_claimed,) = await uow.posts.claim_due(
                now=LATER, worker_id="w1", lease_for=timedelta(minutes=5), limit=1
            )
            await uow.posts.save(stored.start_publishing(attempt=1, now=LATER))
            await uow.commit()
        # w1 dies without releasing; after the lease, another worker recovers the post.
        async with uow_factory() as uow:
            early = await uow.posts.reclaim_lapsed(
                now=LATER + timedelta(minutes=4),
                worker_id="w2",
                lease_for=timedelta(minutes=5),
                limit=5,
            )
            not_due = await uow.posts.claim_due(
                now=LATER + timedelta(minutes=6),
                worker_id="w2",
                lease_for=timedelta(minutes=5),
                limit=5,
            )
            got = await uow.posts.reclaim_lapsed(
                now=LATER + timedelta(minutes=6),
                worker_id="w2",
                lease_for=timedelta(minutes=5),
                limit=5,
            )
        assert list(early) == [] and list(not_due) == []
        assert list(got) == ["p1"]
        async with uow_factory() as uow:
            assert (await uow.posts.get("p1")).status is S.PUBLISHING

    async def test_a_lease_kept_while_working_is_not_reclaimed(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        await add_channel(uow_factory)
        stored = await add_post(uow_factory, post_in(S.SCHEDULED))
        async with uow_factory() as uow:
            await uow.posts.claim_due(
                now=LATER, worker_id="w1", lease_for=timedelta(minutes=5), limit=1
            )
            await uow.posts.save(stored.start_publishing(attempt=1, now=LATER))
            await uow.commit()
        # w1 is still working 4 minutes in: it renews its lease for 5 more minutes.
        async with uow_factory() as uow:
            kept = await uow.posts.extend_lease("p1", "w1", LATER + timedelta(minutes=9))
            stranger = await uow.posts.extend_lease("p1", "w2", LATER + timedelta(minutes=20))
            await uow.commit()
        assert (kept, stranger) == (True, False)
        async with uow_factory() as uow:
            at_six = await uow.posts.reclaim_lapsed(
                now=LATER + timedelta(minutes=6),
                worker_id="w2",
                lease_for=timedelta(minutes=5),
                limit=5,
            )
            at_ten = await uow.posts.reclaim_lapsed(
                now=LATER + timedelta(minutes=10),
                worker_id="w2",
                lease_for=timedelta(minutes=5),
                limit=5,
            )
            await uow.commit()
        assert list(at_six) == [] and list(at_ten) == ["p1"]
        async with uow_factory() as uow:  # w2 holds it now: w1 learns it must stop
            assert not await uow.posts.extend_lease("p1", "w1", LATER + timedelta(minutes=30))

    async def test_a_channel_busy_with_another_worker_waits(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        await add_channel(uow_factory)
        await add_channel(uow_factory, channel_id="c2", open_id="open-2")
        first = await add_post(uow_factory, post_in(S.SCHEDULED, post=video_post("a1")))
        await add_post(uow_factory, post_in(S.SCHEDULED, post=video_post("a2")))
        await add_post(uow_factory, post_in(S.SCHEDULED, post=video_post("b1", channel_id="c2")))
        lease = timedelta(minutes=5)
        async with uow_factory() as uow:
            assert list(
                await uow.posts.claim_due(now=LATER, worker_id="w1", lease_for=lease, limit=1)
            ) == ["a1"]
            await uow.posts.save(first.start_publishing(attempt=1, now=LATER))
            await uow.commit()
        async with uow_factory() as uow:
            other = await uow.posts.claim_due(now=LATER, worker_id="w2", lease_for=lease, limit=10)
            await uow.commit()
        async with uow_factory() as uow:
            same = await uow.posts.claim_due(now=LATER, worker_id="w1", lease_for=lease, limit=10)
        assert list(other) == ["b1"] and list(same) == ["a2"]

    async def test_due_for_tracking(self, uow_factory: UnitOfWorkFactory) -> None:
        await add_channel(uow_factory)
        base = post_in(S.PUBLISHING).record_publish_id(publish_id="pub-1", now=LATER)
        await add_post(uow_factory, base.check_status_at(LATER))
        await add_post(
            uow_factory,
            attrs.evolve(
                post_in(S.PUBLISHING, post=video_post("p2")).record_publish_id(
                    publish_id="pub-2", now=LATER
                ),
                next_attempt_at=LATER + timedelta(hours=1),
            ),
        )
        await add_post(
            uow_factory,
            post_in(S.PUBLISHING, post=video_post("p3"))
            .record_publish_id(publish_id="pub-3", now=LATER)
            .check_status_at(LATER)
            .flag_unconfirmed(now=LATER),
        )
        async with uow_factory() as uow:
            due = await uow.posts.due_for_tracking(now=LATER, limit=10)
        assert [p.id for p in due] == ["p1"]

    # ---- channels ---------------------------------------------------------------

    async def test_channel_round_trip_and_lookup(self, uow_factory: UnitOfWorkFactory) -> None:
        stored = await add_channel(uow_factory)
        async with uow_factory() as uow:
            loaded = await uow.channels.get("c1")
            by_open_id = await uow.channels.find_by_open_id("org1", "open-1")
            elsewhere = await uow.channels.find_by_open_id("org2", "open-1")
            listed = await uow.channels.list("org1")
        assert loaded == stored and loaded.version == 1
        assert loaded.tokens is not None and loaded.tokens.access_token.reveal() == "act.1"
        assert by_open_id == stored and elsewhere is None and listed == [stored]

    async def test_one_tiktok_account_per_organisation(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        await add_channel(uow_factory)
        with pytest.raises(Conflict):
            await add_channel(uow_factory, channel_id="c2")
        other = await add_channel(uow_factory, channel_id="c3", organisation_id="org2")
        async with uow_factory() as uow:
            both = await uow.channels.with_open_id("open-1")
        assert sorted(c.id for c in both) == ["c1", other.id]

    async def test_needing_refresh(self, uow_factory: UnitOfWorkFactory) -> None:
        await add_channel(uow_factory)
        await add_channel(
            uow_factory, channel_id="c2", open_id="open-2", now=T0 + timedelta(hours=12)
        )
        async with uow_factory() as uow:
            soon = await uow.channels.needing_refresh(before=T0 + timedelta(hours=25))
            expired = (await uow.channels.get("c1")).expire(reason="x", now=LATER)
            await uow.channels.save(expired)
            await uow.commit()
        async with uow_factory() as uow:
            after = await uow.channels.needing_refresh(before=T0 + timedelta(days=2))
        assert [c.id for c in soon] == ["c1"] and [c.id for c in after] == ["c2"]
        async with uow_factory() as uow:
            assert [c.id for c in await uow.channels.connected()] == ["c2"]

    async def test_stale_channel_saves_conflict(self, uow_factory: UnitOfWorkFactory) -> None:
        stored = await add_channel(uow_factory)
        async with uow_factory() as uow:
            await uow.channels.save(stored.expire(reason="a", now=LATER))
            await uow.commit()
        with pytest.raises(Conflict):
            async with uow_factory() as uow:
                await uow.channels.save(stored.disconnect(now=LATER))
                await uow.commit()

    async def test_get_for_update_serialises_holders(self, uow_factory: UnitOfWorkFactory) -> None:
        await add_channel(uow_factory)
        order: list[str] = []

        async def hold(name: str, pause: float) -> None:
            async with uow_factory() as uow:
                await uow.channels.get_for_update("c1")
                order.append(f"{name}+")
                await asyncio.sleep(pause)
                order.append(f"{name}-")
                await uow.commit()

        first = asyncio.create_task(hold("a", 0.05))
        await asyncio.sleep(0.01)
        await asyncio.gather(first, hold("b", 0))
        assert order == ["a+", "a-", "b+", "b-"]

    # ---- oauth states, metrics, insights, webhook log -----------------------------

    async def test_oauth_state_is_taken_once(self, uow_factory: UnitOfWorkFactory) -> None:
        state = OAuthState.issue(
            state="st-1",
            organisation_id="org1",
            redirect_uri="https://app/cb",
            return_url="/x",
            now=T0,
        )
        async with uow_factory() as uow:
            await uow.oauth_states.add(state)
            await uow.commit()
        async with uow_factory() as uow:
            taken = await uow.oauth_states.take("st-1")
            await uow.commit()
        async with uow_factory() as uow:
            again = await uow.oauth_states.take("st-1")
        assert taken == state and again is None

    async def test_metrics_snapshots(self, uow_factory: UnitOfWorkFactory) -> None:
        await add_channel(uow_factory)
        old = VideoSnapshot("c1", "v1", T0 - timedelta(days=100), T0, "#a", 5, 1, 0, 0)
        new = VideoSnapshot(
            "c1",
            "v2",
            T0 - timedelta(days=1),
            T0,
            "#b",
            50,
            3,
            1,
            1,
            duration_s=12.5,
            completion_rate=0.5,
        )
        account = AccountSnapshot("c1", T0, 10, 2, 30, 4)
        async with uow_factory() as uow:
            await uow.metrics.add_video_snapshots([old, new])
            await uow.metrics.add_account_snapshot(account)
            await uow.commit()
        async with uow_factory() as uow:
            recent = await uow.metrics.video_snapshots("c1", since=T0 - timedelta(days=90))
            accounts = await uow.metrics.account_snapshots("c1", since=T0 - timedelta(days=1))
        assert list(recent) == [new] and list(accounts) == [account]

    async def test_latest_insight(self, uow_factory: UnitOfWorkFactory) -> None:
        await add_channel(uow_factory)

        def insight(at):  # type: ignore[no-untyped-def]
            return ChannelInsight(
                "c1",
                at,
                "UTC",
                Figure(10.0, 2),
                (),
                (),
                (),
                (),
                CompletionTrend(False, "no data"),
                None,
                "not enough videos",
            )

        async with uow_factory() as uow:
            await uow.insights.add(insight(T0))
            await uow.insights.add(insight(LATER))
            await uow.commit()
        async with uow_factory() as uow:
            latest = await uow.insights.latest("c1")
            none = await uow.insights.latest("c9")
        assert latest == insight(LATER) and none is None

    async def test_webhook_events_are_remembered_once(self, uow_factory: UnitOfWorkFactory) -> None:
        async with uow_factory() as uow:
            first = await uow.webhook_events.remember("k1", received_at=T0)
            await uow.commit()
        async with uow_factory() as uow:
            second = await uow.webhook_events.remember("k1", received_at=LATER)
            other = await uow.webhook_events.remember("k2", received_at=LATER)
        assert (first, second, other) == (True, False, True)

    # ---- API keys, idempotency, purge, counts --------------------------------------

    async def test_return_origins_are_replaced_per_organisation(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            assert await uow.return_origins.get("org1") == ()
            await uow.return_origins.replace("org1", ["https://b.example", "https://a.example"])
            await uow.commit()
        async with uow_factory() as uow:
            await uow.return_origins.replace("org1", ["https://c.example"])
            # not committed: rolled back
        async with uow_factory() as uow:
            kept = await uow.return_origins.get("org1")
            other = await uow.return_origins.get("org2")
        assert kept == ("https://b.example", "https://a.example") and other == ()

    async def test_api_keys_store_a_digest_and_revoke(self, uow_factory: UnitOfWorkFactory) -> None:
        key, full = ApiKey.issue(
            key_id="k1", organisation_id="org-1", name="ci", secret="s3cret-value", now=T0
        )
        async with uow_factory() as uow:
            await uow.api_keys.add(key)
            await uow.commit()
        async with uow_factory() as uow:
            with pytest.raises(Conflict):
                await uow.api_keys.add(key)
        async with uow_factory() as uow:
            found = await uow.api_keys.find("k1")
            assert found == key and found is not None and found.accepts("s3cret-value")
            await uow.api_keys.save(found.revoke(now=LATER))
            await uow.commit()
        async with uow_factory() as uow:
            revoked = await uow.api_keys.find("k1")
            listed = await uow.api_keys.list("org-1")
            other = await uow.api_keys.list("org-2")
            missing = await uow.api_keys.find("nope")
        assert revoked is not None and revoked.revoked_at == LATER
        assert not revoked.accepts("s3cret-value") and "s3cret-value" not in repr(revoked)
        assert [k.id for k in listed] == ["k1"] and list(other) == [] and missing is None
        assert full.endswith("_s3cret-value")

    async def test_idempotency_reserve_complete_release(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            first = await uow.idempotency.reserve("org-1", "key-1", fingerprint="f", now=T0)
            await uow.commit()
        async with uow_factory() as uow:
            running = await uow.idempotency.reserve("org-1", "key-1", fingerprint="g", now=T0)
            other_org = await uow.idempotency.reserve("org-2", "key-1", fingerprint="f", now=T0)
            await uow.idempotency.complete("org-1", "key-1", status=201, body='{"id": 1}')
            await uow.commit()
        assert first is None and other_org is None
        assert running is not None and (running.status, running.fingerprint) == (0, "f")
        async with uow_factory() as uow:
            await uow.idempotency.release("org-1", "key-1")  # finished answers stay
            await uow.idempotency.release("org-2", "key-1")  # a reservation goes
            await uow.commit()
        async with uow_factory() as uow:
            done = await uow.idempotency.reserve("org-1", "key-1", fingerprint="f", now=LATER)
            again = await uow.idempotency.reserve("org-2", "key-1", fingerprint="f", now=LATER)
            await uow.commit()
        assert done is not None and (done.status, done.body) == (201, '{"id": 1}')
        assert again is None
        async with uow_factory() as uow:
            purged = await uow.idempotency.purge(before=LATER)
            await uow.commit()
        assert purged == 1

    async def test_purge_channel_data_and_disconnected_before(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        stored = await add_channel(uow_factory)
        await add_channel(uow_factory, channel_id="c2", open_id="open-2")
        snap = VideoSnapshot("c1", "v1", T0, T0, "hi", 1, 2, 3, 4, 5.0, None, False)
        async with uow_factory() as uow:
            await uow.metrics.add_video_snapshots([snap, attrs.evolve(snap, channel_id="c2")])
            await uow.metrics.add_account_snapshot(AccountSnapshot("c1", T0, 1, 2, 3, 4))
            await uow.insights.add(
                ChannelInsight(
                    "c1",
                    T0,
                    "UTC",
                    Figure(1.0, 1),
                    (),
                    (),
                    (),
                    (),
                    CompletionTrend(False, "none"),
                    None,
                    "",
                )
            )
            await uow.channels.save(stored.disconnect(now=T0))
            await uow.commit()
        async with uow_factory() as uow:
            due = await uow.channels.disconnected_before(LATER)
            not_yet = await uow.channels.disconnected_before(T0)
            gone = await uow.metrics.purge_channel("c1")
            gone_insights = await uow.insights.purge_channel("c1")
            await uow.commit()
        assert [c.id for c in due] == ["c1"] and list(not_yet) == []
        assert (gone, gone_insights) == (2, 1)
        async with uow_factory() as uow:
            left = await uow.metrics.video_snapshots("c1", since=T0 - timedelta(days=1))
            kept = await uow.metrics.video_snapshots("c2", since=T0 - timedelta(days=1))
            insight = await uow.insights.latest("c1")
        assert list(left) == [] and len(kept) == 1 and insight is None

    async def test_count_by_status(self, uow_factory: UnitOfWorkFactory) -> None:
        await add_channel(uow_factory)
        await add_post(uow_factory, video_post(post_id="p1"))
        await add_post(uow_factory, post_in(S.SCHEDULED, post=video_post("p2")))
        await add_post(uow_factory, post_in(S.SCHEDULED, post=video_post("p3")))
        async with uow_factory() as uow:
            counts = await uow.posts.count_by_status()
        assert counts == {S.DRAFT: 1, S.SCHEDULED: 2}

    # ---- sent alerts ----------------------------------------------------------------

    async def test_an_alert_is_claimed_once_and_stays_sent(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        key = AlertKey("refresh_token_expiring", "c1", "2027-01-01T00:00:00+00:00", "org1")
        stale = T0 - timedelta(minutes=10)
        async with uow_factory() as uow:
            assert await uow.alerts.claim(key, now=T0, stale_before=stale)
            await uow.commit()
        async with uow_factory() as uow:  # another sender while the claim is fresh
            assert not await uow.alerts.claim(key, now=T0, stale_before=stale)
            await uow.alerts.mark_sent(key, now=T0)
            await uow.commit()
        async with uow_factory() as uow:  # sent: never again, however old the claim
            assert not await uow.alerts.claim(key, now=LATER, stale_before=LATER)
            await uow.alerts.release(key)  # a sent alert is not given back
            assert not await uow.alerts.claim(key, now=LATER, stale_before=LATER)
        other = attrs.evolve(key, occasion="2028-01-01T00:00:00+00:00")
        async with uow_factory() as uow:  # a new occasion is a new alert
            assert await uow.alerts.claim(other, now=LATER, stale_before=stale)

    async def test_an_unsent_claim_is_given_back_or_lapses(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        key = AlertKey("refresh_token_expiring", "c1", "2027-01-01T00:00:00+00:00", "org1")
        async with uow_factory() as uow:
            assert await uow.alerts.claim(key, now=T0, stale_before=T0 - timedelta(minutes=10))
            await uow.alerts.release(key)  # not delivered
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.alerts.claim(key, now=T0, stale_before=T0 - timedelta(minutes=10))
            await uow.commit()
        async with uow_factory() as uow:  # its sender died: the claim lapses
            assert not await uow.alerts.claim(key, now=T0, stale_before=T0)
            assert await uow.alerts.claim(key, now=LATER, stale_before=LATER)
