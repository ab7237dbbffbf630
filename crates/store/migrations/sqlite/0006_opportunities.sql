-- Known partnerships imported from published lists (`jalin import partnerships`): a region
-- and a foreign city or first-level subdivision, not a registry agreement (ADR 0009).
CREATE TABLE partnerships (
    id               TEXT PRIMARY KEY,
    region_code      TEXT NOT NULL,
    kind             TEXT NOT NULL,
    geonameid        INTEGER,
    subdivision_code TEXT,
    place_key        TEXT NOT NULL,
    name             TEXT NOT NULL,
    name_given       TEXT NOT NULL,
    country_iso2     TEXT NOT NULL,
    year             INTEGER,
    source           TEXT NOT NULL,
    imported_at      TEXT NOT NULL,
    UNIQUE (region_code, place_key)
);

-- The opportunity board: offers by foreign partners, embassies and programmes, and needs
-- published by regions. Lists are JSON arrays of codes.
CREATE TABLE opportunity_offers (
    id             TEXT PRIMARY KEY,
    publisher_kind TEXT NOT NULL,
    publisher_name TEXT NOT NULL,
    country_iso2   TEXT,
    title_id       TEXT NOT NULL,
    title_en       TEXT,
    description_id TEXT,
    description_en TEXT,
    fields         TEXT NOT NULL,
    sdgs           TEXT NOT NULL,
    region_types   TEXT NOT NULL,
    criteria       TEXT NOT NULL,
    deadline       TEXT NOT NULL,
    contact        TEXT NOT NULL,
    status         TEXT NOT NULL,
    owner_id       TEXT REFERENCES users (id),
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL
);
CREATE INDEX opportunity_offers_by_status ON opportunity_offers (status, deadline);

CREATE TABLE opportunity_needs (
    id            TEXT PRIMARY KEY,
    region_code   TEXT NOT NULL,
    province_code TEXT NOT NULL,
    title         TEXT NOT NULL,
    description   TEXT,
    fields        TEXT NOT NULL,
    sdgs          TEXT NOT NULL,
    status        TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL
);
CREATE INDEX opportunity_needs_by_region ON opportunity_needs (region_code, status);
CREATE INDEX opportunity_needs_by_province ON opportunity_needs (province_code, status);
