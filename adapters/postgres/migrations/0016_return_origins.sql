-- Origins an organisation allows as OAuth return URLs (issue 13 item 4, ADR 0015).
CREATE TABLE return_origins (
    organisation_id  text NOT NULL REFERENCES organisations (id),
    origin           text NOT NULL CHECK (length(origin) <= 255),
    position         integer NOT NULL,
    PRIMARY KEY (organisation_id, origin)
);
