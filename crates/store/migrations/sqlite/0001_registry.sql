-- Reference data and the agreement registry (SQLite dialect).
-- Identifiers: UUID text (hyphenated). Timestamps: RFC 3339 UTC text. Dates: YYYY-MM-DD text.
-- Lists: JSON text. Case- and accent-insensitive matching uses folded *_key shadow columns.

CREATE TABLE reference_datasets (
    name        TEXT PRIMARY KEY,
    version     TEXT NOT NULL,
    source      TEXT NOT NULL,
    attribution TEXT NOT NULL,
    row_count   INTEGER NOT NULL,
    loaded_at   TEXT NOT NULL
);

CREATE TABLE regions (
    code                    TEXT PRIMARY KEY,
    name                    TEXT NOT NULL,
    name_key                TEXT NOT NULL,
    short_name              TEXT NOT NULL,
    region_type             TEXT NOT NULL,
    is_administrative       BOOLEAN NOT NULL,
    province_code           TEXT NOT NULL,
    province_name           TEXT NOT NULL,
    province_name_en        TEXT,
    province_iso            TEXT,
    capital                 TEXT,
    latitude                REAL,
    longitude               REAL,
    elevation_m             REAL,
    utc_offset              INTEGER,
    population              INTEGER,
    population_male         INTEGER,
    population_female       INTEGER,
    area_km2                REAL,
    is_daerah_tertinggal    BOOLEAN NOT NULL,
    land_border_countries   TEXT NOT NULL,
    outermost_small_islands INTEGER NOT NULL
);
CREATE INDEX regions_by_province ON regions (province_code, code);

CREATE TABLE countries (
    iso2                 TEXT PRIMARY KEY,
    iso3                 TEXT NOT NULL,
    numeric_code         TEXT NOT NULL,
    name_en              TEXT NOT NULL,
    official_name_en     TEXT,
    name_id              TEXT NOT NULL,
    name_key             TEXT NOT NULL,
    is_un_member         BOOLEAN NOT NULL,
    sovereign_iso2       TEXT,
    diplomatic_relations TEXT NOT NULL,
    relations_note       TEXT,
    continent            TEXT,
    capital              TEXT,
    population           INTEGER,
    area_km2             REAL,
    currency             TEXT,
    languages            TEXT NOT NULL,
    neighbours           TEXT NOT NULL,
    geonameid            INTEGER
);

CREATE TABLE subdivisions (
    code            TEXT PRIMARY KEY,
    country_iso2    TEXT NOT NULL,
    name            TEXT NOT NULL,
    category        TEXT,
    iso_code        TEXT,
    geonames_code   TEXT,
    geonameid       INTEGER,
    alternate_names TEXT NOT NULL
);
CREATE INDEX subdivisions_by_country ON subdivisions (country_iso2, code);

CREATE TABLE cities (
    geonameid       INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    latitude        REAL NOT NULL,
    longitude       REAL NOT NULL,
    country_iso2    TEXT NOT NULL,
    admin1_code     TEXT,
    admin1_name     TEXT,
    population      INTEGER NOT NULL,
    timezone        TEXT,
    alternate_names TEXT NOT NULL
);
CREATE INDEX cities_by_country ON cities (country_iso2, population);

-- Every searchable name of a place (primary and alternate), folded, for prefix search.
CREATE TABLE place_names (
    name_key     TEXT NOT NULL,
    kind         TEXT NOT NULL,
    place_ref    TEXT NOT NULL,
    name         TEXT NOT NULL,
    is_primary   BOOLEAN NOT NULL,
    country_iso2 TEXT NOT NULL,
    rank_weight  INTEGER NOT NULL
);
CREATE INDEX place_names_by_key ON place_names (name_key);
CREATE INDEX place_names_by_country_key ON place_names (country_iso2, name_key);

CREATE TABLE sdg_goals (
    goal          INTEGER PRIMARY KEY,
    short_name_en TEXT NOT NULL,
    title_en      TEXT NOT NULL,
    short_name_id TEXT NOT NULL,
    color_hex     TEXT NOT NULL
);

CREATE TABLE sdg_targets (
    target                     TEXT PRIMARY KEY,
    goal                       INTEGER NOT NULL,
    position                   INTEGER NOT NULL,
    title_en                   TEXT NOT NULL,
    is_means_of_implementation BOOLEAN NOT NULL
);

CREATE TABLE sdg_indicators (
    indicator   TEXT PRIMARY KEY,
    target      TEXT NOT NULL,
    goal        INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    title_en    TEXT NOT NULL,
    unsd_code   TEXT,
    repeated_as TEXT NOT NULL
);

CREATE TABLE sdg_target_keywords (
    target   TEXT PRIMARY KEY,
    keywords TEXT NOT NULL
);

CREATE TABLE urusan (
    code     TEXT PRIMARY KEY,
    name_id  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    category TEXT NOT NULL,
    held_by  TEXT NOT NULL,
    notes    TEXT
);

CREATE TABLE holidays (
    day         TEXT NOT NULL,
    kind        TEXT NOT NULL,
    name_id     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    legal_basis TEXT,
    PRIMARY KEY (day, kind, name_id)
);

CREATE TABLE twinnings (
    position     INTEGER PRIMARY KEY,
    city_a       TEXT NOT NULL,
    country_a    TEXT NOT NULL,
    city_b       TEXT NOT NULL,
    country_b    TEXT NOT NULL,
    geonameid_a  INTEGER,
    geonameid_b  INTEGER
);

CREATE TABLE partners (
    id               TEXT PRIMARY KEY,
    kind             TEXT NOT NULL,
    name             TEXT NOT NULL,
    name_key         TEXT NOT NULL,
    name_en          TEXT,
    country_iso2     TEXT,
    region_code      TEXT,
    geonameid        INTEGER,
    subdivision_code TEXT,
    level            TEXT,
    category         TEXT,
    website          TEXT,
    description      TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX partners_one_per_region ON partners (region_code) WHERE region_code IS NOT NULL;
CREATE INDEX partners_by_geonameid ON partners (geonameid) WHERE geonameid IS NOT NULL;
CREATE INDEX partners_by_subdivision ON partners (subdivision_code) WHERE subdivision_code IS NOT NULL;
CREATE INDEX partners_by_kind_country_key ON partners (kind, country_iso2, name_key);
CREATE INDEX partners_by_key ON partners (name_key);

CREATE TABLE agreements (
    id                  TEXT PRIMARY KEY,
    form                TEXT NOT NULL,
    subtype             TEXT NOT NULL,
    tier                TEXT NOT NULL,
    status              TEXT NOT NULL,
    legal_basis         TEXT NOT NULL,
    legal_basis_note    TEXT,
    title_id            TEXT NOT NULL,
    title_en            TEXT,
    title_partner       TEXT,
    partner_language    TEXT,
    description_id      TEXT,
    description_en      TEXT,
    description_partner TEXT,
    objects             TEXT NOT NULL,
    other_object        TEXT,
    fields              TEXT NOT NULL,
    sdgs                TEXT NOT NULL,
    signed_on           TEXT,
    effective_on        TEXT,
    expires_on          TEXT,
    open_ended          BOOLEAN NOT NULL,
    amends_id           TEXT REFERENCES agreements (id) DEFERRABLE INITIALLY DEFERRED,
    renews_id           TEXT REFERENCES agreements (id) DEFERRABLE INITIALLY DEFERRED,
    source              TEXT,
    is_demo             BOOLEAN NOT NULL,
    year                INTEGER,
    sort_key            TEXT NOT NULL,
    title_key           TEXT NOT NULL,
    search_text         TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    version             INTEGER NOT NULL,
    change_seq          INTEGER NOT NULL
);

CREATE UNIQUE INDEX agreements_by_change ON agreements (change_seq);

CREATE TABLE agreement_parties (
    agreement_id  TEXT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    partner_id    TEXT NOT NULL REFERENCES partners (id),
    kind          TEXT NOT NULL,
    region_code   TEXT,
    province_code TEXT,
    country_iso2  TEXT,
    PRIMARY KEY (agreement_id, position)
);
CREATE INDEX agreement_parties_by_partner ON agreement_parties (partner_id, agreement_id);


-- Change counter of the registry: every insert or update of an agreement takes the next
-- numbers from last_seq (the row lock orders them by commit); deleting agreements bumps
-- generation. In-process projections compare both to know what to reload.
CREATE TABLE registry_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL
);
INSERT INTO registry_state (id, generation, last_seq) VALUES (1, 0, 0);
