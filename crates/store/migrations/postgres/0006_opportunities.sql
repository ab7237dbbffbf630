-- Known partnerships imported from published lists (`jalin import partnerships`): a region
-- and a foreign city or first-level subdivision, not a registry agreement (ADR 0009).
CREATE TABLE partnerships (
    id               UUID PRIMARY KEY,
    region_code      TEXT COLLATE "C" NOT NULL,
    kind             TEXT NOT NULL,
    geonameid        BIGINT,
    subdivision_code TEXT,
    place_key        TEXT COLLATE "C" NOT NULL,
    name             TEXT NOT NULL,
    name_given       TEXT NOT NULL,
    country_iso2     TEXT COLLATE "C" NOT NULL,
    year             BIGINT,
    source           TEXT NOT NULL,
    imported_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (region_code, place_key)
);

-- The opportunity board: offers by foreign partners, embassies and programmes, and needs
-- published by regions. Lists are JSON arrays of codes.
CREATE TABLE opportunity_offers (
    id             UUID PRIMARY KEY,
    publisher_kind TEXT NOT NULL,
    publisher_name TEXT NOT NULL,
    country_iso2   TEXT COLLATE "C",
    title_id       TEXT NOT NULL,
    title_en       TEXT,
    description_id TEXT,
    description_en TEXT,
    fields         JSONB NOT NULL,
    sdgs           JSONB NOT NULL,
    region_types   JSONB NOT NULL,
    criteria       JSONB NOT NULL,
    deadline       DATE NOT NULL,
    contact        TEXT NOT NULL,
    status         TEXT NOT NULL,
    owner_id       UUID REFERENCES users (id),
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    version        BIGINT NOT NULL
);
CREATE INDEX opportunity_offers_by_status ON opportunity_offers (status, deadline);

CREATE TABLE opportunity_needs (
    id            UUID PRIMARY KEY,
    region_code   TEXT COLLATE "C" NOT NULL,
    province_code TEXT COLLATE "C" NOT NULL,
    title         TEXT NOT NULL,
    description   TEXT,
    fields        JSONB NOT NULL,
    sdgs          JSONB NOT NULL,
    status        TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    version       BIGINT NOT NULL
);
CREATE INDEX opportunity_needs_by_region ON opportunity_needs (region_code, status);
CREATE INDEX opportunity_needs_by_province ON opportunity_needs (province_code, status);
