-- Organisation API keys (digest only) and the first answers to idempotency keys.
CREATE TABLE api_keys (
    id               text PRIMARY KEY,
    organisation_id  text NOT NULL REFERENCES organisations (id),
    name             text NOT NULL DEFAULT '',
    secret_digest    bytea NOT NULL,
    created_at       timestamptz NOT NULL,
    revoked_at       timestamptz,
    last_used_at     timestamptz
);
CREATE INDEX api_keys_org_idx ON api_keys (organisation_id, created_at);

CREATE TABLE idempotency_keys (
    organisation_id  text NOT NULL,
    key              text NOT NULL,
    fingerprint      text NOT NULL,
    status           integer NOT NULL DEFAULT 0,
    body             text NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL,
    PRIMARY KEY (organisation_id, key)
);
CREATE INDEX idempotency_keys_age_idx ON idempotency_keys (created_at);
CREATE INDEX channels_disconnected_idx ON channels (status_changed_at)
    WHERE status = 'disconnected';
