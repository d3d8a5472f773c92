-- =============================================================================
-- schemadoc sample database: "Marketing DB" -- schema (DDL only)
--
-- A realistic reproduction of a Neon Postgres marketing database: 11 schemas,
-- 64 tables, the Barton Doctrine identifiers (NN.NN.NN.NN.NNNNN.NNN), triggers,
-- row-level security, views, an enum, a domain and comments.
--
-- Load into an EMPTY database, before marketing_data.sql:
--     psql -v ON_ERROR_STOP=1 -q -d marketing -f marketing_schema.sql
-- Plain SQL only (no psql meta-commands); the file contains no percent sign,
-- so it can also be sent through a client driver as a single script.
-- Needs PostgreSQL 15 or later and no extension.
-- =============================================================================

SET client_min_messages = warning;
SET check_function_bodies = on;

-- -----------------------------------------------------------------------------
-- Schemas
-- -----------------------------------------------------------------------------
CREATE SCHEMA marketing;
CREATE SCHEMA intake;
CREATE SCHEMA bit;
CREATE SCHEMA ple;
CREATE SCHEMA archive;
CREATE SCHEMA "BIT";
CREATE SCHEMA "PLE";
CREATE SCHEMA company;
CREATE SCHEMA people;
CREATE SCHEMA neon_auth;

COMMENT ON SCHEMA marketing IS 'Primary data: companies, their executive slots, the people who fill them and the pipeline that links them. Source of truth for company and contact data.';
COMMENT ON SCHEMA intake IS 'Data ingestion: raw CSV uploads staged here before validation and promotion to marketing.company_master.';
COMMENT ON SCHEMA bit IS 'Buyer Intent Tracking: detected intent signals and the company- and contact-level scores aggregated from them.';
COMMENT ON SCHEMA ple IS 'Product-Led Enrichment: enrichment cycles, their individual steps and operation logs.';
COMMENT ON SCHEMA public IS 'System tables shared by every pipeline (validation log) and shared helper functions such as touch_updated_at().';
COMMENT ON SCHEMA archive IS 'Archived and deprecated tables from previous migrations: old company, contact and people tables, historical marketing, validation and enrichment tables, storage-evaluation data. Read-only, kept for reference.';
COMMENT ON SCHEMA "BIT" IS 'Empty upper-case variant of bit, left by an early migration that quoted the name. Reserved for future use; do not create tables here.';
COMMENT ON SCHEMA "PLE" IS 'Empty upper-case variant of ple, left by an early migration that quoted the name. Reserved for future use; do not create tables here.';
COMMENT ON SCHEMA company IS 'Reserved for future use: planned home of the company tables once they move out of marketing.';
COMMENT ON SCHEMA people IS 'Reserved for future use: planned home of the contact tables once they move out of marketing.';
COMMENT ON SCHEMA neon_auth IS 'Neon Auth: user profiles synchronised from the authentication provider into the database.';

-- -----------------------------------------------------------------------------
-- Types, domain, sequence
-- -----------------------------------------------------------------------------
CREATE DOMAIN marketing.barton_id AS text
    CONSTRAINT barton_id_format CHECK (VALUE ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{5}\.[0-9]{3}$');
COMMENT ON DOMAIN marketing.barton_id IS 'Barton Doctrine identifier NN.NN.NN.NN.NNNNN.NNN. The fifth segment is the entity class: 10000 company slot, 20000 person, 30000 company, 40000 error.';

-- Declaration order is the business order (CEO first), not alphabetical: the
-- extra roles were appended later, after HR.
CREATE TYPE marketing.slot_role AS ENUM ('CEO', 'CFO', 'HR', 'CTO', 'CMO', 'COO');
COMMENT ON TYPE marketing.slot_role IS 'Executive position a company slot tracks. CEO, CFO and HR slots are created for every company; CTO, CMO and COO are reserved for a later rollout.';

CREATE TYPE marketing.enrichment_provider AS ENUM ('apify', 'abacus', 'firecrawl');
COMMENT ON TYPE marketing.enrichment_provider IS 'External enrichment APIs: Apify (LinkedIn scraping), Abacus (contact data), Firecrawl (website crawling).';

CREATE SEQUENCE marketing.pipeline_error_seq AS integer START WITH 1 INCREMENT BY 1 NO CYCLE;
COMMENT ON SEQUENCE marketing.pipeline_error_seq IS 'Sequence part of the Barton error identifiers (class 40000) handed out by marketing.pipeline_errors.';

-- -----------------------------------------------------------------------------
-- Functions
-- -----------------------------------------------------------------------------
CREATE FUNCTION marketing.make_barton_id(p_class integer, p_seq bigint)
RETURNS marketing.barton_id
LANGUAGE sql
IMMUTABLE
STRICT
PARALLEL SAFE
AS $fn$
    SELECT ('04.04.02.04.'
            || lpad((p_class + (p_seq - 1) / 999)::text, 5, '0')
            || '.'
            || lpad((mod(p_seq - 1, 999) + 1)::text, 3, '0'))::marketing.barton_id
$fn$;
COMMENT ON FUNCTION marketing.make_barton_id(integer, bigint) IS 'Builds a Barton Doctrine identifier 04.04.02.04.CCCCC.SSS from an entity class (10000 slot, 20000 person, 30000 company, 40000 error) and a 1-based sequence number; every 999 numbers roll the class segment over by one.';

CREATE FUNCTION public.touch_updated_at()
RETURNS trigger
LANGUAGE plpgsql
AS $fn$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$fn$;
COMMENT ON FUNCTION public.touch_updated_at() IS 'Shared BEFORE UPDATE row trigger: sets updated_at to the transaction time. Attached to every table that has an updated_at column.';

CREATE FUNCTION intake.validate_company_raw_intake()
RETURNS trigger
LANGUAGE plpgsql
AS $fn$
BEGIN
    -- Normalise: trim every field the promotion step reads; empty means unknown.
    NEW.company             := nullif(btrim(NEW.company), '');
    NEW.company_name_for_emails := nullif(btrim(NEW.company_name_for_emails), '');
    NEW.industry            := nullif(btrim(NEW.industry), '');
    NEW.website             := nullif(lower(btrim(NEW.website)), '');
    NEW.company_city        := nullif(btrim(NEW.company_city), '');
    NEW.company_state       := nullif(upper(btrim(NEW.company_state)), '');
    NEW.company_country     := nullif(btrim(NEW.company_country), '');
    NEW.company_postal_code := nullif(btrim(NEW.company_postal_code), '');
    NEW.company_phone       := nullif(btrim(NEW.company_phone), '');
    NEW.num_employees       := nullif(replace(btrim(NEW.num_employees), ',', ''), '');
    NEW.founded_year        := nullif(btrim(NEW.founded_year), '');

    IF NEW.company IS NULL THEN
        RAISE EXCEPTION USING
            ERRCODE = 'not_null_violation',
            MESSAGE = 'company_raw_intake: the Company field is required',
            HINT    = 'Check the CSV column mapping of the upload batch ' || coalesce(NEW.import_batch_id, '(none)') || '.';
    END IF;
    IF NEW.num_employees IS NOT NULL AND NEW.num_employees !~ '^[0-9]+$' THEN
        RAISE EXCEPTION USING
            ERRCODE = 'invalid_text_representation',
            MESSAGE = 'company_raw_intake: # Employees must be a whole number, got "' || NEW.num_employees || '"';
    END IF;
    IF NEW.founded_year IS NOT NULL THEN
        IF NEW.founded_year !~ '^[0-9]{4}$' THEN
            RAISE EXCEPTION USING
                ERRCODE = 'invalid_text_representation',
                MESSAGE = 'company_raw_intake: Founded Year must have four digits, got "' || NEW.founded_year || '"';
        END IF;
        IF NEW.founded_year::integer NOT BETWEEN 1800 AND 2100 THEN
            RAISE EXCEPTION USING
                ERRCODE = 'check_violation',
                MESSAGE = 'company_raw_intake: Founded Year out of range: ' || NEW.founded_year;
        END IF;
    END IF;
    IF NEW.website IS NOT NULL AND NEW.website !~ '^(https?://)?[a-z0-9][a-z0-9.-]*\.[a-z]{2,}(/.*)?$' THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            MESSAGE = 'company_raw_intake: Website is not a host name or URL: ' || NEW.website;
    END IF;
    IF NEW.imported_at IS NULL THEN
        NEW.imported_at := now();
    END IF;
    RETURN NEW;
END
$fn$;
COMMENT ON FUNCTION intake.validate_company_raw_intake() IS 'BEFORE INSERT OR UPDATE trigger of intake.company_raw_intake: trims the raw CSV fields, normalises website, state and employee count, and rejects rows without a company name or with a malformed employee count, founded year or website.';

-- marketing.log_pipeline_event() is created after marketing.pipeline_events.

-- -----------------------------------------------------------------------------
-- marketing
-- -----------------------------------------------------------------------------
CREATE TABLE marketing.company_master (
    company_unique_id       text          NOT NULL,
    company_name            text          NOT NULL,
    website_url             text,
    industry                text,
    employee_count          integer,
    annual_revenue          numeric(15,2),
    company_phone           text,
    address_street          text,
    address_city            text,
    address_state           character(2),
    address_zip             character varying(10),
    address_country         text          NOT NULL DEFAULT 'US',
    linkedin_url            text,
    facebook_url            text,
    twitter_url             text,
    founded_year            smallint,
    sic_codes               text,
    keywords                text[]        NOT NULL DEFAULT '{}',
    description             text,
    source_system           text          NOT NULL DEFAULT 'intake.company_raw_intake',
    source_record_id        text,
    validation_status       text          NOT NULL DEFAULT 'pending',
    validated_at            timestamptz,
    data_quality_score      numeric(5,2),
    is_active               boolean       NOT NULL DEFAULT true,
    promoted_from_intake_at timestamptz,
    created_at              timestamptz   NOT NULL DEFAULT now(),
    updated_at              timestamptz   NOT NULL DEFAULT now(),
    deleted_at              timestamptz,
    CONSTRAINT company_master_pkey PRIMARY KEY (company_unique_id),
    CONSTRAINT company_master_company_unique_id_format
        CHECK (company_unique_id ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{5}\.[0-9]{3}$'),
    CONSTRAINT company_master_employee_count_check CHECK (employee_count >= 0),
    CONSTRAINT company_master_annual_revenue_check CHECK (annual_revenue >= 0),
    CONSTRAINT company_master_founded_year_check CHECK (founded_year BETWEEN 1800 AND 2100),
    CONSTRAINT company_master_validation_status_check
        CHECK (validation_status IN ('pending', 'valid', 'needs_review', 'invalid')),
    CONSTRAINT company_master_data_quality_score_check CHECK (data_quality_score BETWEEN 0 AND 100),
    CONSTRAINT company_master_deleted_is_inactive CHECK (deleted_at IS NULL OR NOT is_active)
);
CREATE INDEX idx_company_master_industry ON marketing.company_master (industry);
CREATE INDEX idx_company_master_state_city ON marketing.company_master (address_state, address_city);
CREATE INDEX idx_company_master_name_lower ON marketing.company_master (lower(company_name));
CREATE UNIQUE INDEX uq_company_master_website ON marketing.company_master (lower(website_url))
    WHERE deleted_at IS NULL AND website_url IS NOT NULL;

COMMENT ON TABLE marketing.company_master IS 'Primary company records: the main source of truth for company data. Rows are promoted from intake.company_raw_intake after validation; each company gets CEO, CFO and HR slots in marketing.company_slots.';
COMMENT ON COLUMN marketing.company_master.company_unique_id IS 'Barton ID of the company, class 30000 (04.04.02.04.30000.###).';
COMMENT ON COLUMN marketing.company_master.company_name IS 'Legal or trading name as it appears on the website.';
COMMENT ON COLUMN marketing.company_master.website_url IS 'Canonical website, https scheme; unique (case-insensitive) among live companies.';
COMMENT ON COLUMN marketing.company_master.industry IS 'Industry label from the intake CSV (LinkedIn taxonomy).';
COMMENT ON COLUMN marketing.company_master.employee_count IS 'Employee headcount estimate; NULL when the source gave none.';
COMMENT ON COLUMN marketing.company_master.annual_revenue IS 'Estimated annual revenue in US dollars.';
COMMENT ON COLUMN marketing.company_master.company_phone IS 'Main switchboard number, formatted (NNN) NNN-NNNN.';
COMMENT ON COLUMN marketing.company_master.address_street IS 'Street address of the headquarters.';
COMMENT ON COLUMN marketing.company_master.address_city IS 'Headquarters city.';
COMMENT ON COLUMN marketing.company_master.address_state IS 'Headquarters state, two-letter USPS code.';
COMMENT ON COLUMN marketing.company_master.address_zip IS 'Headquarters ZIP code.';
COMMENT ON COLUMN marketing.company_master.address_country IS 'ISO 3166-1 alpha-2 country code.';
COMMENT ON COLUMN marketing.company_master.linkedin_url IS 'LinkedIn company page.';
COMMENT ON COLUMN marketing.company_master.facebook_url IS 'Facebook page, when the company has one.';
COMMENT ON COLUMN marketing.company_master.twitter_url IS 'X / Twitter profile, when the company has one.';
COMMENT ON COLUMN marketing.company_master.founded_year IS 'Year the company was founded.';
COMMENT ON COLUMN marketing.company_master.sic_codes IS 'Comma-separated SIC codes from the intake CSV.';
COMMENT ON COLUMN marketing.company_master.keywords IS 'Normalised keywords used for segmentation.';
COMMENT ON COLUMN marketing.company_master.description IS 'Short description (SEO description of the website or written during validation).';
COMMENT ON COLUMN marketing.company_master.source_system IS 'Table or system the record was promoted from.';
COMMENT ON COLUMN marketing.company_master.source_record_id IS 'Key of the source row, e.g. intake.company_raw_intake.intake_id.';
COMMENT ON COLUMN marketing.company_master.validation_status IS 'Outcome of the promotion checks: pending, valid, needs_review or invalid.';
COMMENT ON COLUMN marketing.company_master.validated_at IS 'When the validation checks last ran.';
COMMENT ON COLUMN marketing.company_master.data_quality_score IS 'Completeness score 0-100 computed during validation.';
COMMENT ON COLUMN marketing.company_master.is_active IS 'False once the company is out of scope (closed, acquired or deleted).';
COMMENT ON COLUMN marketing.company_master.promoted_from_intake_at IS 'When the row was promoted from the intake schema.';
COMMENT ON COLUMN marketing.company_master.created_at IS 'Row creation time.';
COMMENT ON COLUMN marketing.company_master.updated_at IS 'Last change, maintained by trg_company_master_touch_updated_at.';
COMMENT ON COLUMN marketing.company_master.deleted_at IS 'Soft-delete time; deleted companies are inactive.';
COMMENT ON CONSTRAINT company_master_company_unique_id_format ON marketing.company_master IS 'Barton Doctrine format NN.NN.NN.NN.NNNNN.NNN.';
COMMENT ON CONSTRAINT company_master_deleted_is_inactive ON marketing.company_master IS 'A soft-deleted company can never be active.';
COMMENT ON INDEX marketing.uq_company_master_website IS 'One live company per website (case-insensitive); duplicates are caught at promotion.';
COMMENT ON INDEX marketing.idx_company_master_name_lower IS 'Case-insensitive name look-ups by the de-duplication step.';

CREATE TABLE marketing.company_slots (
    company_slot_unique_id marketing.barton_id  NOT NULL,
    company_unique_id      text                 NOT NULL,
    slot_type              marketing.slot_role  NOT NULL,
    slot_title             text,
    person_unique_id       text,
    is_filled              boolean              NOT NULL DEFAULT false,
    filled_at              timestamptz,
    last_checked_at        timestamptz,
    source                 text,
    created_at             timestamptz          NOT NULL DEFAULT now(),
    updated_at             timestamptz          NOT NULL DEFAULT now(),
    CONSTRAINT company_slots_pkey PRIMARY KEY (company_slot_unique_id),
    CONSTRAINT company_slots_company_unique_id_fkey FOREIGN KEY (company_unique_id)
        REFERENCES marketing.company_master (company_unique_id) ON DELETE CASCADE,
    CONSTRAINT company_slots_filled_has_person CHECK (is_filled = (person_unique_id IS NOT NULL)),
    CONSTRAINT company_slots_filled_has_time CHECK (NOT is_filled OR filled_at IS NOT NULL)
);
COMMENT ON TABLE marketing.company_slots IS 'Executive position tracking: one slot per company and role (CEO, CFO, HR). Links companies to people: a slot is filled once a person from marketing.people_master holds it.';
COMMENT ON COLUMN marketing.company_slots.company_slot_unique_id IS 'Barton ID of the slot, class 10000 (04.04.02.04.10000.###).';
COMMENT ON COLUMN marketing.company_slots.company_unique_id IS 'Company the slot belongs to.';
COMMENT ON COLUMN marketing.company_slots.slot_type IS 'Executive role tracked by the slot.';
COMMENT ON COLUMN marketing.company_slots.slot_title IS 'Title searched for when filling the slot.';
COMMENT ON COLUMN marketing.company_slots.person_unique_id IS 'Barton ID of the person holding the slot; NULL while the slot is unfilled. A copy kept for fast reads: the enforced link is people_master.company_slot_unique_id.';
COMMENT ON COLUMN marketing.company_slots.is_filled IS 'True when a person holds the slot.';
COMMENT ON COLUMN marketing.company_slots.filled_at IS 'When the current holder was assigned.';
COMMENT ON COLUMN marketing.company_slots.last_checked_at IS 'Last time the slot was re-checked against LinkedIn.';
COMMENT ON COLUMN marketing.company_slots.source IS 'Process that created or last filled the slot.';
COMMENT ON COLUMN marketing.company_slots.created_at IS 'Row creation time.';
COMMENT ON COLUMN marketing.company_slots.updated_at IS 'Last change, maintained by trg_company_slots_touch_updated_at.';
COMMENT ON CONSTRAINT company_slots_filled_has_person ON marketing.company_slots IS 'is_filled and person_unique_id must agree.';

CREATE TABLE marketing.people_master (
    unique_id              text        NOT NULL,
    company_unique_id      text        NOT NULL,
    company_slot_unique_id marketing.barton_id,
    first_name             text        NOT NULL,
    last_name              text        NOT NULL,
    full_name              text        GENERATED ALWAYS AS (first_name || ' ' || last_name) STORED,
    title                  text,
    seniority              text,
    department             text,
    email                  text,
    is_verified            boolean     NOT NULL DEFAULT false,
    email_verified_at      timestamptz,
    phone                  text,
    mobile_phone           text,
    linkedin_url           text,
    twitter_url            text,
    city                   text,
    state                  character(2),
    country                text        NOT NULL DEFAULT 'US',
    source_system          text        NOT NULL,
    source_record_id       text,
    enrichment_status      text        NOT NULL DEFAULT 'pending',
    last_enriched_at       timestamptz,
    enrichment_data        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    tenure_start_date      date,
    is_active              boolean     NOT NULL DEFAULT true,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    deleted_at             timestamptz,
    CONSTRAINT people_master_pkey PRIMARY KEY (unique_id),
    CONSTRAINT people_master_unique_id_format
        CHECK (unique_id ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{5}\.[0-9]{3}$'),
    CONSTRAINT people_master_linkedin_url_key UNIQUE (linkedin_url),
    CONSTRAINT people_master_company_unique_id_fkey FOREIGN KEY (company_unique_id)
        REFERENCES marketing.company_master (company_unique_id) ON DELETE RESTRICT,
    CONSTRAINT people_master_company_slot_unique_id_fkey FOREIGN KEY (company_slot_unique_id)
        REFERENCES marketing.company_slots (company_slot_unique_id) ON DELETE SET NULL
        DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT people_master_email_format CHECK (email ~* '^[^@[:space:]]+@[^@[:space:]]+\.[a-z]{2,}$'),
    CONSTRAINT people_master_enrichment_status_check
        CHECK (enrichment_status IN ('pending', 'enriched', 'failed', 'skipped')),
    CONSTRAINT people_master_verified_has_time CHECK (NOT is_verified OR email_verified_at IS NOT NULL)
);
CREATE INDEX idx_people_master_company_unique_id ON marketing.people_master (company_unique_id);
CREATE INDEX idx_people_master_company_slot_unique_id ON marketing.people_master (company_slot_unique_id);
CREATE UNIQUE INDEX uq_people_master_email_lower ON marketing.people_master (lower(email))
    WHERE email IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX idx_people_master_full_name ON marketing.people_master (lower(full_name) text_pattern_ops);
CREATE INDEX idx_people_master_title ON marketing.people_master (title);
CREATE INDEX idx_people_master_enrichment_pending ON marketing.people_master (created_at)
    WHERE enrichment_status = 'pending';
CREATE INDEX idx_people_master_enrichment_data ON marketing.people_master USING gin (enrichment_data jsonb_path_ops);
CREATE INDEX idx_people_master_state_city ON marketing.people_master (state, city);

COMMENT ON TABLE marketing.people_master IS 'Central people database: contact and executive records (name, email, LinkedIn, title, phone). Each person works at a company and usually fills one of its slots; enriched by marketing.contact_enrichment jobs.';
COMMENT ON COLUMN marketing.people_master.unique_id IS 'Barton ID of the person, class 20000 (04.04.02.04.20000.###).';
COMMENT ON COLUMN marketing.people_master.company_unique_id IS 'Company the person works at.';
COMMENT ON COLUMN marketing.people_master.company_slot_unique_id IS 'Executive slot the person fills; NULL for contacts outside the tracked slots.';
COMMENT ON COLUMN marketing.people_master.first_name IS 'Given name.';
COMMENT ON COLUMN marketing.people_master.last_name IS 'Family name.';
COMMENT ON COLUMN marketing.people_master.full_name IS 'first_name and last_name joined by a space (generated).';
COMMENT ON COLUMN marketing.people_master.title IS 'Job title as shown on LinkedIn.';
COMMENT ON COLUMN marketing.people_master.seniority IS 'Seniority band derived from the title: C-Level, VP, Director or Manager.';
COMMENT ON COLUMN marketing.people_master.department IS 'Department derived from the title.';
COMMENT ON COLUMN marketing.people_master.email IS 'Work email; unique (case-insensitive) among live records.';
COMMENT ON COLUMN marketing.people_master.is_verified IS 'True once marketing.email_verification confirmed the email is deliverable.';
COMMENT ON COLUMN marketing.people_master.email_verified_at IS 'When the email was last verified.';
COMMENT ON COLUMN marketing.people_master.phone IS 'Direct work phone.';
COMMENT ON COLUMN marketing.people_master.mobile_phone IS 'Mobile phone, when an enrichment provider returned one.';
COMMENT ON COLUMN marketing.people_master.linkedin_url IS 'LinkedIn profile URL; unique.';
COMMENT ON COLUMN marketing.people_master.twitter_url IS 'X / Twitter profile.';
COMMENT ON COLUMN marketing.people_master.city IS 'City of the work location.';
COMMENT ON COLUMN marketing.people_master.state IS 'State of the work location, USPS code.';
COMMENT ON COLUMN marketing.people_master.country IS 'ISO 3166-1 alpha-2 country code.';
COMMENT ON COLUMN marketing.people_master.source_system IS 'Where the record came from: apify_linkedin, abacus_enrichment or manual_research.';
COMMENT ON COLUMN marketing.people_master.source_record_id IS 'Identifier of the record in the source system.';
COMMENT ON COLUMN marketing.people_master.enrichment_status IS 'State of the latest enrichment: pending, enriched, failed or skipped.';
COMMENT ON COLUMN marketing.people_master.last_enriched_at IS 'When an enrichment job last updated the record.';
COMMENT ON COLUMN marketing.people_master.enrichment_data IS 'Provider, confidence and fields of the latest enrichment (JSON).';
COMMENT ON COLUMN marketing.people_master.tenure_start_date IS 'Start of the current role.';
COMMENT ON COLUMN marketing.people_master.is_active IS 'False once the person left the company or the record was deleted.';
COMMENT ON COLUMN marketing.people_master.created_at IS 'Row creation time.';
COMMENT ON COLUMN marketing.people_master.updated_at IS 'Last change, maintained by trg_people_master_touch_updated_at.';
COMMENT ON COLUMN marketing.people_master.deleted_at IS 'Soft-delete time.';
COMMENT ON CONSTRAINT people_master_company_slot_unique_id_fkey ON marketing.people_master IS 'Deferred so that a slot and its holder can be swapped in one transaction.';
COMMENT ON INDEX marketing.uq_people_master_email_lower IS 'One live person per email address (case-insensitive).';
COMMENT ON INDEX marketing.idx_people_master_enrichment_pending IS 'Work queue of the enrichment router: people still waiting for enrichment.';
COMMENT ON INDEX marketing.idx_people_master_enrichment_data IS 'Containment searches on enrichment_data (jsonb_path_ops).';

CREATE TABLE marketing.people_resolution_queue (
    queue_id                 bigint       GENERATED ALWAYS AS IDENTITY,
    company_unique_id        text         NOT NULL,
    matched_person_unique_id text,
    slot_type                marketing.slot_role,
    candidate_full_name      text         NOT NULL,
    candidate_email          text,
    candidate_linkedin_url   text,
    candidate_title          text,
    match_confidence         numeric(4,3),
    match_method             text,
    resolution_status        text         NOT NULL DEFAULT 'pending',
    resolution_notes         text,
    resolved_by              text,
    priority                 smallint     NOT NULL DEFAULT 5,
    resolved_at              timestamptz,
    created_at               timestamptz  NOT NULL DEFAULT now(),
    updated_at               timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT people_resolution_queue_pkey PRIMARY KEY (queue_id),
    CONSTRAINT people_resolution_queue_company_unique_id_fkey FOREIGN KEY (company_unique_id)
        REFERENCES marketing.company_master (company_unique_id) ON DELETE CASCADE,
    CONSTRAINT people_resolution_queue_matched_person_unique_id_fkey FOREIGN KEY (matched_person_unique_id)
        REFERENCES marketing.people_master (unique_id) ON DELETE SET NULL,
    CONSTRAINT people_resolution_queue_match_confidence_check CHECK (match_confidence BETWEEN 0 AND 1),
    CONSTRAINT people_resolution_queue_match_method_check
        CHECK (match_method IN ('exact_email', 'linkedin_url', 'fuzzy_name', 'manual')),
    CONSTRAINT people_resolution_queue_resolution_status_check
        CHECK (resolution_status IN ('pending', 'in_review', 'new_person', 'merged', 'rejected')),
    CONSTRAINT people_resolution_queue_priority_check CHECK (priority BETWEEN 1 AND 9),
    CONSTRAINT people_resolution_queue_resolved_has_time
        CHECK ((resolution_status IN ('pending', 'in_review')) = (resolved_at IS NULL))
);
CREATE INDEX idx_people_resolution_queue_company ON marketing.people_resolution_queue (company_unique_id);
CREATE INDEX idx_people_resolution_queue_matched_person ON marketing.people_resolution_queue (matched_person_unique_id);
CREATE INDEX idx_people_resolution_queue_open ON marketing.people_resolution_queue (priority, created_at)
    WHERE resolution_status IN ('pending', 'in_review');
CREATE INDEX idx_people_resolution_queue_email_lower ON marketing.people_resolution_queue (lower(candidate_email));
CREATE INDEX idx_people_resolution_queue_status_created ON marketing.people_resolution_queue (resolution_status, created_at);

COMMENT ON TABLE marketing.people_resolution_queue IS 'Duplicate detection and merging queue: every scraped or uploaded person candidate is matched against people_master here before it becomes a new person or is merged into an existing one.';
COMMENT ON COLUMN marketing.people_resolution_queue.queue_id IS 'Queue entry number (identity).';
COMMENT ON COLUMN marketing.people_resolution_queue.company_unique_id IS 'Company the candidate was found at.';
COMMENT ON COLUMN marketing.people_resolution_queue.matched_person_unique_id IS 'Person the candidate was resolved to (new or merged); NULL while open or when rejected.';
COMMENT ON COLUMN marketing.people_resolution_queue.slot_type IS 'Slot the candidate was found for.';
COMMENT ON COLUMN marketing.people_resolution_queue.candidate_full_name IS 'Name as scraped.';
COMMENT ON COLUMN marketing.people_resolution_queue.candidate_email IS 'Email as scraped or guessed.';
COMMENT ON COLUMN marketing.people_resolution_queue.candidate_linkedin_url IS 'LinkedIn profile as scraped.';
COMMENT ON COLUMN marketing.people_resolution_queue.candidate_title IS 'Title as scraped.';
COMMENT ON COLUMN marketing.people_resolution_queue.match_confidence IS 'Score 0-1 of the best match found in people_master.';
COMMENT ON COLUMN marketing.people_resolution_queue.match_method IS 'Rule that produced the match: exact_email, linkedin_url, fuzzy_name or manual.';
COMMENT ON COLUMN marketing.people_resolution_queue.resolution_status IS 'pending, in_review, new_person, merged or rejected.';
COMMENT ON COLUMN marketing.people_resolution_queue.resolution_notes IS 'Free-text reason recorded by the resolver.';
COMMENT ON COLUMN marketing.people_resolution_queue.resolved_by IS 'Process that resolved the entry: auto-resolver or review-console.';
COMMENT ON COLUMN marketing.people_resolution_queue.priority IS '1 (most urgent) to 9; CEO candidates are queued first.';
COMMENT ON COLUMN marketing.people_resolution_queue.resolved_at IS 'When the entry left the open states.';
COMMENT ON COLUMN marketing.people_resolution_queue.created_at IS 'When the candidate was queued.';
COMMENT ON COLUMN marketing.people_resolution_queue.updated_at IS 'Last change, maintained by a trigger.';
COMMENT ON INDEX marketing.idx_people_resolution_queue_open IS 'The resolver''s work list: open entries by priority.';

CREATE TABLE marketing.pipeline_events (
    event_id          bigint      GENERATED ALWAYS AS IDENTITY,
    company_unique_id text,
    person_unique_id  text,
    event_type        text        NOT NULL,
    payload           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    emitted_by        text        NOT NULL DEFAULT current_user,
    correlation_id    uuid        NOT NULL DEFAULT gen_random_uuid(),
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pipeline_events_pkey PRIMARY KEY (event_id),
    CONSTRAINT pipeline_events_event_type_format CHECK (event_type ~ '^[a-z_]+\.[a-z_]+$')
);
CREATE INDEX idx_pipeline_events_company_created ON marketing.pipeline_events (company_unique_id, created_at DESC);
CREATE INDEX idx_pipeline_events_type_created ON marketing.pipeline_events (event_type, created_at);

COMMENT ON TABLE marketing.pipeline_events IS 'Event tracking for the data pipeline: one row per promotion, slot change, enrichment request or run. Written by the pipeline services and by the event-logging triggers on company_master and people_master. No foreign keys: events outlive the rows they describe.';
COMMENT ON COLUMN marketing.pipeline_events.event_id IS 'Event number (identity); increases with time.';
COMMENT ON COLUMN marketing.pipeline_events.company_unique_id IS 'Company the event concerns, if any.';
COMMENT ON COLUMN marketing.pipeline_events.person_unique_id IS 'Person the event concerns, if any.';
COMMENT ON COLUMN marketing.pipeline_events.event_type IS 'Dotted name subject.action, e.g. company_master.insert or intake.batch_loaded.';
COMMENT ON COLUMN marketing.pipeline_events.payload IS 'Event details (JSON); for trigger events the operation and the changed columns.';
COMMENT ON COLUMN marketing.pipeline_events.emitted_by IS 'Service or trigger that wrote the event.';
COMMENT ON COLUMN marketing.pipeline_events.correlation_id IS 'Groups the events of one pipeline run or batch.';
COMMENT ON COLUMN marketing.pipeline_events.created_at IS 'When the event happened.';

CREATE FUNCTION marketing.log_pipeline_event()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_new     jsonb := to_jsonb(NEW);
    v_changed text[];
BEGIN
    -- Bulk loads that write their own history switch logging off for their session.
    IF coalesce(current_setting('marketing.suppress_pipeline_events', true), '') = 'on' THEN
        RETURN NULL;
    END IF;

    IF TG_OP = 'UPDATE' THEN
        SELECT array_agg(n.key ORDER BY n.key)
          INTO v_changed
          FROM jsonb_each(v_new) AS n
         WHERE n.value IS DISTINCT FROM (to_jsonb(OLD) -> n.key)
           AND n.key <> 'updated_at';
        IF v_changed IS NULL THEN
            RETURN NULL;  -- only updated_at moved: nothing worth an event
        END IF;
    END IF;

    INSERT INTO marketing.pipeline_events (company_unique_id, person_unique_id, event_type, payload, emitted_by)
    VALUES (v_new ->> 'company_unique_id',
            CASE WHEN TG_TABLE_NAME = 'people_master' THEN v_new ->> 'unique_id' END,
            TG_TABLE_NAME || '.' || lower(TG_OP),
            jsonb_strip_nulls(jsonb_build_object(
                'op', TG_OP,
                'table', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
                'changed', to_jsonb(v_changed))),
            'trigger:' || TG_NAME);
    RETURN NULL;
END
$fn$;
COMMENT ON FUNCTION marketing.log_pipeline_event() IS 'AFTER INSERT OR UPDATE row trigger: writes a subject.action event with the changed column names into marketing.pipeline_events. Updates that only move updated_at are not logged; nothing is logged while the session setting marketing.suppress_pipeline_events is on (bulk loads).';

CREATE TABLE marketing.pipeline_errors (
    error_unique_id   marketing.barton_id NOT NULL
        DEFAULT marketing.make_barton_id(40000, nextval('marketing.pipeline_error_seq')),
    event_id          bigint,
    company_unique_id text,
    process_stage     text                NOT NULL,
    error_code        text                NOT NULL,
    message           text                NOT NULL,
    severity          text                NOT NULL DEFAULT 'error',
    context           jsonb,
    resolution_status text                NOT NULL DEFAULT 'open',
    resolved_at       timestamptz,
    created_at        timestamptz         NOT NULL DEFAULT now(),
    CONSTRAINT pipeline_errors_pkey PRIMARY KEY (error_unique_id),
    CONSTRAINT pipeline_errors_process_stage_check
        CHECK (process_stage IN ('intake', 'validation', 'promotion', 'slotting', 'enrichment', 'verification', 'outreach')),
    CONSTRAINT pipeline_errors_severity_check CHECK (severity IN ('info', 'warning', 'error', 'critical')),
    CONSTRAINT pipeline_errors_resolution_status_check
        CHECK (resolution_status IN ('open', 'investigating', 'resolved', 'ignored'))
);
ALTER SEQUENCE marketing.pipeline_error_seq OWNED BY marketing.pipeline_errors.error_unique_id;
-- Added NOT VALID when the table already held rows written before events had ids.
ALTER TABLE marketing.pipeline_errors
    ADD CONSTRAINT pipeline_errors_event_id_fkey FOREIGN KEY (event_id)
    REFERENCES marketing.pipeline_events (event_id) ON DELETE SET NULL NOT VALID;
CREATE INDEX idx_pipeline_errors_company_unique_id ON marketing.pipeline_errors (company_unique_id);
CREATE INDEX idx_pipeline_errors_error_code ON marketing.pipeline_errors (error_code);
CREATE INDEX idx_pipeline_errors_open ON marketing.pipeline_errors (severity, created_at)
    WHERE resolution_status IN ('open', 'investigating');
CREATE INDEX idx_pipeline_errors_created_at_brin ON marketing.pipeline_errors USING brin (created_at);

COMMENT ON TABLE marketing.pipeline_errors IS 'Error tracking for pipeline operations: one row per failure with code, message, severity and resolution status. Error IDs are Barton IDs of class 40000.';
COMMENT ON COLUMN marketing.pipeline_errors.error_unique_id IS 'Barton ID of the error, class 40000 (04.04.02.04.40000.###), from marketing.pipeline_error_seq.';
COMMENT ON COLUMN marketing.pipeline_errors.event_id IS 'Pipeline event during which the error happened.';
COMMENT ON COLUMN marketing.pipeline_errors.company_unique_id IS 'Company being processed, if any.';
COMMENT ON COLUMN marketing.pipeline_errors.process_stage IS 'Pipeline stage that failed.';
COMMENT ON COLUMN marketing.pipeline_errors.error_code IS 'Stable machine-readable code, e.g. ENRICH_TIMEOUT.';
COMMENT ON COLUMN marketing.pipeline_errors.message IS 'Human-readable error message.';
COMMENT ON COLUMN marketing.pipeline_errors.severity IS 'info, warning, error or critical.';
COMMENT ON COLUMN marketing.pipeline_errors.context IS 'Request, response or stack details (JSON).';
COMMENT ON COLUMN marketing.pipeline_errors.resolution_status IS 'open, investigating, resolved or ignored.';
COMMENT ON COLUMN marketing.pipeline_errors.resolved_at IS 'When the error was resolved or ignored.';
COMMENT ON COLUMN marketing.pipeline_errors.created_at IS 'When the error happened.';
COMMENT ON CONSTRAINT pipeline_errors_event_id_fkey ON marketing.pipeline_errors IS 'NOT VALID: rows from before event ids existed are not checked.';
COMMENT ON INDEX marketing.idx_pipeline_errors_created_at_brin IS 'BRIN: errors are appended in time order.';

CREATE TABLE marketing.contact_enrichment (
    enrichment_id    bigint                        GENERATED BY DEFAULT AS IDENTITY,
    person_unique_id text                          NOT NULL,
    provider         marketing.enrichment_provider NOT NULL,
    job_status       text                          NOT NULL DEFAULT 'queued',
    external_job_id  text,
    request_payload  jsonb                         NOT NULL DEFAULT '{}'::jsonb,
    response_payload jsonb,
    cost_credits     numeric(10,4)                 NOT NULL DEFAULT 0,
    completed_at     timestamptz,
    created_at       timestamptz                   NOT NULL DEFAULT now(),
    updated_at       timestamptz                   NOT NULL DEFAULT now(),
    CONSTRAINT contact_enrichment_pkey PRIMARY KEY (enrichment_id),
    CONSTRAINT contact_enrichment_provider_external_job_id_key UNIQUE (provider, external_job_id),
    CONSTRAINT contact_enrichment_person_unique_id_fkey FOREIGN KEY (person_unique_id)
        REFERENCES marketing.people_master (unique_id) ON DELETE CASCADE,
    CONSTRAINT contact_enrichment_job_status_check
        CHECK (job_status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    CONSTRAINT contact_enrichment_cost_credits_check CHECK (cost_credits >= 0)
);
CREATE INDEX idx_contact_enrichment_person_unique_id ON marketing.contact_enrichment (person_unique_id);

COMMENT ON TABLE marketing.contact_enrichment IS 'Enrichment job tracking: one row per call to an external API (Apify, Abacus, Firecrawl) for a person; results are written back to people_master.';
COMMENT ON COLUMN marketing.contact_enrichment.enrichment_id IS 'Job number (identity).';
COMMENT ON COLUMN marketing.contact_enrichment.person_unique_id IS 'Person being enriched.';
COMMENT ON COLUMN marketing.contact_enrichment.provider IS 'External API used: apify, abacus or firecrawl.';
COMMENT ON COLUMN marketing.contact_enrichment.job_status IS 'queued, running, succeeded, failed or cancelled.';
COMMENT ON COLUMN marketing.contact_enrichment.external_job_id IS 'Run or request id at the provider; unique per provider.';
COMMENT ON COLUMN marketing.contact_enrichment.request_payload IS 'Input sent to the provider (JSON).';
COMMENT ON COLUMN marketing.contact_enrichment.response_payload IS 'Raw provider response (JSON).';
COMMENT ON COLUMN marketing.contact_enrichment.cost_credits IS 'Provider credits consumed.';
COMMENT ON COLUMN marketing.contact_enrichment.completed_at IS 'When the job reached a final state.';
COMMENT ON COLUMN marketing.contact_enrichment.created_at IS 'When the job was queued.';
COMMENT ON COLUMN marketing.contact_enrichment.updated_at IS 'Last change, maintained by a trigger.';

CREATE TABLE marketing.email_verification (
    verification_id     bigint      GENERATED BY DEFAULT AS IDENTITY,
    person_unique_id    text        NOT NULL,
    email               text        NOT NULL,
    verification_status text        NOT NULL,
    verifier            text        NOT NULL,
    mx_found            boolean,
    verified_at         timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT email_verification_pkey PRIMARY KEY (verification_id),
    CONSTRAINT email_verification_person_unique_id_fkey FOREIGN KEY (person_unique_id)
        REFERENCES marketing.people_master (unique_id) ON DELETE CASCADE,
    CONSTRAINT email_verification_status_check
        CHECK (verification_status IN ('valid', 'invalid', 'catch_all', 'disposable', 'unknown'))
);
CREATE INDEX idx_email_verification_person_unique_id ON marketing.email_verification (person_unique_id);
CREATE INDEX idx_email_verification_email_lower ON marketing.email_verification (lower(email));

COMMENT ON TABLE marketing.email_verification IS 'Email verification results: one row per check of a person''s email; the latest valid result sets people_master.is_verified.';
COMMENT ON COLUMN marketing.email_verification.verification_id IS 'Check number (identity).';
COMMENT ON COLUMN marketing.email_verification.person_unique_id IS 'Person whose email was checked.';
COMMENT ON COLUMN marketing.email_verification.email IS 'Address checked (lower case).';
COMMENT ON COLUMN marketing.email_verification.verification_status IS 'valid, invalid, catch_all, disposable or unknown.';
COMMENT ON COLUMN marketing.email_verification.verifier IS 'Verification service used.';
COMMENT ON COLUMN marketing.email_verification.mx_found IS 'Whether the domain has an MX record.';
COMMENT ON COLUMN marketing.email_verification.verified_at IS 'When the verifier answered.';
COMMENT ON COLUMN marketing.email_verification.created_at IS 'When the check was requested.';

CREATE TABLE marketing.message_key_reference (
    message_key_id    integer             GENERATED BY DEFAULT AS IDENTITY,
    message_key       text                NOT NULL,
    campaign_name     text                NOT NULL,
    channel           text                NOT NULL,
    target_slot       marketing.slot_role NOT NULL,
    sequence_step     smallint            NOT NULL,
    subject_template  text,
    body_template_ref text                NOT NULL,
    delay_days        smallint            NOT NULL DEFAULT 0,
    is_active         boolean             NOT NULL DEFAULT true,
    version           smallint            NOT NULL DEFAULT 1,
    created_at        timestamptz         NOT NULL DEFAULT now(),
    updated_at        timestamptz         NOT NULL DEFAULT now(),
    CONSTRAINT message_key_reference_pkey PRIMARY KEY (message_key_id),
    CONSTRAINT message_key_reference_message_key_key UNIQUE (message_key),
    CONSTRAINT message_key_reference_channel_check CHECK (channel IN ('email', 'linkedin', 'phone', 'sms')),
    CONSTRAINT message_key_reference_sequence_step_check CHECK (sequence_step BETWEEN 1 AND 10),
    CONSTRAINT message_key_reference_delay_days_check CHECK (delay_days >= 0),
    CONSTRAINT message_key_reference_message_key_format CHECK (message_key ~ '^[A-Z0-9_]+$')
);
CREATE UNIQUE INDEX uq_message_key_reference_campaign_step
    ON marketing.message_key_reference (campaign_name, sequence_step, channel);
CREATE INDEX idx_message_key_reference_active_slot ON marketing.message_key_reference (target_slot)
    WHERE is_active;

COMMENT ON TABLE marketing.message_key_reference IS 'Message tracking for outreach campaigns: the message keys of each campaign step, with channel, target slot, delay and template reference.';
COMMENT ON COLUMN marketing.message_key_reference.message_key_id IS 'Key number (identity).';
COMMENT ON COLUMN marketing.message_key_reference.message_key IS 'Stable key used by the outreach tools, e.g. EXEC_Q4_CEO_EMAIL_1.';
COMMENT ON COLUMN marketing.message_key_reference.campaign_name IS 'Campaign the message belongs to.';
COMMENT ON COLUMN marketing.message_key_reference.channel IS 'email, linkedin, phone or sms.';
COMMENT ON COLUMN marketing.message_key_reference.target_slot IS 'Executive slot the message is written for.';
COMMENT ON COLUMN marketing.message_key_reference.sequence_step IS 'Position of the message in the campaign sequence.';
COMMENT ON COLUMN marketing.message_key_reference.subject_template IS 'Subject line with {{placeholders}} (email only).';
COMMENT ON COLUMN marketing.message_key_reference.body_template_ref IS 'Path of the body template in the template store.';
COMMENT ON COLUMN marketing.message_key_reference.delay_days IS 'Days to wait after the previous step.';
COMMENT ON COLUMN marketing.message_key_reference.is_active IS 'False for retired messages.';
COMMENT ON COLUMN marketing.message_key_reference.version IS 'Template version; bumped on every copy change.';
COMMENT ON COLUMN marketing.message_key_reference.created_at IS 'Row creation time.';
COMMENT ON COLUMN marketing.message_key_reference.updated_at IS 'Last change, maintained by a trigger.';

-- -----------------------------------------------------------------------------
-- intake
-- -----------------------------------------------------------------------------
CREATE TABLE intake.company_raw_intake (
    intake_id               bigserial,
    company                 text,
    company_name_for_emails text,
    num_employees           text,
    industry                text,
    website                 text,
    company_linkedin_url    text,
    facebook_url            text,
    twitter_url             text,
    company_street          text,
    company_city            text,
    company_state           text,
    company_country         text,
    company_postal_code     text,
    company_address         text,
    keywords                text,
    company_phone           text,
    seo_description         text,
    technologies            text,
    total_funding           text,
    annual_revenue          text,
    sic_codes               text,
    founded_year            text,
    import_batch_id         text,
    imported_at             timestamptz DEFAULT now(),
    CONSTRAINT company_raw_intake_pkey PRIMARY KEY (intake_id)
);
CREATE INDEX idx_company_raw_intake_import_batch_id ON intake.company_raw_intake (import_batch_id);

COMMENT ON TABLE intake.company_raw_intake IS 'CSV upload staging area: raw company rows exactly as exported (all text, no constraints beyond trimming). Promoted to marketing.company_master after validation.';
COMMENT ON COLUMN intake.company_raw_intake.intake_id IS 'Row number of the upload (serial).';
COMMENT ON COLUMN intake.company_raw_intake.company IS 'CSV column "Company".';
COMMENT ON COLUMN intake.company_raw_intake.num_employees IS 'CSV column "# Employees", digits only after the trigger.';
COMMENT ON COLUMN intake.company_raw_intake.website IS 'CSV column "Website", lower-cased by the trigger.';
COMMENT ON COLUMN intake.company_raw_intake.company_state IS 'CSV column "Company State", upper-cased by the trigger.';
COMMENT ON COLUMN intake.company_raw_intake.annual_revenue IS 'CSV column "Annual Revenue", US dollars as text.';
COMMENT ON COLUMN intake.company_raw_intake.import_batch_id IS 'Upload batch, BATCH-YYYY-MM-DD-NN.';
COMMENT ON COLUMN intake.company_raw_intake.imported_at IS 'When the row was uploaded.';

-- -----------------------------------------------------------------------------
-- bit: Buyer Intent Tracking
-- -----------------------------------------------------------------------------
CREATE TABLE bit.bit_signal (
    signal_id         bigint       GENERATED ALWAYS AS IDENTITY,
    company_unique_id text         NOT NULL,
    person_unique_id  text,
    signal_type       text         NOT NULL,
    signal_source     text         NOT NULL,
    score             numeric(5,2) NOT NULL,
    weight            numeric(4,2) NOT NULL DEFAULT 1.00,
    signal_data       jsonb        NOT NULL DEFAULT '{}'::jsonb,
    detected_at       timestamptz  NOT NULL,
    expires_at        timestamptz,
    created_at        timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT bit_signal_pkey PRIMARY KEY (signal_id),
    CONSTRAINT bit_signal_company_unique_id_fkey FOREIGN KEY (company_unique_id)
        REFERENCES marketing.company_master (company_unique_id) ON DELETE CASCADE,
    CONSTRAINT bit_signal_signal_type_check CHECK (signal_type IN
        ('website_visit', 'pricing_page_view', 'content_download', 'job_posting', 'funding_round',
         'leadership_change', 'technology_install', 'email_engagement')),
    CONSTRAINT bit_signal_score_check CHECK (score BETWEEN 0 AND 100),
    CONSTRAINT bit_signal_expiry_after_detection CHECK (expires_at IS NULL OR expires_at > detected_at)
);
CREATE INDEX idx_bit_signal_company_unique_id ON bit.bit_signal (company_unique_id);
CREATE INDEX idx_bit_signal_person_unique_id ON bit.bit_signal (person_unique_id) WHERE person_unique_id IS NOT NULL;
CREATE INDEX idx_bit_signal_type_detected ON bit.bit_signal (signal_type, detected_at DESC);
CREATE INDEX idx_bit_signal_signal_data ON bit.bit_signal USING gin (signal_data);
CREATE INDEX idx_bit_signal_unexpired ON bit.bit_signal (company_unique_id, detected_at) WHERE expires_at IS NULL;

COMMENT ON TABLE bit.bit_signal IS 'Buyer intent signals: one row per detected signal (website visit, job posting, funding round...) with its score. Aggregated into bit_company_score and bit_contact_score.';
COMMENT ON COLUMN bit.bit_signal.signal_type IS 'Kind of signal.';
COMMENT ON COLUMN bit.bit_signal.score IS 'Strength of the signal, 0-100.';
COMMENT ON COLUMN bit.bit_signal.weight IS 'Multiplier applied during aggregation.';
COMMENT ON COLUMN bit.bit_signal.detected_at IS 'When the signal was observed.';
COMMENT ON COLUMN bit.bit_signal.expires_at IS 'After this time the signal no longer counts; NULL = never.';

CREATE TABLE bit.bit_company_score (
    company_unique_id text         NOT NULL,
    total_score       numeric(6,2) NOT NULL DEFAULT 0,
    signal_count      integer      NOT NULL DEFAULT 0,
    score_tier        text         NOT NULL DEFAULT 'cold',
    top_signal_type   text,
    last_signal_at    timestamptz,
    score_breakdown   jsonb        NOT NULL DEFAULT '{}'::jsonb,
    computed_at       timestamptz  NOT NULL DEFAULT now(),
    updated_at        timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT bit_company_score_pkey PRIMARY KEY (company_unique_id),
    CONSTRAINT bit_company_score_company_unique_id_fkey FOREIGN KEY (company_unique_id)
        REFERENCES marketing.company_master (company_unique_id) ON DELETE CASCADE,
    CONSTRAINT bit_company_score_score_tier_check CHECK (score_tier IN ('cold', 'warm', 'hot'))
);
CREATE INDEX idx_bit_company_score_total ON bit.bit_company_score (total_score DESC);
CREATE INDEX idx_bit_company_score_tier ON bit.bit_company_score (score_tier);
CREATE INDEX idx_bit_company_score_last_signal ON bit.bit_company_score (last_signal_at);

COMMENT ON TABLE bit.bit_company_score IS 'Aggregated company intent scores: the weighted sum of a company''s unexpired signals, recomputed by the scoring job.';
COMMENT ON COLUMN bit.bit_company_score.score_tier IS 'cold, warm or hot, from total_score thresholds.';
COMMENT ON COLUMN bit.bit_company_score.score_breakdown IS 'Score per signal type (JSON).';

CREATE TABLE bit.bit_contact_score (
    person_unique_id  text         NOT NULL,
    company_unique_id text         NOT NULL,
    total_score       numeric(6,2) NOT NULL DEFAULT 0,
    engagement_score  numeric(6,2) NOT NULL DEFAULT 0,
    signal_count      integer      NOT NULL DEFAULT 0,
    score_tier        text         NOT NULL DEFAULT 'cold',
    last_signal_at    timestamptz,
    score_breakdown   jsonb        NOT NULL DEFAULT '{}'::jsonb,
    computed_at       timestamptz  NOT NULL DEFAULT now(),
    updated_at        timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT bit_contact_score_pkey PRIMARY KEY (person_unique_id),
    CONSTRAINT bit_contact_score_person_unique_id_fkey FOREIGN KEY (person_unique_id)
        REFERENCES marketing.people_master (unique_id) ON DELETE CASCADE,
    CONSTRAINT bit_contact_score_score_tier_check CHECK (score_tier IN ('cold', 'warm', 'hot'))
);
CREATE INDEX idx_bit_contact_score_company_unique_id ON bit.bit_contact_score (company_unique_id);
CREATE INDEX idx_bit_contact_score_total ON bit.bit_contact_score (total_score DESC);
CREATE INDEX idx_bit_contact_score_tier ON bit.bit_contact_score (score_tier);

COMMENT ON TABLE bit.bit_contact_score IS 'Individual contact intent scores: person-level signals plus email and LinkedIn engagement.';
COMMENT ON COLUMN bit.bit_contact_score.engagement_score IS 'Part of the score earned by replies, opens and clicks.';

-- -----------------------------------------------------------------------------
-- ple: Product-Led Enrichment
-- -----------------------------------------------------------------------------
CREATE TABLE ple.ple_cycle (
    cycle_id          uuid          NOT NULL DEFAULT gen_random_uuid(),
    cycle_name        text          NOT NULL,
    company_unique_id text          NOT NULL,
    trigger_source    text          NOT NULL,
    status            text          NOT NULL DEFAULT 'planned',
    target_fields     text[]        NOT NULL DEFAULT '{}',
    steps_total       integer       NOT NULL DEFAULT 0,
    steps_completed   integer       NOT NULL DEFAULT 0,
    credits_budget    numeric(10,2),
    credits_used      numeric(10,2) NOT NULL DEFAULT 0,
    config            jsonb         NOT NULL DEFAULT '{}'::jsonb,
    error_summary     text,
    started_at        timestamptz,
    completed_at      timestamptz,
    created_at        timestamptz   NOT NULL DEFAULT now(),
    updated_at        timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT ple_cycle_pkey PRIMARY KEY (cycle_id),
    CONSTRAINT ple_cycle_company_cycle_name_key UNIQUE (company_unique_id, cycle_name),
    CONSTRAINT ple_cycle_status_check CHECK (status IN ('planned', 'running', 'completed', 'failed', 'cancelled')),
    CONSTRAINT ple_cycle_steps_check CHECK (steps_completed BETWEEN 0 AND steps_total),
    CONSTRAINT ple_cycle_budget_check CHECK (credits_budget IS NULL OR credits_used <= credits_budget)
);
CREATE INDEX idx_ple_cycle_status ON ple.ple_cycle (status);
CREATE INDEX idx_ple_cycle_started_at ON ple.ple_cycle (started_at DESC);
CREATE INDEX idx_ple_cycle_running ON ple.ple_cycle (started_at) WHERE status = 'running';
CREATE INDEX idx_ple_cycle_trigger_source ON ple.ple_cycle (trigger_source);

COMMENT ON TABLE ple.ple_cycle IS 'Enrichment cycle tracking: one cycle enriches one company (and its people) through a sequence of provider steps within a credit budget.';
COMMENT ON COLUMN ple.ple_cycle.trigger_source IS 'What started the cycle: schedule, new_company, intent_signal or manual.';
COMMENT ON COLUMN ple.ple_cycle.target_fields IS 'Fields the cycle tries to fill.';
COMMENT ON COLUMN ple.ple_cycle.credits_budget IS 'Maximum provider credits the cycle may spend.';

CREATE TABLE ple.ple_step (
    step_id        bigint                        GENERATED ALWAYS AS IDENTITY,
    cycle_id       uuid                          NOT NULL,
    step_order     smallint                      NOT NULL,
    step_name      text                          NOT NULL,
    provider       marketing.enrichment_provider NOT NULL,
    status         text                          NOT NULL DEFAULT 'pending',
    input_payload  jsonb                         NOT NULL DEFAULT '{}'::jsonb,
    output_payload jsonb,
    attempts       smallint                      NOT NULL DEFAULT 0,
    max_attempts   smallint                      NOT NULL DEFAULT 3,
    credits_used   numeric(10,2)                 NOT NULL DEFAULT 0,
    error_message  text,
    started_at     timestamptz,
    completed_at   timestamptz,
    created_at     timestamptz                   NOT NULL DEFAULT now(),
    updated_at     timestamptz                   NOT NULL DEFAULT now(),
    CONSTRAINT ple_step_pkey PRIMARY KEY (step_id),
    CONSTRAINT ple_step_cycle_step_order_key UNIQUE (cycle_id, step_order),
    CONSTRAINT ple_step_cycle_id_fkey FOREIGN KEY (cycle_id)
        REFERENCES ple.ple_cycle (cycle_id) ON DELETE CASCADE,
    CONSTRAINT ple_step_status_check CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'skipped')),
    CONSTRAINT ple_step_attempts_check CHECK (attempts BETWEEN 0 AND max_attempts)
);
CREATE INDEX idx_ple_step_status ON ple.ple_step (status);
CREATE INDEX idx_ple_step_provider ON ple.ple_step (provider);
CREATE INDEX idx_ple_step_failed ON ple.ple_step (cycle_id) WHERE status = 'failed';

COMMENT ON TABLE ple.ple_step IS 'Individual enrichment steps of a cycle: one provider call each, retried up to max_attempts.';
COMMENT ON COLUMN ple.ple_step.step_order IS 'Position of the step within its cycle.';
COMMENT ON COLUMN ple.ple_step.provider IS 'External API the step calls.';

CREATE TABLE ple.ple_log (
    log_id    bigint      GENERATED ALWAYS AS IDENTITY,
    cycle_id  uuid        NOT NULL,
    step_id   bigint,
    log_level text        NOT NULL DEFAULT 'info',
    component text        NOT NULL,
    message   text        NOT NULL,
    details   jsonb,
    logged_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ple_log_pkey PRIMARY KEY (log_id),
    CONSTRAINT ple_log_cycle_id_fkey FOREIGN KEY (cycle_id)
        REFERENCES ple.ple_cycle (cycle_id) ON DELETE RESTRICT,
    CONSTRAINT ple_log_log_level_check CHECK (log_level IN ('debug', 'info', 'warn', 'error'))
);
CREATE INDEX idx_ple_log_cycle_id ON ple.ple_log (cycle_id);
CREATE INDEX idx_ple_log_step_id ON ple.ple_log (step_id);
CREATE INDEX idx_ple_log_problems ON ple.ple_log (logged_at) WHERE log_level IN ('warn', 'error');
CREATE INDEX idx_ple_log_logged_at ON ple.ple_log (logged_at DESC);

COMMENT ON TABLE ple.ple_log IS 'Enrichment operation logs. A cycle with logs cannot be deleted (ON DELETE RESTRICT): logs are archived first.';
COMMENT ON COLUMN ple.ple_log.step_id IS 'Step that wrote the line (no foreign key: steps may be purged before logs).';

-- -----------------------------------------------------------------------------
-- public
-- -----------------------------------------------------------------------------
CREATE TABLE public.shq_validation_log (
    validation_log_id bigint      GENERATED ALWAYS AS IDENTITY,
    validation_run_id uuid        NOT NULL,
    source_table      text        NOT NULL,
    record_id         text        NOT NULL,
    rule_name         text        NOT NULL,
    passed            boolean     NOT NULL,
    failure_reason    text,
    details           jsonb,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT shq_validation_log_pkey PRIMARY KEY (validation_log_id)
);
COMMENT ON TABLE public.shq_validation_log IS 'Validation operation logs: one row per rule evaluated on a record during a validation run.';
COMMENT ON COLUMN public.shq_validation_log.validation_run_id IS 'Groups the rows of one validation run.';
COMMENT ON COLUMN public.shq_validation_log.source_table IS 'Schema-qualified table of the record checked.';
COMMENT ON COLUMN public.shq_validation_log.passed IS 'True when the record satisfied the rule.';

-- -----------------------------------------------------------------------------
-- neon_auth (same shape as Neon Auth's own table)
-- -----------------------------------------------------------------------------
CREATE TABLE neon_auth.users_sync (
    raw_json   jsonb NOT NULL,
    id         text  NOT NULL GENERATED ALWAYS AS (raw_json ->> 'id') STORED,
    name       text  GENERATED ALWAYS AS (raw_json ->> 'display_name') STORED,
    email      text  GENERATED ALWAYS AS (raw_json ->> 'primary_email') STORED,
    created_at timestamptz GENERATED ALWAYS AS
        (to_timestamp(trunc(((raw_json ->> 'signed_up_at_millis')::bigint)::double precision / 1000))) STORED,
    updated_at timestamptz,
    deleted_at timestamptz,
    CONSTRAINT users_sync_pkey PRIMARY KEY (id)
);
CREATE INDEX users_sync_deleted_at_idx ON neon_auth.users_sync (deleted_at);
COMMENT ON TABLE neon_auth.users_sync IS 'User authentication sync table: one row per application user, mirrored from the auth provider. id, name, email and created_at are generated from raw_json.';
COMMENT ON COLUMN neon_auth.users_sync.raw_json IS 'User object as sent by the auth provider.';
COMMENT ON COLUMN neon_auth.users_sync.deleted_at IS 'Set when the user is deleted at the provider.';

-- -----------------------------------------------------------------------------
-- archive: tables retired by previous migrations
-- -----------------------------------------------------------------------------
CREATE TABLE archive.public_storage_evaluation_state_county_zip_v2 (
    zip                      character(5)  NOT NULL,
    city                     text          NOT NULL,
    state_code               character(2)  NOT NULL,
    state_name               text          NOT NULL,
    county_name              text          NOT NULL,
    county_fips              character(5)  NOT NULL,
    latitude                 numeric(9,6)  NOT NULL,
    longitude                numeric(9,6)  NOT NULL,
    population               integer       NOT NULL,
    households               integer,
    median_household_income  integer,
    median_home_value        integer,
    land_area_sq_mi          numeric(10,3),
    population_density       numeric(10,2),
    storage_facility_count   smallint      NOT NULL DEFAULT 0,
    storage_sqft_per_capita  numeric(6,2),
    demand_score             numeric(5,2),
    competition_score        numeric(5,2),
    opportunity_score        numeric(5,2),
    is_urban                 boolean       NOT NULL DEFAULT false,
    source_dataset           text          NOT NULL DEFAULT 'acs_5yr_2022',
    evaluated_at             timestamptz   NOT NULL,
    CONSTRAINT public_storage_evaluation_state_county_zip_v2_pkey PRIMARY KEY (zip)
);
CREATE INDEX idx_pse_zip_v2_state_county ON archive.public_storage_evaluation_state_county_zip_v2 (state_code, county_name);
CREATE INDEX idx_pse_zip_v2_county_fips ON archive.public_storage_evaluation_state_county_zip_v2 (county_fips);
CREATE INDEX idx_pse_zip_v2_lat_lon ON archive.public_storage_evaluation_state_county_zip_v2 (latitude, longitude);
CREATE INDEX idx_pse_zip_v2_opportunity ON archive.public_storage_evaluation_state_county_zip_v2 (state_code, opportunity_score DESC)
    WHERE population >= 5000;
COMMENT ON TABLE archive.public_storage_evaluation_state_county_zip_v2 IS 'Archived from public (2025-03): storage-evaluation side project, one row per US ZIP code with census demographics, self-storage supply and demand/competition/opportunity scores. Second version of the dataset.';
COMMENT ON COLUMN archive.public_storage_evaluation_state_county_zip_v2.storage_sqft_per_capita IS 'Rentable self-storage square feet per resident; above 7 the market counts as saturated.';
COMMENT ON COLUMN archive.public_storage_evaluation_state_county_zip_v2.opportunity_score IS 'demand_score minus competition_score, rescaled to 0-100.';
COMMENT ON INDEX archive.idx_pse_zip_v2_lat_lon IS 'Bounding-box searches around a site.';

CREATE TABLE archive.public_storage_evaluation_focus_states (
    focus_id                 serial,
    state_code               character(2)  NOT NULL,
    zip                      character(5)  NOT NULL,
    county_name              text          NOT NULL,
    population               integer       NOT NULL,
    facility_count           smallint      NOT NULL,
    total_rentable_sqft      integer,
    avg_rent_10x10           numeric(7,2),
    occupancy_rate           numeric(5,4),
    saturation_sqft_per_capita numeric(6,2),
    market_tier              character(1)  NOT NULL,
    recommended              boolean       NOT NULL DEFAULT false,
    notes                    text,
    evaluated_at             timestamptz   NOT NULL,
    CONSTRAINT public_storage_evaluation_focus_states_pkey PRIMARY KEY (focus_id)
);
CREATE INDEX idx_pse_focus_states_state_zip ON archive.public_storage_evaluation_focus_states (state_code, zip);
CREATE INDEX idx_pse_focus_states_tier ON archive.public_storage_evaluation_focus_states (market_tier) WHERE recommended;
COMMENT ON TABLE archive.public_storage_evaluation_focus_states IS 'Archived from public (2025-03): detailed storage-market evaluation of every ZIP code in the five focus states (PA, OH, VA, WV, MD).';

CREATE TABLE archive.public_storage_evaluation_state_county_zip (
    state       text,
    county      text,
    zip         text,
    population  integer,
    lat         double precision,
    lon         double precision,
    score       numeric,
    created_at  timestamp without time zone
);
COMMENT ON TABLE archive.public_storage_evaluation_state_county_zip IS 'Archived from public: first version of the ZIP-level storage dataset, superseded by public_storage_evaluation_state_county_zip_v2 and emptied. No primary key.';

CREATE TABLE archive.public_storage_evaluation_runs (
    run_id          serial PRIMARY KEY,
    run_label       text        NOT NULL,
    states_included text[]      NOT NULL,
    zips_evaluated  integer     NOT NULL,
    model_version   text        NOT NULL,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    notes           text
);
COMMENT ON TABLE archive.public_storage_evaluation_runs IS 'Archived from public: runs of the storage-evaluation scoring model.';

CREATE TABLE archive.public_storage_evaluation_competitors (
    facility_name      text,
    operator           text,
    zip                character(5),
    state_code         character(2),
    rentable_sqft      integer,
    unit_count         integer,
    climate_controlled boolean,
    street_rate_10x10  numeric(7,2),
    scraped_at         timestamptz
);
CREATE INDEX idx_pse_competitors_zip ON archive.public_storage_evaluation_competitors (zip);
COMMENT ON TABLE archive.public_storage_evaluation_competitors IS 'Archived from public: sample of competing self-storage facilities scraped for the focus states. No primary key.';

CREATE TABLE archive.public_storage_evaluation_scores (
    zip               character(5),
    run_id            integer,
    demand_score      numeric(5,2),
    competition_score numeric(5,2),
    opportunity_score numeric(5,2),
    computed_at       timestamptz
);
COMMENT ON TABLE archive.public_storage_evaluation_scores IS 'Archived from public: per-run scores, emptied once the scores were folded into the _v2 table.';

CREATE TABLE archive.shq_schema_registry (
    registry_id      serial,
    schema_name      text        NOT NULL,
    table_name       text        NOT NULL,
    column_name      text        NOT NULL,
    ordinal_position smallint    NOT NULL,
    data_type        text        NOT NULL,
    is_nullable      boolean     NOT NULL,
    is_primary_key   boolean     NOT NULL DEFAULT false,
    barton_segment   text,
    doctrine_version text        NOT NULL,
    description      text,
    registered_at    timestamptz NOT NULL,
    CONSTRAINT shq_schema_registry_pkey PRIMARY KEY (registry_id),
    CONSTRAINT shq_schema_registry_column_key UNIQUE (schema_name, table_name, column_name)
);
COMMENT ON TABLE archive.shq_schema_registry IS 'Archived from public: hand-maintained registry of schema metadata (one row per column of the registered tables, with its Barton segment), replaced by catalog introspection.';

CREATE TABLE archive.company_master_legacy (
    id          serial PRIMARY KEY,
    company_name text NOT NULL,
    domain      text,
    industry    text,
    employees   text,
    city        text,
    state       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE archive.company_master_legacy IS 'Archived from marketing: company table used before Barton IDs were introduced (integer keys).';

CREATE TABLE archive.company_master_backup_20240915 (
    company_unique_id text,
    company_name      text,
    website_url       text,
    industry          text,
    employee_count    integer,
    created_at        timestamptz,
    updated_at        timestamptz
);
COMMENT ON TABLE archive.company_master_backup_20240915 IS 'Backup of marketing.company_master taken before the 2024-09-16 re-import. No primary key.';

CREATE TABLE archive.company_contacts (
    company_id   integer,
    contact_name text,
    contact_role text,
    email        text,
    phone        text,
    added_at     timestamptz
);
COMMENT ON TABLE archive.company_contacts IS 'Archived from marketing: free-form company contacts, replaced by company_slots and people_master. Emptied after migration.';

CREATE TABLE archive.company_contacts_v0 (
    id           serial PRIMARY KEY,
    company_name text,
    contact_name text,
    title        text,
    email        text,
    source       text,
    created_at   timestamptz
);
COMMENT ON TABLE archive.company_contacts_v0 IS 'Archived from marketing: first contacts table, loaded from a spreadsheet export.';

CREATE TABLE archive.company_slots_legacy (
    slot_id      serial PRIMARY KEY,
    company_id   integer NOT NULL,
    slot_type    text    NOT NULL,
    contact_name text,
    filled       boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE archive.company_slots_legacy IS 'Archived from marketing: slot table keyed on company_master_legacy.id, before slots got Barton IDs.';

CREATE TABLE archive.company_domains (
    domain            text PRIMARY KEY,
    company_unique_id text,
    is_primary        boolean NOT NULL DEFAULT true,
    mx_provider       text,
    checked_at        timestamptz
);
COMMENT ON TABLE archive.company_domains IS 'Archived from marketing: company email domains and their MX provider, folded into company_master.website_url.';

CREATE TABLE archive.company_enrichment_apollo (
    id                serial PRIMARY KEY,
    company_unique_id text,
    apollo_org_id     text,
    raw_response      jsonb,
    fetched_at        timestamptz
);
COMMENT ON TABLE archive.company_enrichment_apollo IS 'Archived from marketing: company enrichment responses from the Apollo export era.';

CREATE TABLE archive.contact_master (
    contact_id   serial PRIMARY KEY,
    first_name   text,
    last_name    text,
    email        text,
    phone        text,
    title        text,
    company_name text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE archive.contact_master IS 'Archived from marketing: contact table replaced by people_master.';

CREATE TABLE archive.contact_emails (
    contact_id integer,
    email      text,
    is_primary boolean,
    bounced    boolean,
    created_at timestamptz
);
COMMENT ON TABLE archive.contact_emails IS 'Archived from marketing: secondary emails of contact_master rows. Emptied.';

CREATE TABLE archive.contact_phone_numbers (
    contact_id integer,
    phone      text,
    phone_type text,
    created_at timestamptz
);
COMMENT ON TABLE archive.contact_phone_numbers IS 'Archived from marketing: phone numbers of contact_master rows. Emptied.';

CREATE TABLE archive.contact_linkedin_profiles (
    profile_url  text PRIMARY KEY,
    contact_id   integer,
    headline     text,
    connections  integer,
    scraped_at   timestamptz
);
COMMENT ON TABLE archive.contact_linkedin_profiles IS 'Archived from marketing: LinkedIn profiles scraped for contact_master.';

CREATE TABLE archive.contact_dedup_candidates (
    contact_id_a integer,
    contact_id_b integer,
    similarity   numeric(4,3),
    decided      text,
    created_at   timestamptz
);
COMMENT ON TABLE archive.contact_dedup_candidates IS 'Archived from marketing: duplicate pairs of the old contact table, replaced by people_resolution_queue. Emptied.';

CREATE TABLE archive.people_master_backup_20250301 (
    unique_id         text,
    company_unique_id text,
    full_name         text,
    title             text,
    email             text,
    linkedin_url      text,
    created_at        timestamptz,
    updated_at        timestamptz
);
COMMENT ON TABLE archive.people_master_backup_20250301 IS 'Backup of marketing.people_master taken before the 2025-03-01 merge run. No primary key.';

CREATE TABLE archive.people_titles_normalized (
    raw_title        text PRIMARY KEY,
    normalized_title text NOT NULL,
    slot_type        text,
    seniority        text
);
COMMENT ON TABLE archive.people_titles_normalized IS 'Archived from marketing: lookup used to map scraped titles to slots; the mapping now lives in the resolver.';

CREATE TABLE archive.people_import_batches (
    batch_id    text PRIMARY KEY,
    source      text NOT NULL,
    row_count   integer NOT NULL,
    loaded_at   timestamptz NOT NULL,
    notes       text
);
COMMENT ON TABLE archive.people_import_batches IS 'Archived from intake: people CSV uploads of 2024.';

CREATE TABLE archive.marketing_campaigns (
    campaign_id serial PRIMARY KEY,
    name        text NOT NULL,
    channel     text NOT NULL,
    status      text NOT NULL,
    starts_on   date,
    ends_on     date,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE archive.marketing_campaigns IS 'Historical marketing campaigns (2023-2024), replaced by message_key_reference.';

CREATE TABLE archive.marketing_campaign_steps (
    step_id     serial PRIMARY KEY,
    campaign_id integer NOT NULL REFERENCES archive.marketing_campaigns (campaign_id) ON DELETE CASCADE,
    step_number smallint NOT NULL,
    channel     text NOT NULL,
    delay_days  smallint NOT NULL DEFAULT 0,
    template    text
);
COMMENT ON TABLE archive.marketing_campaign_steps IS 'Historical marketing campaign steps.';

CREATE TABLE archive.marketing_outreach_log (
    campaign_id integer,
    contact_id  integer,
    step_number smallint,
    sent_at     timestamptz,
    opened_at   timestamptz,
    replied_at  timestamptz
);
COMMENT ON TABLE archive.marketing_outreach_log IS 'Historical outreach log of the old campaigns. Emptied (retention).';

CREATE TABLE archive.marketing_lead_scores (
    contact_id integer,
    score      integer,
    reason     text,
    scored_at  timestamptz
);
COMMENT ON TABLE archive.marketing_lead_scores IS 'Historical lead scores, replaced by the bit schema. Emptied.';

CREATE TABLE archive.marketing_email_templates (
    template_key text PRIMARY KEY,
    subject      text,
    body         text,
    created_at   timestamptz
);
COMMENT ON TABLE archive.marketing_email_templates IS 'Historical email templates of the old campaigns.';

CREATE TABLE archive.marketing_unsubscribes (
    email           text,
    unsubscribed_at timestamptz,
    source          text
);
COMMENT ON TABLE archive.marketing_unsubscribes IS 'Historical unsubscribe list, moved to the email provider. Emptied.';

CREATE TABLE archive.marketing_ab_tests (
    test_id     serial PRIMARY KEY,
    name        text,
    variant_a   text,
    variant_b   text,
    winner      text,
    started_on  date,
    ended_on    date
);
COMMENT ON TABLE archive.marketing_ab_tests IS 'Historical subject-line A/B tests.';

CREATE TABLE archive.validation_rules (
    rule_id       serial PRIMARY KEY,
    rule_name     text NOT NULL UNIQUE,
    target_table  text NOT NULL,
    target_column text,
    rule_type     text NOT NULL,
    expression    text NOT NULL,
    severity      text NOT NULL,
    is_active     boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE archive.validation_rules IS 'Archived validation rules of the first intake validator; the rules now live in the validation code.';

CREATE TABLE archive.validation_results (
    rule_id    integer,
    record_id  text,
    passed     boolean,
    checked_at timestamptz
);
COMMENT ON TABLE archive.validation_results IS 'Archived results of the first intake validator. Emptied.';

CREATE TABLE archive.validation_failures (
    rule_id    integer,
    record_id  text,
    value      text,
    message    text,
    failed_at  timestamptz
);
COMMENT ON TABLE archive.validation_failures IS 'Archived failures of the first intake validator. Emptied.';

CREATE TABLE archive.shq_validation_log_2024 (
    id             bigint,
    run_id         uuid,
    source_table   text,
    record_id      text,
    rule_name      text,
    passed         boolean,
    failure_reason text,
    created_at     timestamptz
);
COMMENT ON TABLE archive.shq_validation_log_2024 IS 'public.shq_validation_log rows of 2024 (failures only), moved here at year end. No primary key.';

CREATE TABLE archive.shq_process_registry (
    process_id     text PRIMARY KEY,
    process_name   text NOT NULL,
    barton_segment text NOT NULL,
    subsystem      text NOT NULL,
    is_active      boolean NOT NULL DEFAULT true,
    registered_at  timestamptz NOT NULL
);
COMMENT ON TABLE archive.shq_process_registry IS 'Archived from public: registry of pipeline processes and their Barton segments.';

CREATE TABLE archive.shq_error_log (
    error_unique_id text,
    process_id      text,
    error_code      text,
    message         text,
    severity        text,
    created_at      timestamptz
);
COMMENT ON TABLE archive.shq_error_log IS 'Archived from public: error log of the first pipeline, replaced by marketing.pipeline_errors. No primary key.';

CREATE TABLE archive.enrichment_jobs_apify (
    run_id        text PRIMARY KEY,
    actor         text NOT NULL,
    input_count   integer,
    output_count  integer,
    status        text,
    cost_usd      numeric(8,2),
    started_at    timestamptz,
    finished_at   timestamptz
);
COMMENT ON TABLE archive.enrichment_jobs_apify IS 'Archived enrichment jobs run on Apify before contact_enrichment tracked every provider.';

CREATE TABLE archive.enrichment_jobs_abacus (
    job_id      text,
    request     jsonb,
    response    jsonb,
    status      text,
    created_at  timestamptz
);
COMMENT ON TABLE archive.enrichment_jobs_abacus IS 'Archived enrichment jobs run on Abacus. Emptied.';

CREATE TABLE archive.enrichment_results_firecrawl (
    url          text,
    crawled_at   timestamptz,
    status_code  smallint,
    page_title   text,
    extracted    jsonb
);
COMMENT ON TABLE archive.enrichment_results_firecrawl IS 'Archived website crawl results from Firecrawl. No primary key.';

CREATE TABLE archive.enrichment_provider_costs (
    provider      text NOT NULL,
    month         date NOT NULL,
    requests      integer NOT NULL,
    cost_usd      numeric(10,2) NOT NULL,
    PRIMARY KEY (provider, month)
);
COMMENT ON TABLE archive.enrichment_provider_costs IS 'Archived monthly cost of each enrichment provider.';

CREATE TABLE archive.enrichment_queue_v1 (
    id          serial PRIMARY KEY,
    person_ref  text,
    provider    text,
    status      text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE archive.enrichment_queue_v1 IS 'Archived first enrichment queue, replaced by contact_enrichment and the ple schema. Emptied.';

CREATE TABLE archive.intake_company_csv_2024 (
    company     text,
    website     text,
    industry    text,
    employees   text,
    city        text,
    state       text,
    uploaded_at timestamptz
);
COMMENT ON TABLE archive.intake_company_csv_2024 IS 'Archived from intake: company CSV staging table of 2024, replaced by intake.company_raw_intake. Emptied.';

CREATE TABLE archive.intake_people_csv_2024 (
    first_name  text,
    last_name   text,
    title       text,
    company     text,
    email       text,
    linkedin    text,
    uploaded_at timestamptz
);
COMMENT ON TABLE archive.intake_people_csv_2024 IS 'Archived from intake: people CSV staging table of 2024. Emptied.';

CREATE TABLE archive.bit_signal_v0 (
    id          serial PRIMARY KEY,
    company_ref text,
    signal      text,
    strength    integer,
    seen_at     timestamptz
);
COMMENT ON TABLE archive.bit_signal_v0 IS 'Archived prototype of bit.bit_signal. Emptied.';

CREATE TABLE archive.ple_cycle_v0 (
    id          serial PRIMARY KEY,
    company_ref text,
    status      text,
    started_at  timestamptz,
    finished_at timestamptz
);
COMMENT ON TABLE archive.ple_cycle_v0 IS 'Archived prototype of ple.ple_cycle. Emptied.';

CREATE TABLE archive.pipeline_events_2024 (
    event_id          bigint,
    company_unique_id text,
    event_type        text,
    payload           jsonb,
    created_at        timestamptz
);
CREATE INDEX idx_pipeline_events_2024_created_at ON archive.pipeline_events_2024 (created_at);
COMMENT ON TABLE archive.pipeline_events_2024 IS 'Sample of 2024 pipeline events in the pre-Barton format, kept when the rest was purged. No primary key.';

CREATE TABLE archive.message_key_reference_v1 (
    message_key   text PRIMARY KEY,
    campaign_name text,
    channel       text,
    subject       text,
    is_active     boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE archive.message_key_reference_v1 IS 'Archived first version of marketing.message_key_reference (no slot targeting).';

-- -----------------------------------------------------------------------------
-- Triggers
-- -----------------------------------------------------------------------------
CREATE TRIGGER trg_company_master_touch_updated_at BEFORE UPDATE ON marketing.company_master
    FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER trg_company_slots_touch_updated_at BEFORE UPDATE ON marketing.company_slots
    FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER trg_people_master_touch_updated_at BEFORE UPDATE ON marketing.people_master
    FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER trg_people_resolution_queue_touch_updated_at BEFORE UPDATE ON marketing.people_resolution_queue
    FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER trg_contact_enrichment_touch_updated_at BEFORE UPDATE ON marketing.contact_enrichment
    FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER trg_message_key_reference_touch_updated_at BEFORE UPDATE ON marketing.message_key_reference
    FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER trg_bit_company_score_touch_updated_at BEFORE UPDATE ON bit.bit_company_score
    FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER trg_bit_contact_score_touch_updated_at BEFORE UPDATE ON bit.bit_contact_score
    FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER trg_ple_cycle_touch_updated_at BEFORE UPDATE ON ple.ple_cycle
    FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER trg_ple_step_touch_updated_at BEFORE UPDATE ON ple.ple_step
    FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
-- Kept from the live tables when they were moved to archive.
CREATE TRIGGER trg_company_master_legacy_touch_updated_at BEFORE UPDATE ON archive.company_master_legacy
    FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER trg_company_slots_legacy_touch_updated_at BEFORE UPDATE ON archive.company_slots_legacy
    FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER trg_contact_master_touch_updated_at BEFORE UPDATE ON archive.contact_master
    FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER trg_marketing_campaigns_touch_updated_at BEFORE UPDATE ON archive.marketing_campaigns
    FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER trg_validation_rules_touch_updated_at BEFORE UPDATE ON archive.validation_rules
    FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER trg_enrichment_queue_v1_touch_updated_at BEFORE UPDATE ON archive.enrichment_queue_v1
    FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER trg_message_key_reference_v1_touch_updated_at BEFORE UPDATE ON archive.message_key_reference_v1
    FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();

CREATE TRIGGER trg_company_raw_intake_validate BEFORE INSERT OR UPDATE ON intake.company_raw_intake
    FOR EACH ROW EXECUTE FUNCTION intake.validate_company_raw_intake();

CREATE TRIGGER trg_company_master_log_event AFTER INSERT OR UPDATE ON marketing.company_master
    FOR EACH ROW EXECUTE FUNCTION marketing.log_pipeline_event();
CREATE TRIGGER trg_people_master_log_event AFTER INSERT OR UPDATE ON marketing.people_master
    FOR EACH ROW EXECUTE FUNCTION marketing.log_pipeline_event();

COMMENT ON TRIGGER trg_company_master_touch_updated_at ON marketing.company_master IS 'Keeps updated_at current.';
COMMENT ON TRIGGER trg_company_raw_intake_validate ON intake.company_raw_intake IS 'Trims and validates every raw row; a bad row aborts the whole upload batch.';
COMMENT ON TRIGGER trg_company_master_log_event ON marketing.company_master IS 'Logs inserts and real changes as company_master.insert / company_master.update events.';
COMMENT ON TRIGGER trg_people_master_log_event ON marketing.people_master IS 'Logs inserts and real changes as people_master.insert / people_master.update events.';
COMMENT ON TRIGGER trg_company_master_legacy_touch_updated_at ON archive.company_master_legacy IS 'Left over from before the table was archived.';

-- -----------------------------------------------------------------------------
-- Row-level security (sensitive contact data)
-- -----------------------------------------------------------------------------
ALTER TABLE marketing.people_master ENABLE ROW LEVEL SECURITY;
ALTER TABLE marketing.email_verification ENABLE ROW LEVEL SECURITY;
ALTER TABLE marketing.contact_enrichment ENABLE ROW LEVEL SECURITY;
ALTER TABLE marketing.contact_enrichment FORCE ROW LEVEL SECURITY;
ALTER TABLE neon_auth.users_sync ENABLE ROW LEVEL SECURITY;

CREATE POLICY people_master_select_live ON marketing.people_master
    AS PERMISSIVE FOR SELECT TO PUBLIC
    USING (deleted_at IS NULL);
CREATE POLICY people_master_select_all_for_readers ON marketing.people_master
    AS PERMISSIVE FOR SELECT TO pg_read_all_data
    USING (true);
CREATE POLICY people_master_write_for_writers ON marketing.people_master
    AS PERMISSIVE FOR ALL TO pg_write_all_data
    USING (true) WITH CHECK (true);
CREATE POLICY people_master_deleted_are_frozen ON marketing.people_master
    AS RESTRICTIVE FOR UPDATE TO PUBLIC
    USING (deleted_at IS NULL);

CREATE POLICY email_verification_select ON marketing.email_verification
    AS PERMISSIVE FOR SELECT TO PUBLIC
    USING (true);
CREATE POLICY email_verification_insert_lower_case ON marketing.email_verification
    AS PERMISSIVE FOR INSERT TO pg_write_all_data
    WITH CHECK (email = lower(email));

CREATE POLICY contact_enrichment_select ON marketing.contact_enrichment
    AS PERMISSIVE FOR SELECT TO PUBLIC
    USING (true);
CREATE POLICY contact_enrichment_write_for_writers ON marketing.contact_enrichment
    AS PERMISSIVE FOR ALL TO pg_write_all_data
    USING (true) WITH CHECK (true);
CREATE POLICY contact_enrichment_delete_finished_only ON marketing.contact_enrichment
    AS RESTRICTIVE FOR DELETE TO PUBLIC
    USING (job_status IN ('succeeded', 'failed', 'cancelled'));

CREATE POLICY users_sync_select_live ON neon_auth.users_sync
    AS PERMISSIVE FOR SELECT TO PUBLIC
    USING (deleted_at IS NULL);

COMMENT ON POLICY people_master_select_live ON marketing.people_master IS 'Any role sees only records that are not soft-deleted.';
COMMENT ON POLICY people_master_deleted_are_frozen ON marketing.people_master IS 'Restrictive: soft-deleted records can no longer be updated, whatever other policy allows.';
COMMENT ON POLICY contact_enrichment_delete_finished_only ON marketing.contact_enrichment IS 'Restrictive: jobs still queued or running cannot be deleted.';

-- -----------------------------------------------------------------------------
-- Views
-- -----------------------------------------------------------------------------
CREATE VIEW marketing.v_company_slot_coverage AS
SELECT cm.company_unique_id,
       cm.company_name,
       cm.industry,
       cm.address_state,
       count(cs.company_slot_unique_id)                                    AS slots_total,
       count(cs.company_slot_unique_id) FILTER (WHERE cs.is_filled)        AS slots_filled,
       coalesce(bool_or(cs.is_filled) FILTER (WHERE cs.slot_type = 'CEO'), false) AS has_ceo,
       coalesce(bool_or(cs.is_filled) FILTER (WHERE cs.slot_type = 'CFO'), false) AS has_cfo,
       coalesce(bool_or(cs.is_filled) FILTER (WHERE cs.slot_type = 'HR'), false)  AS has_hr,
       round(100.0 * count(cs.company_slot_unique_id) FILTER (WHERE cs.is_filled)
             / nullif(count(cs.company_slot_unique_id), 0), 1)             AS coverage_pct
  FROM marketing.company_master cm
  LEFT JOIN marketing.company_slots cs ON cs.company_unique_id = cm.company_unique_id
 WHERE cm.deleted_at IS NULL
 GROUP BY cm.company_unique_id;
COMMENT ON VIEW marketing.v_company_slot_coverage IS 'Slot coverage per live company: how many of its executive slots are filled, and which.';
COMMENT ON COLUMN marketing.v_company_slot_coverage.coverage_pct IS 'Filled slots as a percentage of all slots, one decimal.';

CREATE VIEW marketing.v_people_outreach_ready WITH (security_invoker = true) AS
SELECT pm.unique_id,
       pm.full_name,
       pm.title,
       pm.email,
       pm.linkedin_url,
       cs.slot_type,
       cm.company_unique_id,
       cm.company_name,
       cm.website_url
  FROM marketing.people_master pm
  JOIN marketing.company_master cm ON cm.company_unique_id = pm.company_unique_id
  LEFT JOIN marketing.company_slots cs ON cs.company_slot_unique_id = pm.company_slot_unique_id
 WHERE pm.is_active
   AND pm.is_verified
   AND pm.deleted_at IS NULL
   AND cm.is_active;
COMMENT ON VIEW marketing.v_people_outreach_ready IS 'Active people with a verified email at an active company: the audience of outreach campaigns. security_invoker, so the row-level security of people_master applies to the caller.';

CREATE MATERIALIZED VIEW marketing.mv_industry_summary AS
SELECT cm.industry,
       count(*)                                   AS companies,
       round(avg(cm.employee_count))::integer     AS avg_employees,
       sum(cm.annual_revenue)                     AS total_revenue,
       coalesce(sum(p.people), 0)::integer        AS people,
       coalesce(sum(p.verified_people), 0)::integer AS verified_people
  FROM marketing.company_master cm
  LEFT JOIN (SELECT company_unique_id,
                    count(*)                             AS people,
                    count(*) FILTER (WHERE is_verified)  AS verified_people
               FROM marketing.people_master
              WHERE deleted_at IS NULL
              GROUP BY company_unique_id) p ON p.company_unique_id = cm.company_unique_id
 WHERE cm.is_active AND cm.industry IS NOT NULL
 GROUP BY cm.industry
WITH DATA;
CREATE UNIQUE INDEX uq_mv_industry_summary_industry ON marketing.mv_industry_summary (industry);
COMMENT ON MATERIALIZED VIEW marketing.mv_industry_summary IS 'Companies, size, revenue and contact coverage per industry for the weekly dashboard; refreshed after each promotion run (REFRESH ... CONCURRENTLY uses the unique index).';
