-- Admin alerts that must go out once (e.g. a refresh token about to expire): claimed
-- before sending, stamped once delivered, so a restart does not send them again and one
-- that could not be delivered is tried again.
CREATE TABLE alerts_sent (
    kind             text NOT NULL,
    subject_id       text NOT NULL,
    occasion         text NOT NULL,
    organisation_id  text NOT NULL,
    claimed_at       timestamptz NOT NULL,
    sent_at          timestamptz,
    PRIMARY KEY (kind, subject_id, occasion)
);
