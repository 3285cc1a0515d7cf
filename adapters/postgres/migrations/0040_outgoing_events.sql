-- Outgoing events (issue 20): endpoints with sealed signing secrets, the outbox written in
-- the transaction of the change that caused each event, deliveries and their attempts.

CREATE TABLE webhook_endpoints (
    id               text PRIMARY KEY,
    organisation_id  text NOT NULL REFERENCES organisations (id),
    url              text NOT NULL,
    description      text NOT NULL DEFAULT '',
    event_types      text[] NOT NULL,
    enabled          boolean NOT NULL,
    disabled_reason  text NOT NULL DEFAULT '',
    disabled_at      timestamptz,
    created_at       timestamptz NOT NULL,
    version          integer NOT NULL
);
CREATE INDEX webhook_endpoints_by_org ON webhook_endpoints (organisation_id, created_at);

CREATE TABLE webhook_secrets (
    id            text PRIMARY KEY,
    endpoint_id   text NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    position      integer NOT NULL,
    token_key_id  text NOT NULL,
    secret_ct     bytea NOT NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz
);
CREATE INDEX webhook_secrets_by_endpoint ON webhook_secrets (endpoint_id, position);

CREATE TABLE outgoing_events (
    seq              bigserial UNIQUE,
    id               text PRIMARY KEY,
    organisation_id  text NOT NULL,
    type             text NOT NULL,
    ordering_key     text NOT NULL,
    occurred_at      timestamptz NOT NULL,
    data             jsonb NOT NULL
);
CREATE INDEX outgoing_events_by_org ON outgoing_events (organisation_id, seq);
CREATE INDEX outgoing_events_by_time ON outgoing_events (occurred_at);

CREATE TABLE webhook_deliveries (
    id               bigserial PRIMARY KEY,
    event_id         text NOT NULL REFERENCES outgoing_events (id) ON DELETE CASCADE,
    endpoint_id      text NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    organisation_id  text NOT NULL,
    ordering_key     text NOT NULL,
    status           text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    created_at       timestamptz NOT NULL,
    delivered_at     timestamptz,
    last_error       text NOT NULL DEFAULT '',
    leased_by        text,
    lease_until      timestamptz
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE status = 'pending';
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (endpoint_id, ordering_key, id)
    WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id);

CREATE TABLE webhook_attempts (
    delivery_id   bigint NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at  timestamptz NOT NULL,
    status_code   integer,
    error         text NOT NULL DEFAULT '',
    duration_ms   integer NOT NULL
);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, attempted_at);
