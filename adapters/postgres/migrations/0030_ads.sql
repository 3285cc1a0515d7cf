-- Ads (issue 18): ad accounts with sealed long-term tokens, campaigns / ad groups / ads,
-- creatives, the daily report time series, custom audiences (counts and signatures only,
-- never an identifier) and the review-event log for de-duplication.
CREATE TABLE ad_accounts (
    id               text PRIMARY KEY,
    organisation_id  text NOT NULL REFERENCES organisations (id),
    advertiser_id    text NOT NULL,
    name             text NOT NULL,
    token_key_id     text NOT NULL,
    access_token_ct  bytea NOT NULL,
    connected_at     timestamptz NOT NULL,
    currency         text NOT NULL,
    timezone         text NOT NULL,
    status           text NOT NULL,
    revoked_at       timestamptz,
    revoke_reason    text,
    version          integer NOT NULL,
    UNIQUE (organisation_id, advertiser_id)
);
CREATE INDEX ad_accounts_advertiser ON ad_accounts (advertiser_id);

CREATE TABLE ad_objects (
    id               text PRIMARY KEY,
    organisation_id  text NOT NULL REFERENCES organisations (id),
    account_id       text NOT NULL REFERENCES ad_accounts (id),
    advertiser_id    text NOT NULL,
    kind             text NOT NULL,
    parent_id        text REFERENCES ad_objects (id),
    tiktok_id        text,
    request_id       text,
    create_sent_at   timestamptz,
    status           text NOT NULL,
    review_status    text NOT NULL,
    review_reasons   jsonb NOT NULL,
    review_at        timestamptz,
    spec             jsonb NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz,
    version          integer NOT NULL
);
CREATE INDEX ad_objects_account_kind ON ad_objects (account_id, kind, created_at, id);
CREATE INDEX ad_objects_tiktok ON ad_objects (advertiser_id, tiktok_id);
CREATE INDEX ad_objects_unanswered ON ad_objects (account_id) WHERE tiktok_id IS NULL;

CREATE TABLE ad_creatives (
    id               text PRIMARY KEY,
    organisation_id  text NOT NULL REFERENCES organisations (id),
    account_id       text NOT NULL REFERENCES ad_accounts (id),
    kind             text NOT NULL,
    tiktok_id        text NOT NULL,
    signature        text NOT NULL,
    size_bytes       bigint NOT NULL,
    source           text NOT NULL,
    created_at       timestamptz NOT NULL,
    processed        boolean NOT NULL
);
CREATE INDEX ad_creatives_account ON ad_creatives (account_id, created_at, id);

CREATE TABLE ad_report_rows (
    account_id       text NOT NULL REFERENCES ad_accounts (id),
    level            text NOT NULL,
    tiktok_id        text NOT NULL,
    day              date NOT NULL,
    organisation_id  text NOT NULL REFERENCES organisations (id),
    metrics          jsonb NOT NULL,  -- TikTok's figures as exact decimal strings
    synced_at        timestamptz NOT NULL,
    PRIMARY KEY (account_id, level, day, tiktok_id)
);

CREATE TABLE custom_audiences (
    id               text PRIMARY KEY,
    organisation_id  text NOT NULL REFERENCES organisations (id),
    account_id       text NOT NULL REFERENCES ad_accounts (id),
    name             text NOT NULL,
    kind             text,
    tiktok_id        text,
    file_paths       jsonb NOT NULL,
    signatures       jsonb NOT NULL,
    identifiers      bigint NOT NULL,
    rejected         bigint NOT NULL,
    lookalike_of     text REFERENCES custom_audiences (id),
    status           text NOT NULL,
    created_at       timestamptz NOT NULL,
    version          integer NOT NULL
);
CREATE INDEX custom_audiences_account ON custom_audiences (account_id, created_at, id);

CREATE TABLE ad_review_events (
    key              text PRIMARY KEY,
    received_at      timestamptz NOT NULL
);
