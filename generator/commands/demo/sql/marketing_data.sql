-- =============================================================================
-- schemadoc sample database: "Marketing DB" -- rows
--
-- Load after marketing_schema.sql, into the same database:
--     psql -v ON_ERROR_STOP=1 -q -d marketing -f marketing_data.sql
-- Every row is generated in SQL from a fixed random seed, so each load gives
-- the same rows. Timestamps are fixed dates between 2024-03 and 2025-11-07
-- (never now()). Plain SQL only, no percent sign, no psql meta-commands.
--
-- Random numbers are drawn only by statements that read generate_series()
-- alone, so that their order never depends on a plan; the draws are stored in
-- temporary tables and joined afterwards.
--
-- Final row counts: company_master 453, company_slots 1359, people_master 170,
-- people_resolution_queue 1206, pipeline_events 1890, message_key_reference 8,
-- company_raw_intake 453, public_storage_evaluation_state_county_zip_v2 41551,
-- public_storage_evaluation_focus_states 6337, shq_schema_registry 688.
-- =============================================================================

SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET work_mem = '64MB';
SET jit = off;  -- compiling the big INSERT ... SELECTs costs more than it saves
-- Room for the scratch tables in memory; skipped if this session already used
-- temporary tables (the setting is then frozen).
DO $do$
BEGIN
    PERFORM set_config('temp_buffers', '64MB', false);
EXCEPTION WHEN OTHERS THEN
    NULL;
END
$do$;
SELECT setseed(0.42);

CREATE FUNCTION pg_temp.pick(a text[]) RETURNS text
LANGUAGE sql VOLATILE
AS $fn$ SELECT a[1 + floor(random() * cardinality(a))::integer] $fn$;

-- -----------------------------------------------------------------------------
-- Reference lists
-- -----------------------------------------------------------------------------
CREATE TEMP TABLE seed_batch (b, batch_id, first_n, last_n, imported_at, source_file) AS VALUES
    (1, 'BATCH-2024-09-16-01',   1, 120, timestamptz '2024-09-16 14:05:00+00', 'company_upload_2024-09-16.csv'),
    (2, 'BATCH-2024-11-04-01', 121, 165, timestamptz '2024-11-04 15:32:00+00', 'company_upload_2024-11-04.csv'),
    (3, 'BATCH-2025-01-13-01', 166, 225, timestamptz '2025-01-13 13:47:00+00', 'company_upload_2025-01-13.csv'),
    (4, 'BATCH-2025-03-03-01', 226, 263, timestamptz '2025-03-03 16:10:00+00', 'company_upload_2025-03-03.csv'),
    (5, 'BATCH-2025-04-21-01', 264, 315, timestamptz '2025-04-21 14:22:00+00', 'company_upload_2025-04-21.csv'),
    (6, 'BATCH-2025-06-09-01', 316, 356, timestamptz '2025-06-09 13:58:00+00', 'company_upload_2025-06-09.csv'),
    (7, 'BATCH-2025-07-28-01', 357, 389, timestamptz '2025-07-28 15:05:00+00', 'company_upload_2025-07-28.csv'),
    (8, 'BATCH-2025-09-08-01', 390, 425, timestamptz '2025-09-08 14:41:00+00', 'company_upload_2025-09-08.csv'),
    (9, 'BATCH-2025-10-20-01', 426, 453, timestamptz '2025-10-20 16:18:00+00', 'company_upload_2025-10-20.csv');

CREATE TEMP TABLE seed_city (ci, city, state, zip3, area_code) AS VALUES
    ( 1, 'Charleston', 'WV', '253', '304'), ( 2, 'Huntington', 'WV', '257', '304'),
    ( 3, 'Morgantown', 'WV', '265', '304'), ( 4, 'Parkersburg', 'WV', '261', '304'),
    ( 5, 'Wheeling', 'WV', '260', '304'),   ( 6, 'Beckley', 'WV', '258', '304'),
    ( 7, 'Clarksburg', 'WV', '263', '304'), ( 8, 'Martinsburg', 'WV', '254', '304'),
    ( 9, 'Fairmont', 'WV', '265', '304'),   (10, 'Bridgeport', 'WV', '263', '304'),
    (11, 'Pittsburgh', 'PA', '152', '412'), (12, 'Philadelphia', 'PA', '191', '215'),
    (13, 'Harrisburg', 'PA', '171', '717'), (14, 'Allentown', 'PA', '181', '610'),
    (15, 'Erie', 'PA', '165', '814'),       (16, 'Lancaster', 'PA', '176', '717'),
    (17, 'State College', 'PA', '168', '814'), (18, 'Columbus', 'OH', '432', '614'),
    (19, 'Cleveland', 'OH', '441', '216'),  (20, 'Cincinnati', 'OH', '452', '513'),
    (21, 'Akron', 'OH', '443', '330'),      (22, 'Dayton', 'OH', '454', '937'),
    (23, 'Marietta', 'OH', '457', '740'),   (24, 'Richmond', 'VA', '232', '804'),
    (25, 'Roanoke', 'VA', '240', '540'),    (26, 'Norfolk', 'VA', '235', '757'),
    (27, 'Arlington', 'VA', '222', '703'),  (28, 'Winchester', 'VA', '226', '540'),
    (29, 'Baltimore', 'MD', '212', '410'),  (30, 'Frederick', 'MD', '217', '301'),
    (31, 'Hagerstown', 'MD', '217', '301'), (32, 'Cumberland', 'MD', '215', '301'),
    (33, 'Lexington', 'KY', '405', '859'),  (34, 'Louisville', 'KY', '402', '502'),
    (35, 'Ashland', 'KY', '411', '606'),    (36, 'Charlotte', 'NC', '282', '704'),
    (37, 'Raleigh', 'NC', '276', '919'),    (38, 'Nashville', 'TN', '372', '615'),
    (39, 'Knoxville', 'TN', '379', '865'),  (40, 'Washington', 'DC', '200', '202');

-- One industry per company-name suffix.
CREATE TEMP TABLE seed_industry (si, suffix, industry, sic, kw, rev_per_employee, size_factor, technologies) AS VALUES
    ( 1, 'Health Partners',  'Hospital & Health Care',            '8062', ARRAY['healthcare', 'patient care', 'outpatient clinics'],        95000, 2.0, ARRAY['Epic Systems', 'Microsoft Office 365', 'Cisco WebEx', 'Google Analytics']),
    ( 2, 'Logistics',        'Logistics & Supply Chain',          '4731', ARRAY['freight', 'trucking', 'warehousing'],                     180000, 1.2, ARRAY['Oracle Transportation Management', 'Samsara', 'Microsoft Office 365', 'WordPress.org']),
    ( 3, 'Manufacturing',    'Machinery',                         '3599', ARRAY['cnc machining', 'metal fabrication', 'oem parts'],        210000, 1.3, ARRAY['SAP Business One', 'SolidWorks', 'Microsoft Office 365', 'Google Tag Manager']),
    ( 4, 'Financial Group',  'Financial Services',                '6282', ARRAY['wealth management', 'retirement planning', 'advisory'],   320000, 0.6, ARRAY['Salesforce', 'Orion', 'Microsoft Office 365', 'HubSpot']),
    ( 5, 'Engineering',      'Civil Engineering',                 '8711', ARRAY['civil engineering', 'land surveying', 'site design'],     140000, 0.8, ARRAY['Autodesk', 'Bentley Systems', 'Microsoft Office 365', 'WordPress.org']),
    ( 6, 'Construction',     'Construction',                      '1542', ARRAY['commercial construction', 'general contracting', 'design-build'], 260000, 1.1, ARRAY['Procore', 'Sage 300', 'Microsoft Office 365', 'Google Analytics']),
    ( 7, 'Energy',           'Oil & Energy',                      '1311', ARRAY['natural gas', 'midstream', 'oilfield services'],          410000, 1.0, ARRAY['SAP', 'OSIsoft PI', 'Microsoft Office 365', 'Google Analytics']),
    ( 8, 'Software',         'Computer Software',                 '7372', ARRAY['saas', 'b2b software', 'cloud platform'],                 190000, 0.5, ARRAY['AWS', 'GitHub', 'HubSpot', 'Intercom', 'Stripe']),
    ( 9, 'Medical Center',   'Medical Practice',                  '8011', ARRAY['primary care', 'urgent care', 'family medicine'],         110000, 0.9, ARRAY['athenahealth', 'Microsoft Office 365', 'Google Analytics', 'Wix']),
    (10, 'Insurance Agency', 'Insurance',                         '6411', ARRAY['commercial insurance', 'employee benefits', 'risk management'], 150000, 0.5, ARRAY['Applied Epic', 'Salesforce', 'Microsoft Office 365', 'WordPress.org']),
    (11, 'Foods',            'Food Production',                   '2099', ARRAY['food processing', 'wholesale distribution', 'private label'], 230000, 1.4, ARRAY['Microsoft Dynamics', 'Shopify', 'Google Analytics', 'Mailchimp']),
    (12, 'Technologies',     'Information Technology & Services', '7373', ARRAY['managed services', 'it consulting', 'cybersecurity'],      160000, 0.7, ARRAY['ConnectWise', 'Microsoft Azure', 'HubSpot', 'Google Tag Manager']);

-- -----------------------------------------------------------------------------
-- Companies: draws, then attributes
-- -----------------------------------------------------------------------------
-- m = (n - 1) * 199 mod 453 is a permutation of 0..452, and m -> (m mod 41,
-- m mod 12) is one-to-one below 41 * 12 = 492: every company gets a different
-- prefix/suffix pair, and the twelve industries get 37 or 38 companies each.
CREATE TEMP TABLE seed_company_draw AS
SELECT n,
       mod(mod((n - 1) * 199, 453), 41) + 1 AS pi,
       mod(mod((n - 1) * 199, 453), 12) + 1 AS si,
       pg_temp.pick(ARRAY['', '', '', '', '', ', Inc.', ' Inc.', ' LLC', ', LLC', ' Co.']) AS legal_suffix,
       pg_temp.pick(ARRAY['.com', '.com', '.com', '.com', '.com', '.com', '.com', '.net', '.co', '.us']) AS tld,
       random() AS u_city_bias, random() AS u_city,
       pg_temp.pick(ARRAY['Main St', 'Market St', 'Virginia St E', 'Washington St W', 'Commerce Dr',
                          'Industrial Park Rd', 'Corporate Center Dr', 'Liberty St', 'Penn Ave', 'High St',
                          'Kanawha Blvd E', 'Technology Dr', 'Lee St E', 'Grand Central Ave', 'Emerson Ave',
                          'Smithfield St', 'Court St', 'Broad St', 'Oak St', 'Fifth Ave']) AS street,
       1 + floor(random() * 4980)::integer AS street_no,
       floor(random() * 100)::integer AS zip2,
       floor(random() * 100)::integer AS phone2,
       random() AS u_emp, random() AS u_emp_null,
       random() AS u_rev, random() AS u_rev_null,
       random() AS u_site_null, random() AS u_li, random() AS u_fb, random() AS u_tw,
       random() AS u_founded, random() AS u_founded_null,
       random() AS u_kw, random() AS u_tech, random() AS u_funding,
       random() AS u_promote, random() AS u_valid, random() AS u_quality,
       random() AS u_active, random() AS u_update,
       pg_temp.pick(ARRAY['data_quality_score', 'employee_count,annual_revenue', 'linkedin_url',
                          'description,keywords', 'company_phone', 'validation_status,validated_at',
                          'address_street,address_zip', 'facebook_url,twitter_url']) AS update_columns,
       random() AS u_raw_space, random() AS u_raw_case, random() AS u_raw_state
  FROM generate_series(1, 453) AS n;

CREATE TEMP TABLE seed_company AS
SELECT d.n,
       marketing.make_barton_id(30000, d.n)::text AS company_unique_id,
       p.prefix || ' ' || i.suffix AS base_name,
       p.prefix || ' ' || i.suffix || d.legal_suffix AS company_name,
       lower(regexp_replace(p.prefix || i.suffix, '[^A-Za-z0-9]', '', 'g')) AS slug,
       lower(regexp_replace(p.prefix || ' ' || i.suffix, '[^A-Za-z0-9]+', '-', 'g')) AS dash_slug,
       d.tld,
       d.u_site_null >= 0.03 AS has_website,
       i.si, i.industry, i.sic, i.kw, i.technologies,
       CASE WHEN d.u_emp_null < 0.05 THEN NULL
            ELSE greatest(3, round(exp(ln(8) + d.u_emp * ln(450)) * i.size_factor))::integer END AS employee_count,
       d.u_rev, d.u_rev_null, i.rev_per_employee,
       c.city, c.state, c.zip3 || lpad(d.zip2::text, 2, '0') AS zip, c.area_code,
       d.street_no::text || ' ' || d.street AS street,
       d.phone2,
       d.u_li < 0.86 AS has_linkedin, d.u_fb < 0.48 AS has_facebook, d.u_tw < 0.33 AS has_twitter,
       CASE WHEN d.u_founded_null < 0.09 THEN NULL
            ELSE (1948 + floor(power(d.u_founded, 0.7) * 74))::smallint END AS founded_year,
       d.u_kw, d.u_tech, d.u_funding, d.u_quality, d.update_columns,
       b.batch_id, b.source_file,
       b.imported_at + (d.n - b.first_n) * interval '3 seconds' AS imported_at,
       b.imported_at + interval '20 hours' + (d.n - b.first_n) * interval '4 minutes'
           + d.u_promote * interval '3 minutes' AS promoted_at,
       CASE WHEN d.u_valid < 0.04 THEN 'needs_review' ELSE 'valid' END AS validation_status,
       CASE WHEN d.u_active < 0.018 THEN 'deleted' WHEN d.u_active < 0.03 THEN 'inactive' ELSE 'active' END AS lifecycle,
       d.u_update, d.u_raw_space, d.u_raw_case, d.u_raw_state
  FROM seed_company_draw d
  JOIN (SELECT ordinality::integer AS pi, prefix
          FROM unnest(ARRAY['Summit', 'Blue Ridge', 'Keystone', 'Allegheny', 'Harbor', 'Pioneer', 'Liberty',
                            'Granite', 'Cardinal', 'Evergreen', 'Ironwood', 'Meridian', 'Northstar', 'Riverbend',
                            'Appalachian', 'Clearwater', 'Redstone', 'Bridgeport', 'Lakeshore', 'Ridgeline',
                            'Silverline', 'Capitol', 'Frontier', 'Heritage', 'Mountaineer', 'Sterling',
                            'Brightpath', 'Crestview', 'Oakmont', 'Patriot', 'Tri-State', 'Valley', 'Westfield',
                            'Beacon', 'Cornerstone', 'Highland', 'Ohio Valley', 'Potomac', 'Shenandoah',
                            'Monongahela', 'Kanawha']) WITH ORDINALITY AS t(prefix, ordinality)) p ON p.pi = d.pi
  JOIN seed_industry i ON i.si = d.si
  JOIN seed_city c ON c.ci = CASE WHEN d.u_city_bias < 0.35 THEN 1 + floor(d.u_city * 10)::integer
                                  ELSE 1 + floor(d.u_city * 40)::integer END
  JOIN seed_batch b ON d.n BETWEEN b.first_n AND b.last_n;

ALTER TABLE seed_company ADD COLUMN annual_revenue numeric(15,2), ADD COLUMN website_url text,
    ADD COLUMN keywords text[], ADD COLUMN description text, ADD COLUMN technologies_text text,
    ADD COLUMN created_at timestamptz, ADD COLUMN updated_at timestamptz;
UPDATE seed_company SET
    annual_revenue = CASE WHEN u_rev_null < 0.17 OR employee_count IS NULL THEN NULL
                          ELSE round((employee_count * rev_per_employee * (0.55 + u_rev * 0.9))::numeric, -4) END,
    website_url = CASE WHEN has_website THEN 'https://www.' || slug || tld END,
    keywords = CASE WHEN u_kw < 0.5 THEN kw[1:2] ELSE kw END,
    description = base_name || ' is a ' || lower(industry) || ' company headquartered in '
                  || city || ', ' || state || '.'
                  || CASE WHEN founded_year IS NOT NULL THEN ' Founded in ' || founded_year || '.' ELSE '' END,
    technologies_text = array_to_string(technologies[1:2 + floor(u_tech * 3)::integer], ', '),
    created_at = promoted_at,
    updated_at = promoted_at + interval '1 hour'
                 + u_update * least(interval '75 days', timestamptz '2025-11-06 21:00:00+00' - promoted_at - interval '1 hour');

-- -----------------------------------------------------------------------------
-- intake.company_raw_intake: the uploads as they arrived (the validation
-- trigger trims them on the way in)
-- -----------------------------------------------------------------------------
INSERT INTO intake.company_raw_intake (
    intake_id, company, company_name_for_emails, num_employees, industry, website, company_linkedin_url,
    facebook_url, twitter_url, company_street, company_city, company_state, company_country,
    company_postal_code, company_address, keywords, company_phone, seo_description, technologies,
    total_funding, annual_revenue, sic_codes, founded_year, import_batch_id, imported_at)
SELECT c.n,
       CASE WHEN c.u_raw_space < 0.07 THEN '  ' || c.company_name || ' ' ELSE c.company_name END,
       c.base_name,
       CASE WHEN c.employee_count IS NULL THEN '' ELSE to_char(c.employee_count, 'FM999,999') END,
       lower(c.industry),
       CASE WHEN NOT c.has_website THEN NULL
            WHEN c.u_raw_case < 0.45 THEN 'http://www.' || c.slug || c.tld
            WHEN c.u_raw_case < 0.85 THEN 'www.' || c.slug || c.tld
            ELSE 'WWW.' || upper(c.slug) || upper(c.tld) END,
       CASE WHEN c.has_linkedin THEN 'http://www.linkedin.com/company/' || c.dash_slug END,
       CASE WHEN c.has_facebook THEN 'https://www.facebook.com/' || c.slug END,
       CASE WHEN c.has_twitter THEN 'https://twitter.com/' || c.slug END,
       c.street,
       c.city,
       CASE WHEN c.u_raw_state < 0.12 THEN lower(c.state) ELSE c.state END,
       'United States',
       c.zip,
       c.street || ', ' || c.city || ', ' || c.state || ' ' || c.zip || ', United States',
       array_to_string(c.keywords, ', '),
       '+1 ' || c.area_code || '-555-01' || lpad(c.phone2::text, 2, '0'),
       c.description,
       c.technologies_text,
       CASE WHEN c.si IN (8, 12) AND c.u_funding < 0.4 THEN (round(c.u_funding * 40) * 250000)::bigint::text END,
       c.annual_revenue::bigint::text,
       c.sic,
       coalesce(c.founded_year::text, ''),
       c.batch_id,
       c.imported_at
  FROM seed_company c
 ORDER BY c.n;

DO $do$
BEGIN
    PERFORM setval(pg_get_serial_sequence('intake.company_raw_intake', 'intake_id'), 453);
END
$do$;

-- -----------------------------------------------------------------------------
-- marketing.company_master: the validated, promoted companies.
-- The event-logging triggers are told to stand aside while history is loaded
-- (marketing.log_pipeline_event() checks this session setting): the historical
-- events are written explicitly further down.
-- -----------------------------------------------------------------------------
SET marketing.suppress_pipeline_events = on;

INSERT INTO marketing.company_master (
    company_unique_id, company_name, website_url, industry, employee_count, annual_revenue, company_phone,
    address_street, address_city, address_state, address_zip, address_country, linkedin_url, facebook_url,
    twitter_url, founded_year, sic_codes, keywords, description, source_system, source_record_id,
    validation_status, validated_at, data_quality_score, is_active, promoted_from_intake_at,
    created_at, updated_at, deleted_at)
SELECT c.company_unique_id,
       c.company_name,
       c.website_url,
       c.industry,
       c.employee_count,
       c.annual_revenue,
       '(' || c.area_code || ') 555-01' || lpad(c.phone2::text, 2, '0'),
       c.street,
       c.city,
       c.state,
       c.zip,
       'US',
       CASE WHEN c.has_linkedin THEN 'https://www.linkedin.com/company/' || c.dash_slug END,
       CASE WHEN c.has_facebook THEN 'https://www.facebook.com/' || c.slug END,
       CASE WHEN c.has_twitter THEN 'https://x.com/' || c.slug END,
       c.founded_year,
       c.sic,
       c.keywords,
       c.description,
       'intake.company_raw_intake',
       c.n::text,
       c.validation_status,
       c.promoted_at - interval '4 minutes',
       round((58 + c.u_quality * 30
              + CASE WHEN c.has_website THEN 4 ELSE 0 END
              + CASE WHEN c.has_linkedin THEN 4 ELSE 0 END
              + CASE WHEN c.annual_revenue IS NOT NULL THEN 4 ELSE 0 END)::numeric, 2),
       c.lifecycle = 'active',
       c.promoted_at,
       c.created_at,
       c.updated_at,
       CASE WHEN c.lifecycle = 'deleted' THEN c.updated_at END
  FROM seed_company c
 ORDER BY c.n;

-- -----------------------------------------------------------------------------
-- Slots and the people who fill them
-- -----------------------------------------------------------------------------
CREATE TEMP TABLE seed_slot_draw AS
SELECT seq, random() AS u_pick, random() AS u_check
  FROM generate_series(1, 1359) AS seq;

CREATE TEMP TABLE seed_slot AS
SELECT d.seq,
       (d.seq - 1) / 3 + 1 AS n,
       r.role,
       r.slot_title,
       r.weight,
       marketing.make_barton_id(10000, d.seq)::text AS slot_id,
       d.u_pick,
       d.u_check
  FROM seed_slot_draw d
  JOIN (VALUES (1, 'CEO', 'Chief Executive Officer', 1.0),
               (2, 'CFO', 'Chief Financial Officer', 1.5),
               (3, 'HR',  'Head of Human Resources', 2.1)) AS r(r, role, slot_title, weight)
    ON r.r = mod(d.seq - 1, 3) + 1;

-- 170 filled slots, CEO slots the most often, never at a deleted company.
CREATE TEMP TABLE seed_person AS
SELECT row_number() OVER (ORDER BY s.seq)::integer AS k, s.*
  FROM (SELECT s.*
          FROM seed_slot s
          JOIN seed_company c ON c.n = s.n
         WHERE c.lifecycle <> 'deleted'
         ORDER BY s.u_pick * s.weight
         LIMIT 170) AS s;

CREATE TEMP TABLE seed_person_draw AS
SELECT k,
       random() AS u_title, random() AS u_email_fmt, random() AS u_email_null,
       random() AS u_mobile, random() AS u_li, random() AS u_tw,
       pg_temp.pick(ARRAY['apify_linkedin', 'apify_linkedin', 'apify_linkedin', 'abacus_enrichment',
                          'abacus_enrichment', 'manual_research']) AS source_system,
       random() AS u_enrich, random() AS u_verified, random() AS u_created, random() AS u_updated,
       random() AS u_enriched_at, random() AS u_confidence, random() AS u_tenure, random() AS u_active,
       pg_temp.pick(ARRAY['apify', 'apify', 'abacus', 'firecrawl']) AS provider,
       floor(random() * 100)::integer AS phone2, floor(random() * 100)::integer AS mobile2
  FROM generate_series(1, 170) AS k;

CREATE TEMP TABLE seed_people AS
SELECT p.k,
       p.seq AS slot_seq,
       p.slot_id,
       p.role,
       c.n,
       c.company_unique_id,
       marketing.make_barton_id(20000, p.k)::text AS unique_id,
       f.first_name,
       l.last_name,
       (CASE p.role
             WHEN 'CEO' THEN ARRAY['Chief Executive Officer', 'President & CEO', 'CEO', 'Founder & CEO', 'President', 'Owner & CEO']
             WHEN 'CFO' THEN ARRAY['Chief Financial Officer', 'CFO', 'VP of Finance', 'Controller', 'Director of Finance', 'Finance Director']
             ELSE ARRAY['HR Director', 'Director of Human Resources', 'VP of Human Resources', 'Chief People Officer', 'HR Manager', 'Human Resources Manager']
        END)[1 + floor(d.u_title * 6)::integer] AS title,
       CASE p.role WHEN 'CEO' THEN 'Executive' WHEN 'CFO' THEN 'Finance' ELSE 'Human Resources' END AS department,
       CASE WHEN NOT c.has_website OR d.u_email_null < 0.08 THEN NULL
            WHEN d.u_email_fmt < 0.7 THEN lower(f.first_name) || '.' || lower(l.last_name) || '@' || c.slug || c.tld
            ELSE lower(left(f.first_name, 1)) || lower(l.last_name) || '@' || c.slug || c.tld END AS email,
       '(' || c.area_code || ') 555-01' || lpad(d.phone2::text, 2, '0') AS phone,
       CASE WHEN d.u_mobile < 0.38 THEN '(' || c.area_code || ') 555-01' || lpad(d.mobile2::text, 2, '0') END AS mobile_phone,
       CASE WHEN d.u_li < 0.88 THEN 'https://www.linkedin.com/in/' || lower(f.first_name) || '-' || lower(l.last_name)
                                    || '-' || left(md5('li:' || p.k), 8) END AS linkedin_url,
       CASE WHEN d.u_tw < 0.09 THEN 'https://x.com/' || lower(left(f.first_name, 1) || l.last_name) END AS twitter_url,
       c.city, c.state,
       d.source_system,
       CASE d.source_system
            WHEN 'apify_linkedin' THEN 'apify:run/' || left(md5('run:' || p.k), 17)
            WHEN 'abacus_enrichment' THEN 'abacus:' || left(md5('abacus:' || p.k), 12)
            ELSE 'research-sheet:row-' || (100 + p.k) END AS source_record_id,
       CASE WHEN d.u_enrich < 0.56 THEN 'enriched' WHEN d.u_enrich < 0.80 THEN 'pending'
            WHEN d.u_enrich < 0.88 THEN 'failed' ELSE 'skipped' END AS enrichment_status,
       d.provider,
       d.u_verified, d.u_updated, d.u_enriched_at, d.u_confidence, d.u_tenure, d.u_active,
       c.created_at + interval '3 days'
           + d.u_created * least(interval '60 days', timestamptz '2025-11-04 18:00:00+00' - c.created_at - interval '3 days') AS created_at,
       c.slug, c.tld
  FROM seed_person p
  JOIN seed_person_draw d ON d.k = p.k
  JOIN seed_company c ON c.n = p.n
  JOIN (SELECT ordinality::integer - 1 AS fi, first_name
          FROM unnest(ARRAY['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David',
                            'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas',
                            'Sarah', 'Christopher', 'Karen', 'Charles', 'Lisa', 'Daniel', 'Nancy', 'Matthew', 'Betty',
                            'Anthony', 'Sandra', 'Mark', 'Margaret', 'Donald', 'Ashley', 'Steven', 'Kimberly', 'Andrew',
                            'Emily', 'Paul', 'Donna', 'Joshua', 'Michelle', 'Kenneth', 'Carol', 'Kevin', 'Amanda',
                            'Brian', 'Melissa', 'Timothy', 'Deborah', 'Ronald', 'Stephanie', 'Jason', 'Rebecca',
                            'Jeffrey', 'Laura', 'Ryan', 'Sharon', 'Gary', 'Cynthia', 'Nicholas', 'Kathleen'])
               WITH ORDINALITY AS t(first_name, ordinality)) f ON f.fi = mod(p.k * 37, 60)
  JOIN (SELECT ordinality::integer - 1 AS li, last_name
          FROM unnest(ARRAY['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez',
                            'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor',
                            'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez',
                            'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright',
                            'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall',
                            'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Gomez', 'Phillips', 'Evans',
                            'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes', 'Stewart', 'Morris',
                            'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper', 'Peterson'])
               WITH ORDINALITY AS t(last_name, ordinality)) l ON l.li = mod(p.k * 29, 71);

INSERT INTO marketing.company_slots (
    company_slot_unique_id, company_unique_id, slot_type, slot_title, person_unique_id, is_filled,
    filled_at, last_checked_at, source, created_at, updated_at)
SELECT s.slot_id,
       c.company_unique_id,
       s.role::marketing.slot_role,
       s.slot_title,
       p.unique_id,
       p.unique_id IS NOT NULL,
       p.created_at,
       greatest(coalesce(p.created_at, c.created_at),
                c.created_at + s.u_check * (timestamptz '2025-11-06 23:00:00+00' - c.created_at)),
       CASE WHEN p.unique_id IS NOT NULL THEN p.source_system ELSE 'slot-manager' END,
       c.created_at + interval '2 minutes',
       coalesce(p.created_at, c.created_at + interval '2 minutes')
  FROM seed_slot s
  JOIN seed_company c ON c.n = s.n
  LEFT JOIN seed_people p ON p.slot_seq = s.seq
 ORDER BY s.seq;

INSERT INTO marketing.people_master (
    unique_id, company_unique_id, company_slot_unique_id, first_name, last_name, title, seniority,
    department, email, is_verified, email_verified_at, phone, mobile_phone, linkedin_url, twitter_url,
    city, state, country, source_system, source_record_id, enrichment_status, last_enriched_at,
    enrichment_data, tenure_start_date, is_active, created_at, updated_at, deleted_at)
SELECT x.unique_id, x.company_unique_id, x.slot_id, x.first_name, x.last_name, x.title,
       CASE WHEN x.title ~ '(Chief|CEO|CFO|President|Owner)' THEN 'C-Level'
            WHEN x.title ~ '^VP' THEN 'VP'
            WHEN x.title ~ 'Director|Controller' THEN 'Director'
            ELSE 'Manager' END,
       x.department, x.email, x.is_verified,
       CASE WHEN x.is_verified THEN x.last_enriched_at + interval '1 hour' END,
       x.phone, x.mobile_phone, x.linkedin_url, x.twitter_url, x.city, x.state, 'US',
       x.source_system, x.source_record_id, x.enrichment_status, x.last_enriched_at,
       CASE x.enrichment_status
            WHEN 'enriched' THEN jsonb_build_object(
                'provider', x.provider,
                'confidence', round((0.62 + x.u_confidence * 0.37)::numeric, 2),
                'fields', to_jsonb(array_remove(ARRAY['email',
                                                      CASE WHEN x.mobile_phone IS NOT NULL THEN 'mobile_phone' END,
                                                      CASE WHEN x.linkedin_url IS NOT NULL THEN 'linkedin_url' END,
                                                      'title'], NULL)),
                'credits', CASE x.provider WHEN 'apify' THEN 0.25 WHEN 'abacus' THEN 1 ELSE 0.5 END)
            WHEN 'failed' THEN jsonb_build_object(
                'provider', x.provider,
                'error', CASE WHEN x.u_confidence < 0.5 THEN 'PROFILE_NOT_FOUND' ELSE 'RATE_LIMITED' END,
                'attempts', 3)
            ELSE '{}'::jsonb END,
       (x.created_at - (interval '90 days' + x.u_tenure * interval '3600 days'))::date,
       x.u_active >= 0.03,
       x.created_at,
       x.created_at + interval '10 minutes'
           + x.u_updated * least(interval '90 days', timestamptz '2025-11-06 22:00:00+00' - x.created_at - interval '10 minutes'),
       CASE WHEN x.u_active < 0.012 THEN least(x.created_at + interval '45 days', timestamptz '2025-11-06 22:00:00+00') END
  FROM (SELECT p.*,
               p.enrichment_status = 'enriched' AND p.email IS NOT NULL AND p.u_verified < 0.68 AS is_verified,
               CASE WHEN p.enrichment_status IN ('enriched', 'failed')
                    THEN p.created_at + interval '5 minutes' + p.u_enriched_at * interval '2 days' END AS last_enriched_at
          FROM seed_people p) AS x
 ORDER BY x.k;

RESET marketing.suppress_pipeline_events;

-- -----------------------------------------------------------------------------
-- marketing.people_resolution_queue: 341 entries that produced or merged into
-- the 170 people, and 865 other candidates (open, in review or rejected).
-- -----------------------------------------------------------------------------
CREATE TEMP TABLE seed_queue_a AS
SELECT row_number() OVER (ORDER BY p.k, j)::integer AS qi, p.k, j
  FROM seed_people p
 CROSS JOIN LATERAL generate_series(1, 1 + mod(p.k, 3)) AS j;

CREATE TEMP TABLE seed_queue_a_draw AS
SELECT qi, random() AS u_created, random() AS u_resolved, random() AS u_conf, random() AS u_method,
       random() AS u_name, random() AS u_by, random() AS u_prio
  FROM generate_series(1, 341) AS qi;

CREATE TEMP TABLE seed_queue_b AS
SELECT qi,
       1 + floor(random() * 453)::integer AS n,
       random() AS u_role,
       pg_temp.pick(ARRAY['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David',
                          'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas',
                          'Sarah', 'Christopher', 'Karen', 'Charles', 'Lisa', 'Daniel', 'Nancy', 'Matthew', 'Betty',
                          'Anthony', 'Sandra', 'Mark', 'Margaret', 'Donald', 'Ashley', 'Steven', 'Kimberly',
                          'Andrew', 'Emily', 'Paul', 'Donna', 'Joshua', 'Michelle', 'Kenneth', 'Carol', 'Kevin',
                          'Amanda', 'Brian', 'Melissa', 'Timothy', 'Deborah', 'Ronald', 'Stephanie', 'Jason',
                          'Rebecca', 'Jeffrey', 'Laura', 'Ryan', 'Sharon', 'Gary', 'Cynthia', 'Nicholas',
                          'Kathleen', 'Eric', 'Amy', 'Jonathan', 'Angela', 'Justin', 'Anna', 'Scott', 'Brenda']) AS first_name,
       pg_temp.pick(ARRAY['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis',
                          'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas',
                          'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris',
                          'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King',
                          'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson',
                          'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Shaffer',
                          'Brooks', 'Kelly', 'Sanders', 'Price', 'Bennett', 'Wood', 'Barnes', 'Ross', 'Henderson']) AS last_name,
       random() AS u_title, random() AS u_email, random() AS u_li, floor(random() * 10000)::integer AS li_suffix,
       random() AS u_status, random() AS u_created, random() AS u_resolved, random() AS u_conf,
       random() AS u_method, random() AS u_by, random() AS u_prio,
       pg_temp.pick(ARRAY['Not an executive at this company', 'Former employee, left before 2024',
                          'Profile belongs to a different company with a similar name',
                          'Recruiter profile, not on staff', 'Duplicate of a candidate already rejected',
                          'Board member, not an operating executive']) AS reject_reason
  FROM generate_series(1, 865) AS qi;

INSERT INTO marketing.people_resolution_queue (
    company_unique_id, matched_person_unique_id, slot_type, candidate_full_name, candidate_email,
    candidate_linkedin_url, candidate_title, match_confidence, match_method, resolution_status,
    resolution_notes, resolved_by, priority, resolved_at, created_at, updated_at)
SELECT q.company_unique_id, q.matched_person_unique_id, q.slot_type::marketing.slot_role, q.candidate_full_name,
       q.candidate_email, q.candidate_linkedin_url, q.candidate_title, q.match_confidence, q.match_method,
       q.resolution_status, q.resolution_notes, q.resolved_by, q.priority, q.resolved_at, q.created_at,
       coalesce(q.resolved_at, q.created_at)
  FROM (
    -- Entries that created a person (first) or were merged into one (later).
    SELECT 1 AS part, a.qi,
           p.company_unique_id,
           p.unique_id AS matched_person_unique_id,
           p.role AS slot_type,
           CASE WHEN a.j = 1 OR d.u_name < 0.5 THEN p.first_name || ' ' || p.last_name
                WHEN d.u_name < 0.8 THEN left(p.first_name, 1) || '. ' || p.last_name
                ELSE upper(p.first_name || ' ' || p.last_name) END AS candidate_full_name,
           p.email AS candidate_email,
           p.linkedin_url AS candidate_linkedin_url,
           p.title AS candidate_title,
           CASE WHEN a.j = 1 THEN round((0.10 + d.u_conf * 0.35)::numeric, 3)
                ELSE round((0.86 + d.u_conf * 0.13)::numeric, 3) END AS match_confidence,
           CASE WHEN a.j = 1 THEN 'fuzzy_name'
                WHEN p.email IS NOT NULL AND d.u_method < 0.55 THEN 'exact_email'
                WHEN p.linkedin_url IS NOT NULL AND d.u_method < 0.9 THEN 'linkedin_url'
                ELSE 'fuzzy_name' END AS match_method,
           CASE WHEN a.j = 1 THEN 'new_person' ELSE 'merged' END AS resolution_status,
           CASE WHEN a.j = 1 THEN 'No existing person above the 0.85 threshold: created ' || p.unique_id
                ELSE 'Merged into ' || p.unique_id END AS resolution_notes,
           CASE WHEN a.j > 1 AND d.u_by < 0.2 THEN 'review-console' ELSE 'auto-resolver' END AS resolved_by,
           (CASE p.role WHEN 'CEO' THEN 2 WHEN 'CFO' THEN 3 ELSE 4 END + floor(d.u_prio * 3))::smallint AS priority,
           CASE WHEN a.j = 1 THEN p.created_at
                ELSE p.created_at + interval '1 day'
                     + d.u_created * greatest(interval '0', least(interval '120 days',
                                      timestamptz '2025-11-05 12:00:00+00' - p.created_at - interval '1 day'))
                     + interval '5 minutes' + d.u_resolved * interval '30 hours' END AS resolved_at,
           CASE WHEN a.j = 1 THEN p.created_at - (interval '2 hours' + d.u_created * interval '46 hours')
                ELSE p.created_at + interval '1 day'
                     + d.u_created * greatest(interval '0', least(interval '120 days',
                                      timestamptz '2025-11-05 12:00:00+00' - p.created_at - interval '1 day')) END AS created_at
      FROM seed_queue_a a
      JOIN seed_queue_a_draw d ON d.qi = a.qi
      JOIN seed_people p ON p.k = a.k
    UNION ALL
    -- Other candidates: still open, in review, or rejected.
    SELECT 2, b.qi,
           c.company_unique_id,
           NULL,
           r.role,
           b.first_name || ' ' || b.last_name,
           CASE WHEN c.has_website AND b.u_email < 0.7
                THEN lower(b.first_name) || '.' || lower(b.last_name) || '@' || c.slug || c.tld END,
           CASE WHEN b.u_li < 0.5
                THEN 'https://www.linkedin.com/in/' || lower(b.first_name) || lower(b.last_name) || lpad(b.li_suffix::text, 4, '0') END,
           (CASE r.role
                 WHEN 'CEO' THEN ARRAY['Chief Executive Officer', 'President', 'Managing Director', 'Founder', 'General Manager', 'Owner']
                 WHEN 'CFO' THEN ARRAY['Chief Financial Officer', 'Controller', 'Finance Manager', 'VP Finance', 'Accounting Manager', 'Treasurer']
                 ELSE ARRAY['HR Manager', 'HR Generalist', 'Talent Acquisition Lead', 'People Operations Manager', 'HR Director', 'Benefits Specialist']
            END)[1 + floor(b.u_title * 6)::integer],
           CASE WHEN b.u_status < 0.40 AND b.u_conf < 0.3 THEN NULL
                WHEN b.u_status < 0.40 THEN round((0.40 + b.u_conf * 0.44)::numeric, 3)
                WHEN b.u_status < 0.52 THEN round((0.60 + b.u_conf * 0.24)::numeric, 3)
                ELSE round((0.05 + b.u_conf * 0.64)::numeric, 3) END,
           CASE WHEN b.u_status < 0.40 AND b.u_conf < 0.3 THEN NULL
                WHEN b.u_method < 0.7 THEN 'fuzzy_name'
                WHEN b.u_method < 0.9 THEN 'linkedin_url'
                ELSE 'manual' END,
           CASE WHEN b.u_status < 0.40 THEN 'pending' WHEN b.u_status < 0.52 THEN 'in_review' ELSE 'rejected' END,
           CASE WHEN b.u_status >= 0.52 THEN b.reject_reason
                WHEN b.u_status >= 0.40 THEN 'Ambiguous match, sent to review' END,
           CASE WHEN b.u_status < 0.52 THEN NULL WHEN b.u_by < 0.6 THEN 'auto-resolver' ELSE 'review-console' END,
           (CASE r.role WHEN 'CEO' THEN 2 WHEN 'CFO' THEN 3 ELSE 4 END + floor(b.u_prio * 5))::smallint,
           CASE WHEN b.u_status >= 0.52
                THEN least(c.created_at + b.u_created * (timestamptz '2025-11-06 20:00:00+00' - c.created_at)
                           + interval '10 minutes' + b.u_resolved * interval '72 hours',
                           timestamptz '2025-11-07 06:00:00+00') END,
           c.created_at + b.u_created * (timestamptz '2025-11-06 20:00:00+00' - c.created_at)
      FROM seed_queue_b b
      JOIN seed_company c ON c.n = b.n
      JOIN (VALUES ('CEO', 0.0, 0.42), ('CFO', 0.42, 0.72), ('HR', 0.72, 1.01)) AS r(role, lo, hi)
        ON b.u_role >= r.lo AND b.u_role < r.hi
  ) AS q
 ORDER BY q.created_at, q.part, q.qi;

-- -----------------------------------------------------------------------------
-- marketing.pipeline_events: 9 + 453 + 453 + 453 + 170 + 170 + 170 + 12 = 1890
-- -----------------------------------------------------------------------------
INSERT INTO marketing.pipeline_events (company_unique_id, person_unique_id, event_type, payload, emitted_by,
                                       correlation_id, created_at)
SELECT e.company_unique_id, e.person_unique_id, e.event_type, e.payload, e.emitted_by, e.correlation_id, e.created_at
  FROM (
    SELECT 1 AS src, b.b AS ord, NULL::text AS company_unique_id, NULL::text AS person_unique_id,
           'intake.batch_loaded' AS event_type,
           jsonb_build_object('batch_id', b.batch_id, 'source_file', b.source_file,
                              'row_count', b.last_n - b.first_n + 1, 'rejected_rows', 0,
                              'target', 'intake.company_raw_intake') AS payload,
           'intake-loader' AS emitted_by,
           md5('batch:' || b.batch_id)::uuid AS correlation_id,
           b.imported_at + (b.last_n - b.first_n + 1) * interval '3 seconds' + interval '5 seconds' AS created_at
      FROM seed_batch b
    UNION ALL
    SELECT 2, c.n, c.company_unique_id, NULL, 'company_master.insert',
           jsonb_build_object('op', 'INSERT', 'table', 'marketing.company_master',
                              'source_record_id', c.n::text, 'validation_status', c.validation_status),
           'trigger:trg_company_master_log_event', md5('batch:' || c.batch_id)::uuid, c.created_at
      FROM seed_company c
    UNION ALL
    SELECT 3, c.n, c.company_unique_id, NULL, 'company_slots.created',
           jsonb_build_object('slots', jsonb_build_array('CEO', 'CFO', 'HR'),
                              'slot_ids', jsonb_build_array(marketing.make_barton_id(10000, c.n * 3 - 2),
                                                            marketing.make_barton_id(10000, c.n * 3 - 1),
                                                            marketing.make_barton_id(10000, c.n * 3))),
           'slot-manager', md5('batch:' || c.batch_id)::uuid, c.created_at + interval '2 minutes'
      FROM seed_company c
    UNION ALL
    SELECT 4, c.n, c.company_unique_id, NULL, 'company_master.update',
           jsonb_build_object('op', 'UPDATE', 'table', 'marketing.company_master',
                              'changed', to_jsonb(CASE WHEN c.lifecycle = 'deleted' THEN ARRAY['deleted_at', 'is_active']
                                                       WHEN c.lifecycle = 'inactive' THEN ARRAY['is_active']
                                                       ELSE string_to_array(c.update_columns, ',') END)),
           'trigger:trg_company_master_log_event', md5('update:' || c.company_unique_id)::uuid, c.updated_at
      FROM seed_company c
    UNION ALL
    SELECT 5, p.k, p.company_unique_id, p.unique_id, 'people_master.insert',
           jsonb_build_object('op', 'INSERT', 'table', 'marketing.people_master',
                              'source_system', p.source_system, 'slot_type', p.role),
           'trigger:trg_people_master_log_event', md5('person:' || p.unique_id)::uuid, p.created_at
      FROM seed_people p
    UNION ALL
    SELECT 6, p.k, p.company_unique_id, p.unique_id, 'company_slots.filled',
           jsonb_build_object('company_slot_unique_id', p.slot_id, 'slot_type', p.role,
                              'person_unique_id', p.unique_id),
           'slot-manager', md5('person:' || p.unique_id)::uuid, p.created_at + interval '1 second'
      FROM seed_people p
    UNION ALL
    SELECT 7, p.k, p.company_unique_id, p.unique_id, 'people_master.enrichment_requested',
           jsonb_build_object('provider', p.provider,
                              'fields', jsonb_build_array('email', 'mobile_phone', 'linkedin_url'),
                              'priority', CASE p.role WHEN 'CEO' THEN 'high' ELSE 'normal' END),
           'enrichment-router', md5('person:' || p.unique_id)::uuid, p.created_at + interval '5 minutes'
      FROM seed_people p
    UNION ALL
    SELECT 8, m.m, NULL, NULL, 'pipeline.run_completed',
           jsonb_build_object('run', 'monthly-' || to_char(m.run_at, 'YYYY-MM'),
                              'companies_active', (SELECT count(*) FROM seed_company c WHERE c.created_at < m.run_at),
                              'people', (SELECT count(*) FROM seed_people p WHERE p.created_at < m.run_at),
                              'slots_filled', (SELECT count(*) FROM seed_people p WHERE p.created_at < m.run_at),
                              'errors', 0,
                              'duration_ms', 41000 + 97 * (SELECT count(*) FROM seed_company c WHERE c.created_at < m.run_at)),
           'pipeline-scheduler', md5('run:' || m.m)::uuid, m.run_at
      FROM (SELECT m, timestamptz '2024-11-01 06:00:00+00' + (m - 1) * interval '1 month' AS run_at
              FROM generate_series(1, 12) AS m) AS m
  ) AS e
 ORDER BY e.created_at, e.src, e.ord;

-- -----------------------------------------------------------------------------
-- marketing.message_key_reference
-- -----------------------------------------------------------------------------
INSERT INTO marketing.message_key_reference (
    message_key, campaign_name, channel, target_slot, sequence_step, subject_template, body_template_ref,
    delay_days, is_active, version, created_at, updated_at)
VALUES
    ('CEO_Q3_EMAIL_INTRO', 'Q3 2025 CEO Outreach', 'email', 'CEO', 1, 'A quick question about {{company_name}}',
     'templates/outreach/ceo/intro.md', 0, true, 3, '2025-06-30 14:00:00+00', '2025-08-12 09:30:00+00'),
    ('CEO_Q3_LINKEDIN_CONNECT', 'Q3 2025 CEO Outreach', 'linkedin', 'CEO', 2, NULL,
     'templates/outreach/ceo/linkedin_connect.md', 3, true, 1, '2025-06-30 14:05:00+00', '2025-06-30 14:05:00+00'),
    ('CEO_Q3_EMAIL_FOLLOWUP', 'Q3 2025 CEO Outreach', 'email', 'CEO', 3, 'Re: A quick question about {{company_name}}',
     'templates/outreach/ceo/followup.md', 7, true, 2, '2025-06-30 14:10:00+00', '2025-07-21 16:45:00+00'),
    ('CFO_Q3_EMAIL_INTRO', 'Q3 2025 CFO Outreach', 'email', 'CFO', 1, 'Benefits spend at {{company_name}}',
     'templates/outreach/cfo/intro.md', 0, true, 2, '2025-07-02 10:00:00+00', '2025-07-28 11:20:00+00'),
    ('CFO_Q3_EMAIL_FOLLOWUP', 'Q3 2025 CFO Outreach', 'email', 'CFO', 2, 'Re: Benefits spend at {{company_name}}',
     'templates/outreach/cfo/followup.md', 5, true, 1, '2025-07-02 10:05:00+00', '2025-07-02 10:05:00+00'),
    ('CFO_Q3_PHONE_CALL', 'Q3 2025 CFO Outreach', 'phone', 'CFO', 3, NULL,
     'templates/outreach/cfo/call_script.md', 4, true, 1, '2025-07-02 10:10:00+00', '2025-07-02 10:10:00+00'),
    ('HR_Q4_EMAIL_INTRO', 'Q4 2025 HR Renewal Season', 'email', 'HR', 1, 'Open enrollment at {{company_name}}',
     'templates/outreach/hr/intro.md', 0, true, 1, '2025-09-22 13:00:00+00', '2025-09-22 13:00:00+00'),
    ('HR_Q4_EMAIL_BREAKUP', 'Q4 2025 HR Renewal Season', 'email', 'HR', 2, 'Should I close your file?',
     'templates/outreach/hr/breakup.md', 10, false, 1, '2025-09-22 13:05:00+00', '2025-10-14 08:15:00+00');

-- -----------------------------------------------------------------------------
-- archive.public_storage_evaluation_state_county_zip_v2: one row per ZIP code
-- -----------------------------------------------------------------------------
CREATE TEMP TABLE seed_state (state_code, state_name, fips, zip3_lo, zip3_hi, lat, lon, zip_count) AS VALUES
    ('AL', 'Alabama', '01', 350, 369, 32.8, -86.8, 838),
    ('AK', 'Alaska', '02', 995, 999, 61.2, -149.9, 276),
    ('AZ', 'Arizona', '04', 850, 865, 33.7, -111.9, 569),
    ('AR', 'Arkansas', '05', 716, 729, 34.9, -92.4, 707),
    ('CA', 'California', '06', 900, 961, 36.8, -119.4, 2658),
    ('CO', 'Colorado', '08', 800, 816, 39.0, -105.5, 678),
    ('CT', 'Connecticut', '09', 60, 69, 41.6, -72.7, 440),
    ('DE', 'Delaware', '10', 197, 199, 39.0, -75.5, 99),
    ('DC', 'District of Columbia', '11', 200, 205, 38.9, -77.0, 303),
    ('FL', 'Florida', '12', 320, 349, 28.1, -81.6, 1514),
    ('GA', 'Georgia', '13', 300, 319, 32.7, -83.4, 1031),
    ('HI', 'Hawaii', '15', 967, 968, 20.8, -156.3, 140),
    ('ID', 'Idaho', '16', 832, 838, 44.1, -114.7, 328),
    ('IL', 'Illinois', '17', 600, 629, 40.0, -89.2, 1591),
    ('IN', 'Indiana', '18', 460, 479, 39.9, -86.3, 990),
    ('IA', 'Iowa', '19', 500, 528, 42.0, -93.5, 1070),
    ('KS', 'Kansas', '20', 660, 679, 38.5, -98.4, 760),
    ('KY', 'Kentucky', '21', 400, 427, 37.5, -85.3, 972),
    ('LA', 'Louisiana', '22', 700, 714, 31.0, -92.0, 734),
    ('ME', 'Maine', '23', 39, 49, 45.3, -69.2, 502),
    ('MD', 'Maryland', '24', 206, 219, 39.0, -76.8, 502),
    ('MA', 'Massachusetts', '25', 10, 27, 42.3, -71.8, 703),
    ('MI', 'Michigan', '26', 480, 499, 44.3, -85.4, 1177),
    ('MN', 'Minnesota', '27', 550, 567, 46.3, -94.3, 1035),
    ('MS', 'Mississippi', '28', 386, 397, 32.7, -89.7, 539),
    ('MO', 'Missouri', '29', 630, 658, 38.4, -92.5, 1185),
    ('MT', 'Montana', '30', 590, 599, 47.0, -109.6, 408),
    ('NE', 'Nebraska', '31', 680, 693, 41.5, -99.8, 629),
    ('NV', 'Nevada', '32', 889, 898, 39.3, -116.6, 256),
    ('NH', 'New Hampshire', '33', 30, 38, 43.7, -71.6, 283),
    ('NJ', 'New Jersey', '34', 70, 89, 40.2, -74.7, 739),
    ('NM', 'New Mexico', '35', 870, 884, 34.4, -106.1, 430),
    ('NY', 'New York', '36', 100, 149, 42.9, -75.5, 2230),
    ('NC', 'North Carolina', '37', 270, 289, 35.6, -79.4, 1094),
    ('ND', 'North Dakota', '38', 580, 588, 47.5, -100.5, 406),
    ('OH', 'Ohio', '39', 430, 459, 40.3, -82.8, 1468),
    ('OK', 'Oklahoma', '40', 730, 749, 35.6, -97.5, 787),
    ('OR', 'Oregon', '41', 970, 979, 43.9, -120.6, 491),
    ('PA', 'Pennsylvania', '42', 150, 196, 40.9, -77.8, 2244),
    ('RI', 'Rhode Island', '44', 28, 29, 41.7, -71.5, 91),
    ('SC', 'South Carolina', '45', 290, 299, 33.9, -80.9, 541),
    ('SD', 'South Dakota', '46', 570, 577, 44.4, -100.2, 393),
    ('TN', 'Tennessee', '47', 370, 385, 35.9, -86.4, 800),
    ('TX', 'Texas', '48', 750, 799, 31.5, -99.3, 2283),
    ('UT', 'Utah', '49', 840, 847, 39.3, -111.7, 354),
    ('VT', 'Vermont', '50', 50, 59, 44.1, -72.7, 309),
    ('VA', 'Virginia', '51', 220, 246, 37.5, -78.9, 1270),
    ('WA', 'Washington', '53', 980, 994, 47.4, -120.5, 736),
    ('WV', 'West Virginia', '54', 247, 268, 38.6, -80.6, 853),
    ('WI', 'Wisconsin', '55', 530, 549, 44.6, -89.9, 917),
    ('WY', 'Wyoming', '56', 820, 831, 43.0, -107.6, 198);

CREATE TEMP TABLE seed_zip AS
SELECT row_number() OVER (ORDER BY z.zip)::integer AS zi, z.*
  FROM (SELECT s.state_code, s.state_name, s.fips, s.lat, s.lon,
               lpad((s.zip3_lo * 100 + ((k - 1) * (s.zip3_hi - s.zip3_lo + 1) * 100) / s.zip_count)::text, 5, '0') AS zip,
               ((k - 1) * least(100, greatest(1, round(s.zip_count / 13.0)::integer))) / s.zip_count AS county_idx
          FROM seed_state s
         CROSS JOIN LATERAL generate_series(1, s.zip_count) AS k) AS z;

CREATE TEMP TABLE seed_zip_draw AS
SELECT zi,
       pg_temp.pick(ARRAY['Springfield','Franklin','Greenville','Clinton','Madison','Georgetown','Salem','Fairview',
                          'Riverside','Oak Grove','Centerville','Ashland','Milton','Newport','Dover','Bristol',
                          'Chester','Oxford','Marion','Lebanon','Jackson','Auburn','Burlington','Clayton','Dayton',
                          'Kingston','Lexington','Manchester','Mount Vernon','Oakland','Plainview','Quincy',
                          'Richmond','Shelbyville','Troy','Union','Vienna','Warren','Winchester','Woodstock',
                          'Belmont','Cedar Rapids','Elkins','Fayetteville','Glendale','Hamilton','Harrisonville',
                          'Hillsboro','Jamestown','Lancaster','Lincoln','Mayfield','Midway','Milford','New Hope',
                          'Oakdale','Pleasant Hill','Princeton','Rockport','Sharon','Summerville','Sunnyvale',
                          'Waverly','Westfield','Wilton','Beaver Creek','Bridgeport','Buckhannon','Clearfield',
                          'Eldorado','Fairfield','Hudson','Lewisburg','Monroe','Newark','Parkersburg','Ripley',
                          'Somerset','Weston']) AS city,
       random() AS u_lat, random() AS u_lon, random() AS u_pop0, random() AS u_pop, random() AS u_hh,
       random() AS u_inc, random() AS u_home, random() AS u_area, random() AS u_fac
  FROM generate_series(1, 41551) AS zi;

INSERT INTO archive.public_storage_evaluation_state_county_zip_v2 (
    zip, city, state_code, state_name, county_name, county_fips, latitude, longitude, population, households,
    median_household_income, median_home_value, land_area_sq_mi, population_density, storage_facility_count,
    storage_sqft_per_capita, demand_score, competition_score, opportunity_score, is_urban, source_dataset,
    evaluated_at)
SELECT y.zip, y.city, y.state_code, y.state_name, y.county_name, y.county_fips, y.latitude, y.longitude,
       y.population, y.households, y.income, y.home_value, y.land_area,
       CASE WHEN y.population > 0 THEN round(y.population / y.land_area, 2) ELSE 0 END,
       y.facilities, y.sqft_per_capita, y.demand, y.competition,
       CASE WHEN y.population > 0 THEN round(greatest(0, least(100, y.demand - y.competition * 0.6)), 2) END,
       y.population >= 15000, 'acs_5yr_2022',
       timestamptz '2024-06-18 03:00:00+00' + y.zi * interval '150 milliseconds'
  FROM (SELECT x.*,
               CASE WHEN x.population > 0 THEN least(60, round(x.facilities * 52000.0 / x.population, 2)) END AS sqft_per_capita,
               CASE WHEN x.population > 0 THEN round(greatest(0, least(100, ln(x.population + 1) * 9 - 20 + x.income / 6000.0))::numeric, 2) END AS demand,
               CASE WHEN x.population > 0 THEN round(least(100, x.facilities * 52000.0 / x.population * 9), 2) END AS competition
          FROM (SELECT z.zi, z.zip, d.city, z.state_code, z.state_name,
                       CASE WHEN z.state_code = 'DC' THEN 'District of Columbia'
                            ELSE (ARRAY['Adams','Allen','Benton','Boone','Brown','Butler','Calhoun','Campbell','Carroll',
                                        'Cass','Clark','Clay','Clinton','Crawford','Cumberland','Dallas','Decatur',
                                        'Douglas','Fayette','Franklin','Fulton','Grant','Greene','Hamilton','Hancock',
                                        'Hardin','Harrison','Henry','Howard','Jackson','Jasper','Jefferson','Johnson',
                                        'Knox','Lafayette','Lake','Lawrence','Lee','Lewis','Lincoln','Logan','Madison',
                                        'Marion','Marshall','Mercer','Monroe','Montgomery','Morgan','Newton','Ohio',
                                        'Perry','Pike','Polk','Putnam','Randolph','Richland','Scott','Shelby','Stark',
                                        'Sullivan','Taylor','Union','Warren','Washington','Wayne','Webster','Wood',
                                        'Wright','Bedford','Berkeley','Boyd','Braxton','Cabell','Carter','Chester',
                                        'Delaware','Dodge','Elk','Floyd','Garfield','Gilmer','Hampshire','Harlan',
                                        'Hocking','Kanawha','Kent','Lancaster','Licking','Mason','Mingo','Monongalia',
                                        'Nicholas','Pendleton','Preston','Raleigh','Ross','Summit','Tucker','Tyler',
                                        'Upshur'])[1 + mod(z.county_idx * 37 + z.fips::integer * 11, 100)]
                                 || CASE z.state_code WHEN 'LA' THEN ' Parish' WHEN 'AK' THEN ' Borough' ELSE ' County' END
                       END AS county_name,
                       z.fips || lpad((2 * z.county_idx + 1)::text, 3, '0') AS county_fips,
                       round((z.lat + (d.u_lat - 0.5) * 3.0)::numeric, 6) AS latitude,
                       round((z.lon + (d.u_lon - 0.5) * 4.0)::numeric, 6) AS longitude,
                       CASE WHEN d.u_pop0 < 0.07 THEN 0 ELSE floor(exp(3.5 + d.u_pop * 7.3))::integer END AS population,
                       CASE WHEN d.u_pop0 < 0.07 THEN 0
                            ELSE round(floor(exp(3.5 + d.u_pop * 7.3)) / (2.2 + d.u_hh * 0.7))::integer END AS households,
                       CASE WHEN d.u_pop0 >= 0.07 THEN (round((32000 + power(d.u_inc, 1.5) * 110000) / 100) * 100)::integer END AS income,
                       CASE WHEN d.u_pop0 >= 0.07
                            THEN (round((32000 + power(d.u_inc, 1.5) * 110000) * (2.2 + d.u_home * 3.5) / 100) * 100)::integer END AS home_value,
                       round((0.4 + power(d.u_area, 2) * 180)::numeric, 3) AS land_area,
                       CASE WHEN d.u_pop0 < 0.07 THEN 0
                            ELSE floor(exp(3.5 + d.u_pop * 7.3) / 9000 * (0.3 + d.u_fac * 1.6))::smallint END AS facilities
                  FROM seed_zip z
                  JOIN seed_zip_draw d ON d.zi = z.zi) AS x) AS y
 ORDER BY y.zip;

-- -----------------------------------------------------------------------------
-- archive.public_storage_evaluation_focus_states: every ZIP of PA, OH, VA, WV, MD
-- -----------------------------------------------------------------------------
CREATE TEMP TABLE seed_focus AS
SELECT row_number() OVER (ORDER BY z.zip)::integer AS fi, z.zip, z.state_code, z.county_name, z.population,
       z.storage_facility_count, z.storage_sqft_per_capita, z.opportunity_score
  FROM archive.public_storage_evaluation_state_county_zip_v2 z
 WHERE z.state_code IN ('PA', 'OH', 'VA', 'WV', 'MD');

CREATE TEMP TABLE seed_focus_draw AS
SELECT fi, random() AS u_sqft, random() AS u_rent, random() AS u_occ, random() AS u_note,
       pg_temp.pick(ARRAY['Strong rooftop growth, no climate-controlled supply within 5 miles',
                          'Single mom-and-pop operator, dated facility',
                          'Near interstate exit, good visibility parcels available',
                          'University town: seasonal demand peaks in May and August',
                          'New apartment permits up year over year',
                          'Competitor lease-up nearby: re-check in 12 months']) AS note
  FROM generate_series(1, 6337) AS fi;

INSERT INTO archive.public_storage_evaluation_focus_states (
    state_code, zip, county_name, population, facility_count, total_rentable_sqft, avg_rent_10x10,
    occupancy_rate, saturation_sqft_per_capita, market_tier, recommended, notes, evaluated_at)
SELECT t.state_code, t.zip, t.county_name, t.population, t.storage_facility_count,
       t.storage_facility_count * (35000 + floor(d.u_sqft * 40000))::integer,
       round((85 + d.u_rent * 95)::numeric, 2),
       round((0.78 + d.u_occ * 0.18)::numeric, 4),
       t.storage_sqft_per_capita,
       t.tier,
       t.tier IN ('A', 'B') AND t.population >= 5000,
       CASE WHEN t.tier IN ('A', 'B') AND t.population >= 5000 AND d.u_note < 0.6 THEN d.note END,
       timestamptz '2024-07-09 10:00:00+00' + t.fi * interval '1 second'
  FROM (SELECT f.*,
               CASE WHEN f.opportunity_score >= 70 THEN 'A' WHEN f.opportunity_score >= 55 THEN 'B'
                    WHEN f.opportunity_score >= 40 THEN 'C' ELSE 'D' END AS tier
          FROM seed_focus f) AS t
  JOIN seed_focus_draw d ON d.fi = t.fi
 ORDER BY t.fi;

-- -----------------------------------------------------------------------------
-- archive.shq_schema_registry: 688 registered columns of 42 tables
-- -----------------------------------------------------------------------------
CREATE TEMP TABLE seed_registry_table (ti, schema_name, table_name, barton_segment, ncols) AS VALUES
    ( 1, 'marketing', 'company_master', '04.04.02.04.30000', 29),
    ( 2, 'marketing', 'company_slots', '04.04.02.04.10000', 12),
    ( 3, 'marketing', 'people_master', '04.04.02.04.20000', 18),
    ( 4, 'marketing', 'people_resolution_queue', '04.04.02.04.20000', 25),
    ( 5, 'marketing', 'pipeline_events', '04.04.02.04.50000', 9),
    ( 6, 'marketing', 'pipeline_errors', '04.04.02.04.40000', 14),
    ( 7, 'marketing', 'contact_enrichment', '04.04.02.04.20000', 22),
    ( 8, 'marketing', 'email_verification', '04.04.02.04.20000', 17),
    ( 9, 'marketing', 'message_key_reference', '04.04.02.04.60000', 11),
    (10, 'intake', 'company_raw_intake', '04.04.02.04.30000', 16),
    (11, 'intake', 'people_raw_intake', '04.04.02.04.20000', 8),
    (12, 'bit', 'bit_signal', '04.04.02.04.70000', 19),
    (13, 'bit', 'bit_company_score', '04.04.02.04.70000', 27),
    (14, 'bit', 'bit_contact_score', '04.04.02.04.70000', 13),
    (15, 'ple', 'ple_cycle', '04.04.02.04.80000', 10),
    (16, 'ple', 'ple_step', '04.04.02.04.80000', 21),
    (17, 'ple', 'ple_log', '04.04.02.04.80000', 15),
    (18, 'public', 'shq_validation_log', '04.04.02.04.90000', 24),
    (19, 'public', 'shq_error_log', '04.04.02.04.40000', 12),
    (20, 'public', 'shq_process_registry', '04.04.02.04.90000', 18),
    (21, 'public', 'shq_schema_registry', '04.04.02.04.90000', 9),
    (22, 'public', 'public_storage_evaluation_state_county_zip', '04.04.02.05.10000', 20),
    (23, 'public', 'public_storage_evaluation_state_county_zip_v2', '04.04.02.05.10000', 14),
    (24, 'public', 'public_storage_evaluation_focus_states', '04.04.02.05.10000', 16),
    (25, 'public', 'public_storage_evaluation_runs', '04.04.02.05.10000', 11),
    (26, 'public', 'public_storage_evaluation_competitors', '04.04.02.05.10000', 23),
    (27, 'marketing', 'company_master_legacy', '04.04.02.04.30000', 13),
    (28, 'marketing', 'company_contacts', '04.04.02.04.30000', 17),
    (29, 'marketing', 'contact_master', '04.04.02.04.20000', 10),
    (30, 'marketing', 'contact_emails', '04.04.02.04.20000', 19),
    (31, 'marketing', 'contact_phone_numbers', '04.04.02.04.20000', 15),
    (32, 'marketing', 'contact_linkedin_profiles', '04.04.02.04.20000', 26),
    (33, 'marketing', 'marketing_campaigns', '04.04.02.04.60000', 12),
    (34, 'marketing', 'marketing_campaign_steps', '04.04.02.04.60000', 14),
    (35, 'marketing', 'marketing_outreach_log', '04.04.02.04.60000', 18),
    (36, 'marketing', 'marketing_email_templates', '04.04.02.04.60000', 9),
    (37, 'marketing', 'validation_rules', '04.04.02.04.90000', 16),
    (38, 'marketing', 'validation_results', '04.04.02.04.90000', 21),
    (39, 'marketing', 'enrichment_queue_v1', '04.04.02.04.20000', 13),
    (40, 'marketing', 'enrichment_jobs_apify', '04.04.02.04.20000', 11),
    (41, 'intake', 'intake_company_csv_2024', '04.04.02.04.30000', 22),
    (42, 'intake', 'intake_people_csv_2024', '04.04.02.04.20000', 19);

INSERT INTO archive.shq_schema_registry (
    schema_name, table_name, column_name, ordinal_position, data_type, is_nullable, is_primary_key,
    barton_segment, doctrine_version, description, registered_at)
SELECT t.schema_name, t.table_name, col.column_name, o, col.data_type,
       o > 1 AND col.column_name NOT IN ('created_at', 'updated_at') AND mod(t.ti * 7 + o * 3, 10) < 6,
       o = 1,
       t.barton_segment,
       CASE WHEN t.ti <= 12 THEN '1.2' WHEN t.ti <= 26 THEN '1.1' ELSE '1.0' END,
       CASE WHEN mod(t.ti + o, 5) = 0 THEN NULL
            ELSE initcap(replace(col.column_name, '_', ' ')) || ' of ' || t.schema_name || '.' || t.table_name END,
       timestamptz '2024-03-04 09:00:00+00' + t.ti * interval '2 days' + o * interval '1 minute'
  FROM seed_registry_table t
 CROSS JOIN LATERAL generate_series(1, t.ncols) AS o
 CROSS JOIN LATERAL (
        SELECT CASE WHEN o = 1 THEN 'unique_id'
                    WHEN o = t.ncols - 1 THEN 'created_at'
                    WHEN o = t.ncols THEN 'updated_at'
                    ELSE (ARRAY['company_name','website_url','industry','employee_count','annual_revenue',
                                'linkedin_url','email','phone','title','first_name','last_name','full_name','city',
                                'state','zip','country','status','source_system','source_record_id','is_active',
                                'is_verified','is_filled','score','payload','event_type','error_code','message',
                                'severity','provider','external_job_id','slot_type','person_unique_id',
                                'company_unique_id','batch_id','validated_at','processed_at','deleted_at','notes',
                                'version','priority'])[1 + mod(t.ti * 7 + o, 40)] END AS column_name,
               CASE WHEN o = 1 THEN 'text'
                    WHEN o >= t.ncols - 1 THEN 'timestamp with time zone'
                    ELSE (ARRAY['text','text','text','integer','numeric','text','text','text','text','text','text',
                                'text','text','character(2)','character varying(10)','text','text','text','text',
                                'boolean','boolean','boolean','numeric','jsonb','text','text','text','text','text',
                                'text','text','text','text','text','timestamp with time zone',
                                'timestamp with time zone','timestamp with time zone','text','integer',
                                'smallint'])[1 + mod(t.ti * 7 + o, 40)] END AS data_type) AS col
 ORDER BY t.ti, o;

-- -----------------------------------------------------------------------------
-- Small archive tables (0-50 rows each; the others were emptied when archived)
-- -----------------------------------------------------------------------------
INSERT INTO archive.public_storage_evaluation_runs (run_label, states_included, zips_evaluated, model_version,
                                                    started_at, finished_at, notes)
SELECT 'run-' || to_char(timestamptz '2024-04-02 02:00:00+00' + (r - 1) * interval '7 days', 'YYYY-MM-DD'),
       CASE WHEN r <= 4 THEN ARRAY['WV'] WHEN r <= 8 THEN ARRAY['WV', 'PA', 'OH'] ELSE ARRAY['PA', 'OH', 'VA', 'WV', 'MD'] END,
       CASE WHEN r <= 4 THEN 853 WHEN r <= 8 THEN 4565 ELSE 6337 END,
       CASE WHEN r <= 5 THEN 'v1.' || r ELSE 'v2.' || (r - 5) END,
       timestamptz '2024-04-02 02:00:00+00' + (r - 1) * interval '7 days',
       CASE WHEN r = 7 THEN NULL
            ELSE timestamptz '2024-04-02 02:00:00+00' + (r - 1) * interval '7 days' + (4 + floor(random() * 50)) * interval '1 minute' END,
       CASE WHEN r = 7 THEN 'Aborted: census API quota exceeded' WHEN r = 12 THEN 'Final run before archiving' END
  FROM generate_series(1, 12) AS r;

INSERT INTO archive.public_storage_evaluation_competitors (facility_name, operator, zip, state_code, rentable_sqft,
                                                           unit_count, climate_controlled, street_rate_10x10, scraped_at)
SELECT pg_temp.pick(ARRAY['Mountain State', 'Riverside', 'Hilltop', 'Route 19', 'Valley', 'Keystone', 'Crossroads', 'Allegheny'])
           || ' ' || pg_temp.pick(ARRAY['Self Storage', 'Storage Center', 'Mini Storage', 'Storage Depot']),
       pg_temp.pick(ARRAY['independent', 'independent', 'independent', 'Extra Space', 'CubeSmart', 'Public Storage', 'Storage King']),
       (ARRAY['25301', '25701', '26501', '26101', '26003', '15213', '43215', '24011', '21740', '26201'])[1 + mod(f, 10)],
       (ARRAY['WV', 'WV', 'WV', 'WV', 'WV', 'PA', 'OH', 'VA', 'MD', 'WV'])[1 + mod(f, 10)],
       (20000 + floor(random() * 80000))::integer,
       (150 + floor(random() * 600))::integer,
       random() < 0.45,
       round((70 + random() * 110)::numeric, 2),
       timestamptz '2024-05-14 08:00:00+00' + f * interval '17 minutes'
  FROM generate_series(1, 48) AS f;

INSERT INTO archive.company_master_legacy (company_name, domain, industry, employees, city, state, created_at, updated_at)
SELECT c.company_name, c.slug || c.tld, c.industry,
       CASE WHEN c.employee_count IS NULL THEN NULL WHEN c.employee_count < 50 THEN '11-50'
            WHEN c.employee_count < 200 THEN '51-200' WHEN c.employee_count < 500 THEN '201-500' ELSE '500+' END,
       c.city, c.state,
       timestamptz '2024-03-11 10:00:00+00' + c.n * interval '5 hours',
       timestamptz '2024-06-01 10:00:00+00' + c.n * interval '3 hours'
  FROM seed_company c WHERE c.n <= 37 ORDER BY c.n;

INSERT INTO archive.company_master_backup_20240915 (company_unique_id, company_name, website_url, industry,
                                                    employee_count, created_at, updated_at)
SELECT '04.04.02.04.30000.' || lpad(c.n::text, 3, '0'), c.company_name, c.website_url, c.industry, c.employee_count,
       timestamptz '2024-05-20 12:00:00+00' + c.n * interval '90 minutes',
       timestamptz '2024-08-30 12:00:00+00' + c.n * interval '40 minutes'
  FROM seed_company c WHERE c.n BETWEEN 3 AND 52 ORDER BY c.n;

INSERT INTO archive.company_contacts_v0 (company_name, contact_name, title, email, source, created_at)
SELECT c.company_name,
       pg_temp.pick(ARRAY['Alan', 'Beth', 'Carl', 'Dana', 'Ed', 'Faye', 'Glen', 'Hope']) || ' '
           || pg_temp.pick(ARRAY['Moss', 'Hart', 'Lowe', 'Fry', 'Dunn', 'Pike', 'Shaw', 'Wade']),
       pg_temp.pick(ARRAY['Owner', 'Office Manager', 'President', 'Controller', 'HR Coordinator']),
       'info@' || c.slug || c.tld,
       'spreadsheet-2023',
       timestamptz '2023-11-06 15:00:00+00' + c.n * interval '1 day'
  FROM seed_company c WHERE c.n <= 25 ORDER BY c.n;

INSERT INTO archive.company_slots_legacy (company_id, slot_type, contact_name, filled, created_at, updated_at)
SELECT x.company_id, x.slot_type, x.contact_name, x.contact_name IS NOT NULL, x.created_at, x.updated_at
  FROM (SELECT (s - 1) / 3 + 1 AS company_id,
               (ARRAY['ceo', 'cfo', 'hr'])[mod(s - 1, 3) + 1] AS slot_type,
               CASE WHEN random() < 0.4 THEN pg_temp.pick(ARRAY['A. Moss', 'B. Hart', 'C. Lowe', 'D. Fry', 'E. Dunn']) END AS contact_name,
               timestamptz '2024-03-11 10:01:00+00' + ((s - 1) / 3 + 1) * interval '5 hours' AS created_at,
               timestamptz '2024-06-01 10:00:00+00' + ((s - 1) / 3 + 1) * interval '3 hours' AS updated_at
          FROM generate_series(1, 42) AS s) AS x;

INSERT INTO archive.company_domains (domain, company_unique_id, is_primary, mx_provider, checked_at)
SELECT c.slug || c.tld, c.company_unique_id, true,
       (ARRAY['google', 'microsoft', 'microsoft', 'other'])[1 + mod(c.n * 7, 4)],
       timestamptz '2024-08-19 04:00:00+00' + c.n * interval '11 minutes'
  FROM seed_company c WHERE c.n <= 30 AND c.has_website ORDER BY c.n;

INSERT INTO archive.company_enrichment_apollo (company_unique_id, apollo_org_id, raw_response, fetched_at)
SELECT c.company_unique_id, left(md5('org:' || c.n), 24),
       jsonb_build_object('name', c.company_name, 'estimated_num_employees', c.employee_count,
                          'industry', lower(c.industry), 'city', c.city, 'state', c.state),
       timestamptz '2024-07-01 09:00:00+00' + c.n * interval '7 minutes'
  FROM seed_company c WHERE c.n <= 20 ORDER BY c.n;

INSERT INTO archive.contact_master (first_name, last_name, email, phone, title, company_name, created_at, updated_at)
SELECT p.first_name, p.last_name, p.email, p.phone, p.title, c.company_name,
       timestamptz '2024-04-15 10:00:00+00' + p.k * interval '1 day',
       timestamptz '2024-08-15 10:00:00+00' + p.k * interval '6 hours'
  FROM seed_people p JOIN seed_company c ON c.n = p.n
 WHERE p.k <= 35 ORDER BY p.k;

INSERT INTO archive.contact_linkedin_profiles (profile_url, contact_id, headline, connections, scraped_at)
SELECT p.linkedin_url, p.k, p.title || ' at ' || c.company_name, 50 + mod(p.k * 97, 450),
       timestamptz '2024-06-10 11:00:00+00' + p.k * interval '13 minutes'
  FROM seed_people p JOIN seed_company c ON c.n = p.n
 WHERE p.k <= 18 AND p.linkedin_url IS NOT NULL ORDER BY p.k;

INSERT INTO archive.people_master_backup_20250301 (unique_id, company_unique_id, full_name, title, email,
                                                   linkedin_url, created_at, updated_at)
SELECT p.unique_id, p.company_unique_id, p.first_name || ' ' || p.last_name, p.title, p.email, p.linkedin_url,
       least(p.created_at, timestamptz '2025-02-27 12:00:00+00'), timestamptz '2025-02-28 23:00:00+00'
  FROM seed_people p WHERE p.k <= 50 ORDER BY p.k;

INSERT INTO archive.people_titles_normalized (raw_title, normalized_title, slot_type, seniority) VALUES
    ('ceo', 'Chief Executive Officer', 'CEO', 'C-Level'),
    ('president & ceo', 'Chief Executive Officer', 'CEO', 'C-Level'),
    ('founder/ceo', 'Chief Executive Officer', 'CEO', 'C-Level'),
    ('owner', 'Owner', 'CEO', 'C-Level'),
    ('president', 'President', 'CEO', 'C-Level'),
    ('managing director', 'Managing Director', 'CEO', 'C-Level'),
    ('general manager', 'General Manager', NULL, 'Director'),
    ('cfo', 'Chief Financial Officer', 'CFO', 'C-Level'),
    ('chief financial officer', 'Chief Financial Officer', 'CFO', 'C-Level'),
    ('vp finance', 'VP of Finance', 'CFO', 'VP'),
    ('vp of finance', 'VP of Finance', 'CFO', 'VP'),
    ('controller', 'Controller', 'CFO', 'Director'),
    ('comptroller', 'Controller', 'CFO', 'Director'),
    ('director of finance', 'Director of Finance', 'CFO', 'Director'),
    ('finance manager', 'Finance Manager', NULL, 'Manager'),
    ('treasurer', 'Treasurer', 'CFO', 'Director'),
    ('hr director', 'HR Director', 'HR', 'Director'),
    ('director of human resources', 'HR Director', 'HR', 'Director'),
    ('vp hr', 'VP of Human Resources', 'HR', 'VP'),
    ('vp of human resources', 'VP of Human Resources', 'HR', 'VP'),
    ('chief people officer', 'Chief People Officer', 'HR', 'C-Level'),
    ('hr manager', 'HR Manager', 'HR', 'Manager'),
    ('human resources manager', 'HR Manager', 'HR', 'Manager'),
    ('hr generalist', 'HR Generalist', NULL, 'Staff');

INSERT INTO archive.people_import_batches (batch_id, source, row_count, loaded_at, notes) VALUES
    ('PEOPLE-2024-02-12', 'linkedin_sales_nav_export', 214, '2024-02-12 16:20:00+00', NULL),
    ('PEOPLE-2024-03-25', 'linkedin_sales_nav_export', 187, '2024-03-25 15:02:00+00', NULL),
    ('PEOPLE-2024-05-06', 'conference_badge_scans', 96, '2024-05-06 10:41:00+00', 'Trade show, low match rate'),
    ('PEOPLE-2024-06-17', 'linkedin_sales_nav_export', 240, '2024-06-17 14:15:00+00', NULL),
    ('PEOPLE-2024-07-29', 'apify_linkedin', 331, '2024-07-29 09:12:00+00', 'First Apify run'),
    ('PEOPLE-2024-08-26', 'apify_linkedin', 298, '2024-08-26 09:30:00+00', 'Last batch before people_master');

INSERT INTO archive.marketing_campaigns (name, channel, status, starts_on, ends_on, created_at, updated_at) VALUES
    ('2023 Year-End Benefits Review', 'email', 'completed', '2023-11-01', '2023-12-15', '2023-10-20 14:00:00+00', '2023-12-16 09:00:00+00'),
    ('Q1 2024 Executive Intro', 'email', 'completed', '2024-01-08', '2024-03-29', '2024-01-03 10:00:00+00', '2024-04-01 08:30:00+00'),
    ('Q1 2024 LinkedIn Touch', 'linkedin', 'completed', '2024-01-15', '2024-03-29', '2024-01-10 11:00:00+00', '2024-04-01 08:31:00+00'),
    ('Q2 2024 CFO Cost Review', 'email', 'completed', '2024-04-08', '2024-06-28', '2024-04-02 13:00:00+00', '2024-07-01 07:45:00+00'),
    ('Q3 2024 HR Renewal Prep', 'email', 'cancelled', '2024-07-15', NULL, '2024-07-08 15:00:00+00', '2024-08-02 12:10:00+00');

INSERT INTO archive.marketing_campaign_steps (campaign_id, step_number, channel, delay_days, template)
SELECT c.campaign_id, s, c.channel, CASE WHEN s = 1 THEN 0 ELSE 3 + 2 * s END,
       'campaign_' || c.campaign_id || '_step_' || s || '.html'
  FROM archive.marketing_campaigns c
 CROSS JOIN LATERAL generate_series(1, CASE WHEN c.campaign_id IN (2, 4) THEN 4 WHEN c.campaign_id = 5 THEN 1 ELSE 2 END + 1) AS s
 ORDER BY c.campaign_id, s;

INSERT INTO archive.marketing_email_templates (template_key, subject, body, created_at)
SELECT 'tpl_' || t, 'Template ' || t || ': ' || (ARRAY['Introduction', 'Follow-up', 'Case study', 'Last note',
       'Benefits checklist', 'Cost review', 'Renewal reminder', 'Event invite', 'Thank you'])[t],
       'See campaign_' || (1 + mod(t, 5)) || ' assets.', timestamptz '2023-10-20 14:00:00+00' + t * interval '9 days'
  FROM generate_series(1, 9) AS t;

INSERT INTO archive.marketing_ab_tests (name, variant_a, variant_b, winner, started_on, ended_on) VALUES
    ('Intro subject line', 'Quick question', 'Idea for {{company}}', 'b', '2024-01-08', '2024-01-26'),
    ('Follow-up timing', '3 days', '7 days', 'a', '2024-02-05', '2024-03-01'),
    ('CFO subject line', 'Cutting benefits cost', 'Your 2024 renewal', NULL, '2024-04-08', '2024-05-03');

INSERT INTO archive.validation_rules (rule_name, target_table, target_column, rule_type, expression, severity,
                                      is_active, created_at, updated_at)
SELECT v.rule_name, v.target_table, v.target_column, v.rule_type, v.expression, v.severity, v.is_active,
       timestamptz '2024-02-01 09:00:00+00' + v.ord * interval '2 hours',
       timestamptz '2024-09-01 09:00:00+00' + v.ord * interval '1 hour'
  FROM (VALUES
    ( 1, 'company_name_required', 'intake.company_raw_intake', 'company', 'not_null', 'company IS NOT NULL', 'error', true),
    ( 2, 'website_format', 'intake.company_raw_intake', 'website', 'regex', 'website ~ host pattern', 'error', true),
    ( 3, 'employees_numeric', 'intake.company_raw_intake', 'num_employees', 'regex', 'num_employees ~ digits', 'error', true),
    ( 4, 'founded_year_range', 'intake.company_raw_intake', 'founded_year', 'range', 'founded_year BETWEEN 1800 AND 2100', 'warning', true),
    ( 5, 'state_code_known', 'intake.company_raw_intake', 'company_state', 'lookup', 'company_state IN usps_states', 'warning', true),
    ( 6, 'phone_format', 'intake.company_raw_intake', 'company_phone', 'regex', 'company_phone ~ nanp pattern', 'info', true),
    ( 7, 'duplicate_website', 'marketing.company_master', 'website_url', 'unique', 'lower(website_url) unique', 'error', true),
    ( 8, 'duplicate_name_city', 'marketing.company_master', 'company_name', 'unique', '(lower(company_name), city) unique', 'warning', false),
    ( 9, 'revenue_positive', 'marketing.company_master', 'annual_revenue', 'range', 'annual_revenue >= 0', 'error', true),
    (10, 'barton_id_format', 'marketing.company_master', 'company_unique_id', 'regex', 'barton pattern', 'error', true),
    (11, 'email_format', 'marketing.people_master', 'email', 'regex', 'email ~ address pattern', 'error', true),
    (12, 'email_domain_matches', 'marketing.people_master', 'email', 'custom', 'email domain = company website host', 'warning', true),
    (13, 'linkedin_url_format', 'marketing.people_master', 'linkedin_url', 'regex', 'linkedin_url ~ /in/ profile', 'warning', true),
    (14, 'title_present', 'marketing.people_master', 'title', 'not_null', 'title IS NOT NULL', 'info', true),
    (15, 'slot_has_company', 'marketing.company_slots', 'company_unique_id', 'foreign_key', 'company exists', 'error', false),
    (16, 'slot_type_known', 'marketing.company_slots', 'slot_type', 'lookup', 'slot_type IN (CEO, CFO, HR)', 'error', false),
    (17, 'name_not_placeholder', 'marketing.people_master', 'last_name', 'custom', 'last_name NOT IN (unknown, n/a)', 'warning', true),
    (18, 'keywords_present', 'marketing.company_master', 'keywords', 'custom', 'cardinality(keywords) > 0', 'info', false)
  ) AS v(ord, rule_name, target_table, target_column, rule_type, expression, severity, is_active)
 ORDER BY v.ord;

INSERT INTO archive.shq_validation_log_2024 (id, run_id, source_table, record_id, rule_name, passed, failure_reason, created_at)
SELECT 9000 + v, md5('validation-run:' || (1 + v / 9))::uuid,
       'intake.company_raw_intake', (1 + floor(random() * 165))::integer::text,
       pg_temp.pick(ARRAY['website_format', 'employees_numeric', 'state_code_known', 'phone_format', 'founded_year_range']),
       false,
       pg_temp.pick(ARRAY['value did not match pattern', 'value missing', 'value out of range', 'unknown code']),
       timestamptz '2024-09-16 15:00:00+00' + v * interval '37 hours'
  FROM generate_series(1, 44) AS v;

INSERT INTO archive.shq_process_registry (process_id, process_name, barton_segment, subsystem, is_active, registered_at) VALUES
    ('PROC-001', 'intake_csv_upload', '04.04.02.04.30000', 'intake', true, '2024-03-04 09:00:00+00'),
    ('PROC-002', 'intake_validation', '04.04.02.04.30000', 'intake', true, '2024-03-04 09:05:00+00'),
    ('PROC-003', 'company_promotion', '04.04.02.04.30000', 'marketing', true, '2024-03-04 09:10:00+00'),
    ('PROC-004', 'slot_creation', '04.04.02.04.10000', 'marketing', true, '2024-03-04 09:15:00+00'),
    ('PROC-005', 'people_scrape_apify', '04.04.02.04.20000', 'enrichment', true, '2024-04-22 10:00:00+00'),
    ('PROC-006', 'people_resolution', '04.04.02.04.20000', 'marketing', true, '2024-04-22 10:05:00+00'),
    ('PROC-007', 'email_verification', '04.04.02.04.20000', 'enrichment', true, '2024-05-13 11:00:00+00'),
    ('PROC-008', 'enrichment_abacus', '04.04.02.04.20000', 'enrichment', true, '2024-06-03 11:00:00+00'),
    ('PROC-009', 'website_crawl_firecrawl', '04.04.02.04.30000', 'enrichment', true, '2024-06-03 11:05:00+00'),
    ('PROC-010', 'intent_scoring', '04.04.02.04.70000', 'bit', false, '2024-08-12 12:00:00+00'),
    ('PROC-011', 'enrichment_cycles', '04.04.02.04.80000', 'ple', false, '2024-08-12 12:05:00+00'),
    ('PROC-012', 'storage_evaluation', '04.04.02.05.10000', 'storage', false, '2024-04-01 08:00:00+00');

INSERT INTO archive.shq_error_log (error_unique_id, process_id, error_code, message, severity, created_at)
SELECT marketing.make_barton_id(40000, e)::text,
       'PROC-00' || (1 + mod(e * 5, 9)),
       v.error_code, v.message,
       CASE WHEN v.error_code IN ('DB_TIMEOUT', 'APIFY_RUN_FAILED') THEN 'error' ELSE 'warning' END,
       timestamptz '2024-04-03 07:00:00+00' + e * interval '151 hours'
  FROM generate_series(1, 27) AS e
  JOIN (VALUES (0, 'CSV_BAD_HEADER', 'Upload rejected: unexpected column header'),
               (1, 'DUPLICATE_WEBSITE', 'Company skipped: website already in company_master'),
               (2, 'APIFY_RUN_FAILED', 'Apify actor run ended with status FAILED'),
               (3, 'EMAIL_UNVERIFIABLE', 'Verifier returned unknown for the address'),
               (4, 'DB_TIMEOUT', 'Statement timeout during promotion batch'),
               (5, 'RATE_LIMITED', 'Provider returned HTTP 429, retry scheduled')) AS v(k, error_code, message)
    ON v.k = mod(e * 7, 6)
 ORDER BY e;

INSERT INTO archive.enrichment_jobs_apify (run_id, actor, input_count, output_count, status, cost_usd, started_at, finished_at)
SELECT left(md5('apify-run:' || j), 17),
       CASE WHEN mod(j, 3) = 0 THEN 'linkedin-company-employees' ELSE 'linkedin-profile-scraper' END,
       x.input_count, CASE WHEN x.failed THEN 0 ELSE floor(x.input_count * (0.6 + random() * 0.38))::integer END,
       CASE WHEN x.failed THEN 'FAILED' ELSE 'SUCCEEDED' END,
       round((x.input_count * 0.012)::numeric, 2),
       timestamptz '2024-07-29 09:00:00+00' + j * interval '4 days',
       timestamptz '2024-07-29 09:00:00+00' + j * interval '4 days' + (6 + floor(random() * 40)) * interval '1 minute'
  FROM generate_series(1, 22) AS j
 CROSS JOIN LATERAL (SELECT (40 + mod(j * 37, 160))::integer AS input_count, mod(j, 9) = 4 AS failed) AS x
 ORDER BY j;

INSERT INTO archive.enrichment_results_firecrawl (url, crawled_at, status_code, page_title, extracted)
SELECT c.website_url || (ARRAY['/', '/about', '/team', '/contact', '/leadership'])[1 + mod(c.n, 5)],
       timestamptz '2024-10-07 13:00:00+00' + c.n * interval '3 minutes',
       CASE WHEN mod(c.n, 7) = 3 THEN 404 ELSE 200 END,
       c.company_name || ' | ' || (ARRAY['Home', 'About Us', 'Our Team', 'Contact', 'Leadership'])[1 + mod(c.n, 5)],
       CASE WHEN mod(c.n, 7) = 3 THEN NULL
            ELSE jsonb_build_object('phones', jsonb_build_array('(' || c.area_code || ') 555-01' || lpad(c.phone2::text, 2, '0')),
                                    'emails_found', mod(c.n, 4), 'has_team_page', mod(c.n, 5) IN (2, 4)) END
  FROM seed_company c WHERE c.has_website AND c.n BETWEEN 60 AND 75 AND mod(c.n, 3) <> 0 ORDER BY c.n;

INSERT INTO archive.enrichment_provider_costs (provider, month, requests, cost_usd)
SELECT p.provider, m.month, p.base + 37 * m.i, round((p.base + 37 * m.i) * p.unit_cost, 2)
  FROM (VALUES ('apify', 1800, 0.012), ('abacus', 420, 0.150), ('firecrawl', 950, 0.004)) AS p(provider, base, unit_cost)
 CROSS JOIN (VALUES (1, date '2024-10-01'), (2, date '2024-11-01'), (3, date '2024-12-01')) AS m(i, month)
 ORDER BY p.provider, m.month;

INSERT INTO archive.pipeline_events_2024 (event_id, company_unique_id, event_type, payload, created_at)
SELECT 1000 + e,
       CASE WHEN mod(e, 5) = 0 THEN NULL ELSE 'CMP-' || lpad((1 + mod(e * 13, 120))::text, 4, '0') END,
       (ARRAY['COMPANY_CREATED', 'COMPANY_UPDATED', 'SLOT_FILLED', 'ENRICH_REQUEST', 'BATCH_DONE'])[1 + mod(e, 5)],
       jsonb_build_object('v', 0, 'seq', e, 'note', 'pre-Barton event format'),
       timestamptz '2024-03-18 08:00:00+00' + e * interval '3 days' + floor(random() * 600) * interval '1 minute'
  FROM generate_series(1, 50) AS e;

INSERT INTO archive.message_key_reference_v1 (message_key, campaign_name, channel, subject, is_active, created_at, updated_at) VALUES
    ('INTRO_1', 'Q1 2024 Executive Intro', 'email', 'Quick question', false, '2024-01-03 10:00:00+00', '2024-04-01 08:30:00+00'),
    ('INTRO_2', 'Q1 2024 Executive Intro', 'email', 'Following up', false, '2024-01-03 10:05:00+00', '2024-04-01 08:30:00+00'),
    ('INTRO_LI', 'Q1 2024 LinkedIn Touch', 'linkedin', NULL, false, '2024-01-10 11:00:00+00', '2024-04-01 08:31:00+00'),
    ('CFO_1', 'Q2 2024 CFO Cost Review', 'email', 'Cutting benefits cost', false, '2024-04-02 13:00:00+00', '2024-07-01 07:45:00+00'),
    ('CFO_2', 'Q2 2024 CFO Cost Review', 'email', 'Re: Cutting benefits cost', false, '2024-04-02 13:05:00+00', '2024-07-01 07:45:00+00'),
    ('HR_1', 'Q3 2024 HR Renewal Prep', 'email', 'Your renewal is coming up', false, '2024-07-08 15:00:00+00', '2024-08-02 12:10:00+00');

-- -----------------------------------------------------------------------------
-- Finish: drop the scratch objects, refresh the summary, set the statistics
-- -----------------------------------------------------------------------------
DROP TABLE seed_batch, seed_city, seed_industry, seed_company_draw, seed_company, seed_slot_draw, seed_slot,
           seed_person, seed_person_draw, seed_people, seed_queue_a, seed_queue_a_draw, seed_queue_b,
           seed_state, seed_zip, seed_zip_draw, seed_focus, seed_focus_draw, seed_registry_table;
DROP FUNCTION pg_temp.pick(text[]);

REFRESH MATERIALIZED VIEW marketing.mv_industry_summary;

ANALYZE;
