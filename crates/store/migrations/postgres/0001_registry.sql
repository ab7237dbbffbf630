-- Reference data and the agreement registry (PostgreSQL dialect).
-- Identifiers: uuid. Timestamps: timestamptz. Dates: date. Lists: jsonb.
-- Key and code columns use the C collation so that ordering is byte order, as in SQLite. Case- and accent-insensitive matching uses folded *_key shadow columns.

CREATE TABLE reference_datasets (
    name        TEXT PRIMARY KEY,
    version     TEXT NOT NULL,
    source      TEXT NOT NULL,
    attribution TEXT NOT NULL,
    row_count   BIGINT NOT NULL,
    loaded_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE regions (
    code                    TEXT COLLATE "C" PRIMARY KEY,
    name                    TEXT NOT NULL,
    name_key                TEXT COLLATE "C" NOT NULL,
    short_name              TEXT NOT NULL,
    region_type             TEXT NOT NULL,
    is_administrative       BOOLEAN NOT NULL,
    province_code           TEXT COLLATE "C" NOT NULL,
    province_name           TEXT NOT NULL,
    province_name_en        TEXT,
    province_iso            TEXT,
    capital                 TEXT,
    latitude                DOUBLE PRECISION,
    longitude               DOUBLE PRECISION,
    elevation_m             DOUBLE PRECISION,
    utc_offset              BIGINT,
    population              BIGINT,
    population_male         BIGINT,
    population_female       BIGINT,
    area_km2                DOUBLE PRECISION,
    is_daerah_tertinggal    BOOLEAN NOT NULL,
    land_border_countries   JSONB NOT NULL,
    outermost_small_islands BIGINT NOT NULL
);
CREATE INDEX regions_by_province ON regions (province_code, code);

CREATE TABLE countries (
    iso2                 TEXT COLLATE "C" PRIMARY KEY,
    iso3                 TEXT NOT NULL,
    numeric_code         TEXT NOT NULL,
    name_en              TEXT NOT NULL,
    official_name_en     TEXT,
    name_id              TEXT NOT NULL,
    name_key             TEXT COLLATE "C" NOT NULL,
    is_un_member         BOOLEAN NOT NULL,
    sovereign_iso2       TEXT,
    diplomatic_relations TEXT NOT NULL,
    relations_note       TEXT,
    continent            TEXT,
    capital              TEXT,
    population           BIGINT,
    area_km2             DOUBLE PRECISION,
    currency             TEXT,
    languages            JSONB NOT NULL,
    neighbours           JSONB NOT NULL,
    geonameid            BIGINT
);

CREATE TABLE subdivisions (
    code            TEXT COLLATE "C" PRIMARY KEY,
    country_iso2    TEXT COLLATE "C" NOT NULL,
    name            TEXT NOT NULL,
    category        TEXT,
    iso_code        TEXT,
    geonames_code   TEXT,
    geonameid       BIGINT,
    alternate_names JSONB NOT NULL
);
CREATE INDEX subdivisions_by_country ON subdivisions (country_iso2, code);

CREATE TABLE cities (
    geonameid       BIGINT PRIMARY KEY,
    name            TEXT NOT NULL,
    latitude        DOUBLE PRECISION NOT NULL,
    longitude       DOUBLE PRECISION NOT NULL,
    country_iso2    TEXT COLLATE "C" NOT NULL,
    admin1_code     TEXT,
    admin1_name     TEXT,
    population      BIGINT NOT NULL,
    timezone        TEXT,
    alternate_names JSONB NOT NULL
);
CREATE INDEX cities_by_country ON cities (country_iso2, population);

-- Every searchable name of a place (primary and alternate), folded, for prefix search.
CREATE TABLE place_names (
    name_key     TEXT COLLATE "C" NOT NULL,
    kind         TEXT NOT NULL,
    place_ref    TEXT COLLATE "C" NOT NULL,
    name         TEXT NOT NULL,
    is_primary   BOOLEAN NOT NULL,
    country_iso2 TEXT COLLATE "C" NOT NULL,
    rank_weight  BIGINT NOT NULL
);
CREATE INDEX place_names_by_key ON place_names (name_key);
CREATE INDEX place_names_by_country_key ON place_names (country_iso2, name_key);

CREATE TABLE sdg_goals (
    goal          BIGINT PRIMARY KEY,
    short_name_en TEXT NOT NULL,
    title_en      TEXT NOT NULL,
    short_name_id TEXT NOT NULL,
    color_hex     TEXT NOT NULL
);

CREATE TABLE sdg_targets (
    target                     TEXT COLLATE "C" PRIMARY KEY,
    goal                       BIGINT NOT NULL,
    position                   BIGINT NOT NULL,
    title_en                   TEXT NOT NULL,
    is_means_of_implementation BOOLEAN NOT NULL
);

CREATE TABLE sdg_indicators (
    indicator   TEXT COLLATE "C" PRIMARY KEY,
    target      TEXT COLLATE "C" NOT NULL,
    goal        BIGINT NOT NULL,
    position    BIGINT NOT NULL,
    title_en    TEXT NOT NULL,
    unsd_code   TEXT,
    repeated_as JSONB NOT NULL
);

CREATE TABLE sdg_target_keywords (
    target   TEXT COLLATE "C" PRIMARY KEY,
    keywords JSONB NOT NULL
);

CREATE TABLE urusan (
    code     TEXT COLLATE "C" PRIMARY KEY,
    name_id  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    category TEXT NOT NULL,
    held_by  JSONB NOT NULL,
    notes    TEXT
);

CREATE TABLE holidays (
    day         DATE NOT NULL,
    kind        TEXT NOT NULL,
    name_id     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    legal_basis TEXT,
    PRIMARY KEY (day, kind, name_id)
);

CREATE TABLE twinnings (
    position     BIGINT PRIMARY KEY,
    city_a       TEXT NOT NULL,
    country_a    TEXT NOT NULL,
    city_b       TEXT NOT NULL,
    country_b    TEXT NOT NULL,
    geonameid_a  BIGINT,
    geonameid_b  BIGINT
);

CREATE TABLE partners (
    id               UUID PRIMARY KEY,
    kind             TEXT NOT NULL,
    name             TEXT NOT NULL,
    name_key         TEXT COLLATE "C" NOT NULL,
    name_en          TEXT,
    country_iso2     TEXT COLLATE "C",
    region_code      TEXT COLLATE "C",
    geonameid        BIGINT,
    subdivision_code TEXT,
    level            TEXT,
    category         TEXT,
    website          TEXT,
    description      TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX partners_one_per_region ON partners (region_code) WHERE region_code IS NOT NULL;
CREATE INDEX partners_by_geonameid ON partners (geonameid) WHERE geonameid IS NOT NULL;
CREATE INDEX partners_by_subdivision ON partners (subdivision_code) WHERE subdivision_code IS NOT NULL;
CREATE INDEX partners_by_kind_country_key ON partners (kind, country_iso2, name_key);
CREATE INDEX partners_by_key ON partners (name_key);

CREATE TABLE agreements (
    id                  UUID PRIMARY KEY,
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
    objects             JSONB NOT NULL,
    other_object        TEXT,
    fields              JSONB NOT NULL,
    sdgs                JSONB NOT NULL,
    signed_on           DATE,
    effective_on        DATE,
    expires_on          DATE,
    open_ended          BOOLEAN NOT NULL,
    amends_id           UUID REFERENCES agreements (id) DEFERRABLE INITIALLY DEFERRED,
    renews_id           UUID REFERENCES agreements (id) DEFERRABLE INITIALLY DEFERRED,
    source              TEXT,
    is_demo             BOOLEAN NOT NULL,
    year                BIGINT,
    sort_key            TEXT COLLATE "C" NOT NULL,
    title_key           TEXT COLLATE "C" NOT NULL,
    search_text         TEXT COLLATE "C" NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    version             BIGINT NOT NULL,
    change_seq          BIGINT NOT NULL
);

CREATE UNIQUE INDEX agreements_by_change ON agreements (change_seq);

CREATE TABLE agreement_parties (
    agreement_id  UUID NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    position      BIGINT NOT NULL,
    partner_id    UUID NOT NULL REFERENCES partners (id),
    kind          TEXT NOT NULL,
    region_code   TEXT COLLATE "C",
    province_code TEXT COLLATE "C",
    country_iso2  TEXT COLLATE "C",
    PRIMARY KEY (agreement_id, position)
);
CREATE INDEX agreement_parties_by_partner ON agreement_parties (partner_id, agreement_id);


-- Change counter of the registry: every insert or update of an agreement takes the next
-- numbers from last_seq (the row lock orders them by commit); deleting agreements bumps
-- generation. In-process projections compare both to know what to reload.
CREATE TABLE registry_state (
    id         BIGINT PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL,
    last_seq   BIGINT NOT NULL
);
INSERT INTO registry_state (id, generation, last_seq) VALUES (1, 0, 0);
