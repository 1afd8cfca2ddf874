-- The schema as the migrations before it made it (scripts/squash-migrations.sh): pg_dump --schema-only without
-- the journal's monthly partitions, plus the rows the model seeds (origin_product). Runs in the migration's
-- transaction.
set local check_function_bodies = false;

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;

CREATE FUNCTION public.audit_log_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE FUNCTION public.journal_ensure_partitions(from_at timestamp with time zone, to_at timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    AS $_$
declare
    m date := date_trunc('month', from_at at time zone 'UTC')::date;
    last_month date := date_trunc('month', to_at at time zone 'UTC')::date;
    part text;
    lo timestamptz;
    hi timestamptz;
    created integer := 0;
begin
    perform pg_advisory_xact_lock(hashtext('journal_ensure_partitions'));
    while m <= last_month loop
        part := format('journal_p%s', to_char(m, 'YYYY_MM'));
        lo := m::timestamp at time zone 'UTC';
        hi := (m + interval '1 month')::timestamp at time zone 'UTC';
        if to_regclass(part) is null then
            if exists (select 1 from journal_default where received_at >= lo and received_at < hi) then
                execute format('create table %I (like journal including defaults including storage)', part);
                execute format('insert into %I select * from journal_default where received_at >= $1 and received_at < $2', part)
                    using lo, hi;
                delete from journal_default where received_at >= lo and received_at < hi;
                execute format('alter table journal attach partition %I for values from (%L) to (%L)', part, lo, hi);
            else
                execute format('create table %I partition of journal for values from (%L) to (%L)', part, lo, hi);
            end if;
            created := created + 1;
        end if;
        m := (m + interval '1 month')::date;
    end loop;
    if created > 0 then
        perform journal_name_partition_indexes();
    end if;
    return created;
end $_$;

CREATE FUNCTION public.journal_name_partition_indexes() RETURNS integer
    LANGUAGE plpgsql
    AS $$
declare
    r record;
    renamed integer := 0;
begin
    for r in
        select ci.relname as child, pi.relname as parent, pt.relname as part
        from pg_inherits pin
        join pg_class pt on pt.oid = pin.inhrelid
        join pg_index x on x.indrelid = pt.oid
        join pg_class ci on ci.oid = x.indexrelid
        join pg_inherits ii on ii.inhrelid = ci.oid
        join pg_class pi on pi.oid = ii.inhparent
        where pin.inhparent = 'journal'::regclass
    loop
        if r.child <> r.parent || substr(r.part, 8) then
            execute format('alter index %I rename to %I', r.child, r.parent || substr(r.part, 8));
            renamed := renamed + 1;
        end if;
    end loop;
    return renamed;
end $$;

CREATE TABLE public.alert_sent (
    kind text NOT NULL,
    target text NOT NULL,
    last_at timestamp with time zone NOT NULL
);

CREATE TABLE public.audit_log (
    id bigint NOT NULL,
    at timestamp with time zone NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    target text NOT NULL,
    region text,
    detail jsonb
);

ALTER TABLE public.audit_log ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.audit_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.certificate (
    number text NOT NULL,
    type character varying(4) NOT NULL,
    declaration_id text NOT NULL,
    farm_code text NOT NULL,
    county_code text NOT NULL,
    species character varying(16) NOT NULL,
    head_count integer NOT NULL,
    origin_code text NOT NULL,
    origin_address text,
    destination_code text NOT NULL,
    destination_address text,
    carrier text,
    plate text NOT NULL,
    vet text NOT NULL,
    issued_at timestamp with time zone NOT NULL,
    valid_days integer NOT NULL,
    content_hash text NOT NULL,
    journal_id bigint,
    destination_farm_code text
);

CREATE TABLE public.collector_authorisation (
    id bigint NOT NULL,
    account_id text NOT NULL,
    region_code text NOT NULL,
    agreement_no text NOT NULL,
    agreement_date date NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    authorised_by text NOT NULL,
    authorised_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    revoked_by text
);

ALTER TABLE public.collector_authorisation ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.collector_authorisation_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.county_rollout (
    county_code text NOT NULL,
    enabled boolean NOT NULL,
    since date NOT NULL,
    updated_at timestamp with time zone NOT NULL
);

CREATE TABLE public.county_start_report (
    id bigint NOT NULL,
    county_code character varying(6) NOT NULL,
    start_date date NOT NULL,
    note character varying(1000),
    reported_by character varying(256) NOT NULL,
    reported_at timestamp with time zone NOT NULL,
    status character varying(16) NOT NULL,
    decided_by character varying(256),
    decided_at timestamp with time zone,
    reason character varying(1000)
);

ALTER TABLE public.county_start_report ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.county_start_report_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.declaration (
    id text NOT NULL,
    farm_code text NOT NULL,
    county_code text NOT NULL,
    species character varying(16) NOT NULL,
    head_count integer NOT NULL,
    destination_code text NOT NULL,
    destination_address text,
    purpose character varying(16) NOT NULL,
    declared_at timestamp with time zone NOT NULL,
    content_hash text NOT NULL,
    journal_id bigint,
    certificate_number text
);

CREATE TABLE public.farm (
    code character varying(32) NOT NULL,
    name text,
    type character varying(16) NOT NULL,
    contact_name text,
    phone text,
    region_code text NOT NULL,
    county_code text NOT NULL,
    township_code text NOT NULL,
    village_code text,
    address text,
    longitude numeric,
    latitude numeric,
    status character varying(16) NOT NULL,
    is_complete boolean NOT NULL,
    registry_updated_at timestamp with time zone NOT NULL,
    content_hash text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    qr_rotated_at timestamp with time zone,
    qr_token text
);

CREATE TABLE public.farm_correction (
    id character varying(64) NOT NULL,
    farm_code character varying(32) NOT NULL,
    corrected_at timestamp with time zone NOT NULL,
    vet character varying(50) NOT NULL,
    fields jsonb NOT NULL,
    changed boolean NOT NULL,
    content_hash text NOT NULL,
    journal_id bigint,
    recorded_at timestamp with time zone NOT NULL
);

CREATE TABLE public.farm_stock (
    farm_code character varying(32) NOT NULL,
    species character varying(16) NOT NULL,
    count integer NOT NULL
);

CREATE TABLE public.hub_instance (
    id character varying(200) NOT NULL,
    started_at timestamp with time zone NOT NULL,
    heartbeat_at timestamp with time zone NOT NULL
);

CREATE TABLE public.hub_setting (
    name text NOT NULL,
    value text NOT NULL
);

CREATE TABLE public.journal (
    id bigint NOT NULL,
    received_at timestamp with time zone NOT NULL,
    source text NOT NULL,
    type text NOT NULL,
    partner_id text,
    status character varying(16) NOT NULL,
    reasons jsonb,
    summary jsonb,
    raw_body text NOT NULL,
    processing_ms double precision NOT NULL,
    replay_of bigint,
    body_truncated boolean DEFAULT false NOT NULL,
    replayed_by text,
    unauthenticated boolean DEFAULT false NOT NULL,
    keys text[] DEFAULT '{}'::text[] NOT NULL,
    tag_ranges int8multirange DEFAULT '{}'::int8multirange NOT NULL,
    body_pruned boolean DEFAULT false NOT NULL,
    body_pruned_at timestamp with time zone
)
PARTITION BY RANGE (received_at);

CREATE TABLE public.journal_default (
    id bigint NOT NULL,
    received_at timestamp with time zone NOT NULL,
    source text NOT NULL,
    type text NOT NULL,
    partner_id text,
    status character varying(16) NOT NULL,
    reasons jsonb,
    summary jsonb,
    raw_body text NOT NULL,
    processing_ms double precision NOT NULL,
    replay_of bigint,
    body_truncated boolean DEFAULT false NOT NULL,
    replayed_by text,
    unauthenticated boolean DEFAULT false NOT NULL,
    keys text[] DEFAULT '{}'::text[] NOT NULL,
    tag_ranges int8multirange DEFAULT '{}'::int8multirange NOT NULL,
    body_pruned boolean DEFAULT false NOT NULL,
    body_pruned_at timestamp with time zone
);

CREATE TABLE public.journal_edit (
    id bigint NOT NULL,
    journal_id bigint NOT NULL,
    patch jsonb NOT NULL,
    reason text,
    edited_by text NOT NULL,
    edited_at timestamp with time zone NOT NULL,
    status character varying(16) NOT NULL,
    approved_by text,
    approved_at timestamp with time zone,
    replay_journal_id bigint,
    verdict text
);

ALTER TABLE public.journal_edit ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.journal_edit_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE public.journal ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.journal_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.journal_link (
    journal_id bigint NOT NULL,
    entity_type text NOT NULL,
    entity_key text NOT NULL
);

CREATE TABLE public.journal_search (
    journal_id bigint NOT NULL,
    received_at timestamp with time zone NOT NULL,
    body text NOT NULL
);

CREATE TABLE public.origin_contact (
    id bigint NOT NULL,
    region_code character varying(9) NOT NULL,
    role character varying(16) NOT NULL,
    name character varying(50) NOT NULL,
    phone character varying(20) NOT NULL,
    valid_from timestamp with time zone NOT NULL,
    valid_to timestamp with time zone,
    changed_by character varying(64) NOT NULL
);

ALTER TABLE public.origin_contact ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.origin_contact_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.origin_correction (
    id bigint NOT NULL,
    record_id bigint NOT NULL,
    township_code character varying(9) NOT NULL,
    rule character varying(40) NOT NULL,
    detail character varying(500) NOT NULL,
    state character varying(16) NOT NULL,
    found_at timestamp with time zone NOT NULL,
    deadline date NOT NULL,
    fixed_at timestamp with time zone,
    explanation character varying(500),
    explained_by character varying(64),
    explained_at timestamp with time zone,
    signed_off_by character varying(64),
    signed_off_at timestamp with time zone
);

ALTER TABLE public.origin_correction ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.origin_correction_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.origin_entity (
    id bigint NOT NULL,
    name character varying(100) NOT NULL,
    type character varying(16) NOT NULL,
    purchaser boolean NOT NULL,
    contact_name text,
    phone text,
    credit_rating text,
    county_code character varying(6) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);

ALTER TABLE public.origin_entity ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.origin_entity_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.origin_location_change (
    id bigint NOT NULL,
    record_id bigint NOT NULL,
    "from" public.geography(Point,4326),
    "to" public.geography(Point,4326),
    source character varying(16) NOT NULL,
    changed_by character varying(64) NOT NULL,
    changed_at timestamp with time zone NOT NULL
);

ALTER TABLE public.origin_location_change ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.origin_location_change_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.origin_overdue (
    id bigint NOT NULL,
    run_at timestamp with time zone NOT NULL,
    as_of date NOT NULL,
    record_id bigint NOT NULL,
    township_code character varying(9) NOT NULL,
    collector character varying(50) NOT NULL,
    entity character varying(100) NOT NULL,
    product character varying(32) NOT NULL,
    kind character varying(24) NOT NULL,
    due date NOT NULL
);

ALTER TABLE public.origin_overdue ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.origin_overdue_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.origin_planting_area (
    township_code character varying(9) NOT NULL,
    product_code character varying(32) NOT NULL,
    year integer NOT NULL,
    area_mu numeric(12,2) NOT NULL,
    imported_by character varying(64) NOT NULL,
    imported_at timestamp with time zone NOT NULL
);

CREATE TABLE public.origin_product (
    code character varying(32) NOT NULL,
    name character varying(32) NOT NULL,
    unit character varying(8) NOT NULL,
    scope_threshold numeric(12,2) NOT NULL,
    cadence character varying(16) NOT NULL,
    species character varying(16),
    sort_order integer NOT NULL
);

CREATE TABLE public.origin_rapid_test (
    id bigint NOT NULL,
    record_id bigint NOT NULL,
    product_code character varying(32) NOT NULL,
    sample_no character varying(64) NOT NULL,
    item character varying(100) NOT NULL,
    result character varying(8) NOT NULL,
    value character varying(50),
    tested_at timestamp with time zone NOT NULL,
    tester character varying(50) NOT NULL,
    recorded_by character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL
);

ALTER TABLE public.origin_rapid_test ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.origin_rapid_test_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.origin_record (
    id bigint NOT NULL,
    entity_id bigint NOT NULL,
    product_code character varying(32) NOT NULL,
    scale numeric(12,2) NOT NULL,
    unit character varying(8) NOT NULL,
    base_address character varying(200) NOT NULL,
    region_code character varying(12) NOT NULL,
    county_code character varying(6) NOT NULL,
    township_code character varying(9) NOT NULL,
    location public.geography(Point,4326),
    market_start date,
    market_end date,
    cycle character varying(10) NOT NULL,
    production_mode character varying(16),
    trace_methods text[] NOT NULL,
    grid_supervisor text,
    grid_supervisor_phone text,
    collector text,
    collector_phone text,
    collected_at timestamp with time zone NOT NULL,
    farm_code text,
    content_hash text NOT NULL,
    created_by text,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    plot_key character varying(40) DEFAULT ''::character varying NOT NULL
);

ALTER TABLE public.origin_record ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.origin_record_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.outbox (
    id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    destination text NOT NULL,
    entity_key text NOT NULL,
    payload jsonb NOT NULL,
    journal_id bigint,
    status character varying(16) NOT NULL,
    attempts integer NOT NULL,
    last_error text,
    request_id text,
    queued_at timestamp with time zone,
    next_attempt_at timestamp with time zone,
    completed_at timestamp with time zone,
    claimed_by character varying(200),
    error_class character varying(16),
    resends integer DEFAULT 0 NOT NULL,
    trace_parent character varying(128),
    region_code character varying(12)
);

ALTER TABLE public.outbox ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.outbox_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.outbreak_trace (
    id bigint NOT NULL,
    start character varying(64) NOT NULL,
    start_kind character varying(16) NOT NULL,
    days integer NOT NULL,
    depth integer NOT NULL,
    requested_by character varying(256) NOT NULL,
    scope_region character varying(12) NOT NULL,
    started_at timestamp with time zone NOT NULL,
    elapsed_ms double precision NOT NULL,
    places integer NOT NULL,
    animals bigint NOT NULL,
    result jsonb NOT NULL
);

ALTER TABLE public.outbreak_trace ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.outbreak_trace_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.qrtz_blob_triggers (
    sched_name text NOT NULL,
    trigger_name text NOT NULL,
    trigger_group text NOT NULL,
    blob_data bytea
);

CREATE TABLE public.qrtz_calendars (
    sched_name text NOT NULL,
    calendar_name text NOT NULL,
    calendar bytea NOT NULL
);

CREATE TABLE public.qrtz_cron_triggers (
    sched_name text NOT NULL,
    trigger_name text NOT NULL,
    trigger_group text NOT NULL,
    cron_expression text NOT NULL,
    time_zone_id text
);

CREATE TABLE public.qrtz_execution_history (
    sched_name text NOT NULL,
    entry_id text NOT NULL,
    instance_name text NOT NULL,
    job_name text NOT NULL,
    job_group text NOT NULL,
    trigger_name text NOT NULL,
    trigger_group text NOT NULL,
    fired_time bigint NOT NULL,
    run_time bigint NOT NULL,
    succeeded boolean NOT NULL,
    error_message text,
    retry_attempt integer DEFAULT 0 NOT NULL,
    retry_scheduled boolean DEFAULT false NOT NULL,
    execution_log text,
    result integer,
    summary text,
    metrics text,
    manual boolean,
    fire_instance_id text,
    job_input text,
    job_input_too_large boolean
);

CREATE TABLE public.qrtz_fired_triggers (
    sched_name text NOT NULL,
    entry_id text NOT NULL,
    trigger_name text NOT NULL,
    trigger_group text NOT NULL,
    instance_name text NOT NULL,
    fired_time bigint NOT NULL,
    sched_time bigint NOT NULL,
    priority integer NOT NULL,
    state text NOT NULL,
    job_name text,
    job_group text,
    is_nonconcurrent boolean NOT NULL,
    requests_recovery boolean,
    execution_group character varying(200),
    progress integer,
    progress_message character varying(250),
    interrupt_requested_time bigint
);

CREATE TABLE public.qrtz_job_details (
    sched_name text NOT NULL,
    job_name text NOT NULL,
    job_group text NOT NULL,
    description text,
    job_class_name text NOT NULL,
    is_durable boolean NOT NULL,
    is_nonconcurrent boolean NOT NULL,
    is_update_data boolean NOT NULL,
    requests_recovery boolean NOT NULL,
    job_data bytea
);

CREATE TABLE public.qrtz_job_status (
    sched_name text NOT NULL,
    job_group text NOT NULL,
    job_name text NOT NULL,
    first_fired_time bigint NOT NULL,
    last_fired_time bigint NOT NULL,
    last_result integer NOT NULL,
    last_run_time bigint NOT NULL,
    last_instance_name text NOT NULL,
    last_entry_id text,
    last_summary text,
    last_success_time bigint,
    last_failure_time bigint,
    last_failure_message text,
    consecutive_failures integer DEFAULT 0 NOT NULL,
    run_count bigint DEFAULT 0 NOT NULL,
    failure_count bigint DEFAULT 0 NOT NULL
);

CREATE TABLE public.qrtz_locks (
    sched_name text NOT NULL,
    lock_name text NOT NULL
);

CREATE TABLE public.qrtz_misfire_history (
    sched_name text NOT NULL,
    entry_id text NOT NULL,
    instance_name text NOT NULL,
    trigger_name text NOT NULL,
    trigger_group text NOT NULL,
    job_name text,
    job_group text,
    misfire_time bigint NOT NULL,
    sched_time bigint,
    reason integer
);

CREATE TABLE public.qrtz_paused_job_grps (
    sched_name text NOT NULL,
    job_group text NOT NULL,
    pause_reason character varying(250),
    paused_by character varying(200),
    paused_at bigint
);

CREATE TABLE public.qrtz_paused_trigger_grps (
    sched_name text NOT NULL,
    trigger_group text NOT NULL,
    pause_reason character varying(250),
    paused_by character varying(200),
    paused_at bigint
);

CREATE TABLE public.qrtz_scheduler_state (
    sched_name text NOT NULL,
    instance_name text NOT NULL,
    last_checkin_time bigint NOT NULL,
    checkin_interval bigint NOT NULL,
    quartz_version character varying(20)
);

CREATE TABLE public.qrtz_simple_triggers (
    sched_name text NOT NULL,
    trigger_name text NOT NULL,
    trigger_group text NOT NULL,
    repeat_count bigint NOT NULL,
    repeat_interval bigint NOT NULL,
    times_triggered bigint NOT NULL
);

CREATE TABLE public.qrtz_simprop_triggers (
    sched_name text NOT NULL,
    trigger_name text NOT NULL,
    trigger_group text NOT NULL,
    str_prop_1 text,
    str_prop_2 text,
    str_prop_3 text,
    int_prop_1 integer,
    int_prop_2 integer,
    long_prop_1 bigint,
    long_prop_2 bigint,
    dec_prop_1 numeric,
    dec_prop_2 numeric,
    bool_prop_1 boolean,
    bool_prop_2 boolean,
    time_zone_id text
);

CREATE TABLE public.qrtz_triggers (
    sched_name text NOT NULL,
    trigger_name text NOT NULL,
    trigger_group text NOT NULL,
    job_name text NOT NULL,
    job_group text NOT NULL,
    description text,
    next_fire_time bigint,
    prev_fire_time bigint,
    priority integer,
    trigger_state text NOT NULL,
    trigger_type text NOT NULL,
    start_time bigint NOT NULL,
    end_time bigint,
    calendar_name text,
    misfire_instr smallint,
    misfire_orig_fire_time bigint,
    execution_group character varying(200),
    preferred_node character varying(200),
    preferred_node_auto boolean DEFAULT false NOT NULL,
    retry_policy character varying(250),
    retry_attempt integer,
    continues_trigger_name text,
    continues_trigger_group text,
    continuation_condition integer,
    overlap_policy integer,
    pause_reason character varying(250),
    paused_by character varying(200),
    paused_at bigint,
    misfire_threshold bigint,
    fixed_delay boolean,
    job_data bytea
);

CREATE TABLE public.reconciliation_check (
    id bigint NOT NULL,
    type character varying(16) NOT NULL,
    county_code character varying(6) NOT NULL,
    day date NOT NULL,
    hub_count integer NOT NULL,
    hub_digest text NOT NULL,
    platform_count integer,
    platform_digest text,
    state character varying(16) NOT NULL,
    requeued_ids bigint[] NOT NULL,
    checked_at timestamp with time zone NOT NULL,
    rechecked_at timestamp with time zone,
    requested_by text,
    error text
);

ALTER TABLE public.reconciliation_check ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.reconciliation_check_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.region (
    code character varying(12) NOT NULL,
    valid_from date NOT NULL,
    name text NOT NULL,
    level integer NOT NULL,
    parent_code text,
    valid_to date
);

CREATE TABLE public.region_boundary (
    code text NOT NULL,
    name text NOT NULL,
    level text NOT NULL,
    geom public.geometry(MultiPolygon,4326) NOT NULL
);

CREATE TABLE public.replay_run (
    id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    created_by text NOT NULL,
    reason text,
    filter jsonb NOT NULL,
    dry_run boolean NOT NULL,
    force boolean NOT NULL,
    state character varying(16) NOT NULL,
    up_to_journal_id bigint NOT NULL,
    total integer NOT NULL,
    done integer NOT NULL,
    accepted integer NOT NULL,
    refused integer NOT NULL,
    failed integer NOT NULL,
    skipped integer NOT NULL,
    finished_at timestamp with time zone,
    error text,
    heartbeat_at timestamp with time zone NOT NULL
);

ALTER TABLE public.replay_run ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.replay_run_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.replay_run_item (
    run_id bigint NOT NULL,
    journal_id bigint NOT NULL,
    verdict text NOT NULL,
    reasons jsonb,
    replay_journal_id bigint
);

CREATE TABLE public.rollout_audit (
    id bigint NOT NULL,
    county_code text NOT NULL,
    enabled boolean NOT NULL,
    since date NOT NULL,
    at timestamp with time zone NOT NULL,
    actor text,
    note text
);

ALTER TABLE public.rollout_audit ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.rollout_audit_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.sheet_import (
    id uuid NOT NULL,
    kind character varying(16) NOT NULL,
    state character varying(16) NOT NULL,
    rows_read integer NOT NULL,
    rows_checked integer NOT NULL,
    report jsonb,
    started_by character varying(64) NOT NULL,
    region character varying(12) NOT NULL,
    started_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone
);

CREATE TABLE public.staff_account (
    id text NOT NULL,
    display_name text,
    roles text[] NOT NULL,
    region_code character varying(12) NOT NULL,
    third_party boolean NOT NULL,
    disabled boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    created_by text,
    user_name character varying(256),
    normalized_user_name character varying(256),
    email character varying(256),
    normalized_email character varying(256),
    email_confirmed boolean NOT NULL,
    password_hash text,
    security_stamp text,
    concurrency_stamp text,
    phone_number text,
    phone_number_confirmed boolean NOT NULL,
    two_factor_enabled boolean NOT NULL,
    lockout_end timestamp with time zone,
    lockout_enabled boolean NOT NULL,
    access_failed_count integer NOT NULL
);

CREATE TABLE public.staff_account_claim (
    id integer NOT NULL,
    user_id text NOT NULL,
    claim_type text,
    claim_value text
);

ALTER TABLE public.staff_account_claim ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.staff_account_claim_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.staff_account_login (
    login_provider text NOT NULL,
    provider_key text NOT NULL,
    provider_display_name text,
    user_id text NOT NULL
);

CREATE TABLE public.staff_account_token (
    user_id text NOT NULL,
    login_provider text NOT NULL,
    name text NOT NULL,
    value text
);

CREATE TABLE public.stock_change (
    id bigint NOT NULL,
    partner_id text,
    farm_code text NOT NULL,
    species character varying(16) NOT NULL,
    kind character varying(16) NOT NULL,
    count integer NOT NULL,
    delta integer NOT NULL,
    at timestamp with time zone NOT NULL,
    applied boolean NOT NULL,
    stock_after integer NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    journal_id bigint
);

ALTER TABLE public.stock_change ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.stock_change_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.sync_cursor (
    name text NOT NULL,
    since text,
    page integer NOT NULL,
    updated_at timestamp with time zone NOT NULL
);

CREATE TABLE public.tag_cancellation (
    id text NOT NULL,
    reason character varying(16) NOT NULL,
    count integer NOT NULL,
    cancelled_at timestamp with time zone NOT NULL,
    content_hash text NOT NULL,
    journal_id bigint
);

CREATE TABLE public.tag_event (
    id bigint NOT NULL,
    tags int8multirange NOT NULL,
    kind character varying(16) NOT NULL,
    ref_id text NOT NULL,
    holder_type character varying(16),
    holder_code text,
    at timestamp with time zone NOT NULL,
    journal_id bigint
);

ALTER TABLE public.tag_event ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.tag_event_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.tag_holding (
    id bigint NOT NULL,
    tag_range int8range NOT NULL,
    holder_type character varying(16) NOT NULL,
    holder_code text NOT NULL,
    county_code text NOT NULL,
    species character varying(16) NOT NULL,
    box text,
    pack text,
    registration_id bigint NOT NULL,
    since timestamp with time zone NOT NULL,
    journal_id bigint,
    CONSTRAINT tag_holding_not_empty CHECK ((NOT isempty(tag_range)))
);

ALTER TABLE public.tag_holding ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.tag_holding_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.tag_issuance (
    id text NOT NULL,
    kind character varying(16) NOT NULL,
    issuer_code text NOT NULL,
    issuer_type character varying(16) NOT NULL,
    receiver_code text NOT NULL,
    receiver_type character varying(16) NOT NULL,
    count bigint NOT NULL,
    issued_at timestamp with time zone NOT NULL,
    content_hash text NOT NULL,
    journal_id bigint
);

CREATE TABLE public.tag_issuance_range (
    issuance_id text NOT NULL,
    first bigint NOT NULL,
    tag_range int8range NOT NULL
);

CREATE TABLE public.tag_registration (
    id bigint NOT NULL,
    tag_range int8range NOT NULL,
    count bigint NOT NULL,
    registrar_code text NOT NULL,
    registrar_type character varying(16) NOT NULL,
    county_code text NOT NULL,
    species character varying(16) NOT NULL,
    box text,
    pack text,
    registered_at timestamp with time zone NOT NULL,
    source text NOT NULL,
    journal_id bigint
);

ALTER TABLE public.tag_registration ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.tag_registration_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.trace_drill (
    id bigint NOT NULL,
    county_code character varying(6) NOT NULL,
    day date NOT NULL,
    ran_at timestamp with time zone NOT NULL,
    sampled integer NOT NULL,
    traced integer NOT NULL,
    certificate_without_declaration integer NOT NULL,
    destination_farm_unknown integer NOT NULL,
    certificate_not_held_nationally integer NOT NULL,
    complete integer NOT NULL,
    elapsed_ms double precision NOT NULL,
    max_trace_ms double precision NOT NULL,
    gaps jsonb NOT NULL
);

ALTER TABLE public.trace_drill ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.trace_drill_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY public.journal ATTACH PARTITION public.journal_default DEFAULT;

ALTER TABLE ONLY public.alert_sent
    ADD CONSTRAINT alert_sent_pkey PRIMARY KEY (kind, target);

ALTER TABLE ONLY public.journal_search
    ADD CONSTRAINT journal_search_pkey PRIMARY KEY (journal_id);

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT pk_audit_log PRIMARY KEY (id);

ALTER TABLE ONLY public.certificate
    ADD CONSTRAINT pk_certificate PRIMARY KEY (number);

ALTER TABLE ONLY public.collector_authorisation
    ADD CONSTRAINT pk_collector_authorisation PRIMARY KEY (id);

ALTER TABLE ONLY public.county_rollout
    ADD CONSTRAINT pk_county_rollout PRIMARY KEY (county_code);

ALTER TABLE ONLY public.county_start_report
    ADD CONSTRAINT pk_county_start_report PRIMARY KEY (id);

ALTER TABLE ONLY public.declaration
    ADD CONSTRAINT pk_declaration PRIMARY KEY (id);

ALTER TABLE ONLY public.farm
    ADD CONSTRAINT pk_farm PRIMARY KEY (code);

ALTER TABLE ONLY public.farm_correction
    ADD CONSTRAINT pk_farm_correction PRIMARY KEY (id);

ALTER TABLE ONLY public.farm_stock
    ADD CONSTRAINT pk_farm_stock PRIMARY KEY (farm_code, species);

ALTER TABLE ONLY public.hub_instance
    ADD CONSTRAINT pk_hub_instance PRIMARY KEY (id);

ALTER TABLE ONLY public.hub_setting
    ADD CONSTRAINT pk_hub_setting PRIMARY KEY (name);

ALTER TABLE ONLY public.journal
    ADD CONSTRAINT pk_journal PRIMARY KEY (id, received_at);

ALTER TABLE ONLY public.journal_default
    ADD CONSTRAINT pk_journal_default PRIMARY KEY (id, received_at);

ALTER TABLE ONLY public.journal_edit
    ADD CONSTRAINT pk_journal_edit PRIMARY KEY (id);

ALTER TABLE ONLY public.journal_link
    ADD CONSTRAINT pk_journal_link PRIMARY KEY (journal_id, entity_type, entity_key);

ALTER TABLE ONLY public.origin_contact
    ADD CONSTRAINT pk_origin_contact PRIMARY KEY (id);

ALTER TABLE ONLY public.origin_correction
    ADD CONSTRAINT pk_origin_correction PRIMARY KEY (id);

ALTER TABLE ONLY public.origin_entity
    ADD CONSTRAINT pk_origin_entity PRIMARY KEY (id);

ALTER TABLE ONLY public.origin_location_change
    ADD CONSTRAINT pk_origin_location_change PRIMARY KEY (id);

ALTER TABLE ONLY public.origin_overdue
    ADD CONSTRAINT pk_origin_overdue PRIMARY KEY (id);

ALTER TABLE ONLY public.origin_planting_area
    ADD CONSTRAINT pk_origin_planting_area PRIMARY KEY (township_code, product_code, year);

ALTER TABLE ONLY public.origin_product
    ADD CONSTRAINT pk_origin_product PRIMARY KEY (code);

ALTER TABLE ONLY public.origin_rapid_test
    ADD CONSTRAINT pk_origin_rapid_test PRIMARY KEY (id);

ALTER TABLE ONLY public.origin_record
    ADD CONSTRAINT pk_origin_record PRIMARY KEY (id);

ALTER TABLE ONLY public.outbox
    ADD CONSTRAINT pk_outbox PRIMARY KEY (id);

ALTER TABLE ONLY public.outbreak_trace
    ADD CONSTRAINT pk_outbreak_trace PRIMARY KEY (id);

ALTER TABLE ONLY public.reconciliation_check
    ADD CONSTRAINT pk_reconciliation_check PRIMARY KEY (id);

ALTER TABLE ONLY public.region
    ADD CONSTRAINT pk_region PRIMARY KEY (code, valid_from);

ALTER TABLE ONLY public.replay_run
    ADD CONSTRAINT pk_replay_run PRIMARY KEY (id);

ALTER TABLE ONLY public.replay_run_item
    ADD CONSTRAINT pk_replay_run_item PRIMARY KEY (run_id, journal_id);

ALTER TABLE ONLY public.rollout_audit
    ADD CONSTRAINT pk_rollout_audit PRIMARY KEY (id);

ALTER TABLE ONLY public.sheet_import
    ADD CONSTRAINT pk_sheet_import PRIMARY KEY (id);

ALTER TABLE ONLY public.staff_account
    ADD CONSTRAINT pk_staff_account PRIMARY KEY (id);

ALTER TABLE ONLY public.staff_account_claim
    ADD CONSTRAINT pk_staff_account_claim PRIMARY KEY (id);

ALTER TABLE ONLY public.staff_account_login
    ADD CONSTRAINT pk_staff_account_login PRIMARY KEY (login_provider, provider_key);

ALTER TABLE ONLY public.staff_account_token
    ADD CONSTRAINT pk_staff_account_token PRIMARY KEY (user_id, login_provider, name);

ALTER TABLE ONLY public.stock_change
    ADD CONSTRAINT pk_stock_change PRIMARY KEY (id);

ALTER TABLE ONLY public.sync_cursor
    ADD CONSTRAINT pk_sync_cursor PRIMARY KEY (name);

ALTER TABLE ONLY public.tag_cancellation
    ADD CONSTRAINT pk_tag_cancellation PRIMARY KEY (id);

ALTER TABLE ONLY public.tag_event
    ADD CONSTRAINT pk_tag_event PRIMARY KEY (id);

ALTER TABLE ONLY public.tag_holding
    ADD CONSTRAINT pk_tag_holding PRIMARY KEY (id);

ALTER TABLE ONLY public.tag_issuance
    ADD CONSTRAINT pk_tag_issuance PRIMARY KEY (id);

ALTER TABLE ONLY public.tag_issuance_range
    ADD CONSTRAINT pk_tag_issuance_range PRIMARY KEY (issuance_id, first);

ALTER TABLE ONLY public.tag_registration
    ADD CONSTRAINT pk_tag_registration PRIMARY KEY (id);

ALTER TABLE ONLY public.trace_drill
    ADD CONSTRAINT pk_trace_drill PRIMARY KEY (id);

ALTER TABLE ONLY public.qrtz_blob_triggers
    ADD CONSTRAINT qrtz_blob_triggers_pkey PRIMARY KEY (sched_name, trigger_name, trigger_group);

ALTER TABLE ONLY public.qrtz_calendars
    ADD CONSTRAINT qrtz_calendars_pkey PRIMARY KEY (sched_name, calendar_name);

ALTER TABLE ONLY public.qrtz_cron_triggers
    ADD CONSTRAINT qrtz_cron_triggers_pkey PRIMARY KEY (sched_name, trigger_name, trigger_group);

ALTER TABLE ONLY public.qrtz_execution_history
    ADD CONSTRAINT qrtz_execution_history_pkey PRIMARY KEY (sched_name, entry_id);

ALTER TABLE ONLY public.qrtz_fired_triggers
    ADD CONSTRAINT qrtz_fired_triggers_pkey PRIMARY KEY (sched_name, entry_id);

ALTER TABLE ONLY public.qrtz_job_details
    ADD CONSTRAINT qrtz_job_details_pkey PRIMARY KEY (sched_name, job_name, job_group);

ALTER TABLE ONLY public.qrtz_job_status
    ADD CONSTRAINT qrtz_job_status_pkey PRIMARY KEY (sched_name, job_group, job_name);

ALTER TABLE ONLY public.qrtz_locks
    ADD CONSTRAINT qrtz_locks_pkey PRIMARY KEY (sched_name, lock_name);

ALTER TABLE ONLY public.qrtz_misfire_history
    ADD CONSTRAINT qrtz_misfire_history_pkey PRIMARY KEY (sched_name, entry_id);

ALTER TABLE ONLY public.qrtz_paused_job_grps
    ADD CONSTRAINT qrtz_paused_job_grps_pkey PRIMARY KEY (sched_name, job_group);

ALTER TABLE ONLY public.qrtz_paused_trigger_grps
    ADD CONSTRAINT qrtz_paused_trigger_grps_pkey PRIMARY KEY (sched_name, trigger_group);

ALTER TABLE ONLY public.qrtz_scheduler_state
    ADD CONSTRAINT qrtz_scheduler_state_pkey PRIMARY KEY (sched_name, instance_name);

ALTER TABLE ONLY public.qrtz_simple_triggers
    ADD CONSTRAINT qrtz_simple_triggers_pkey PRIMARY KEY (sched_name, trigger_name, trigger_group);

ALTER TABLE ONLY public.qrtz_simprop_triggers
    ADD CONSTRAINT qrtz_simprop_triggers_pkey PRIMARY KEY (sched_name, trigger_name, trigger_group);

ALTER TABLE ONLY public.qrtz_triggers
    ADD CONSTRAINT qrtz_triggers_pkey PRIMARY KEY (sched_name, trigger_name, trigger_group);

ALTER TABLE ONLY public.region_boundary
    ADD CONSTRAINT region_boundary_pkey PRIMARY KEY (code);

ALTER TABLE ONLY public.tag_event
    ADD CONSTRAINT tag_event_cancelled_once EXCLUDE USING gist (tags WITH &&) WHERE (((kind)::text = 'Cancelled'::text));

ALTER TABLE ONLY public.tag_event
    ADD CONSTRAINT tag_event_declared_once EXCLUDE USING gist (tags WITH &&) WHERE (((kind)::text = 'Declared'::text));

ALTER TABLE ONLY public.tag_event
    ADD CONSTRAINT tag_event_used_once EXCLUDE USING gist (tags WITH &&) WHERE (((kind)::text = 'Used'::text));

ALTER TABLE ONLY public.tag_holding
    ADD CONSTRAINT tag_holding_no_overlap EXCLUDE USING gist (tag_range WITH &&);

ALTER TABLE ONLY public.tag_registration
    ADD CONSTRAINT tag_registration_no_overlap EXCLUDE USING gist (tag_range WITH &&);

CREATE INDEX email_index ON public.staff_account USING btree (normalized_email);

CREATE INDEX idx_qrtz_eh_fire_inst ON public.qrtz_execution_history USING btree (sched_name, fire_instance_id);

CREATE INDEX idx_qrtz_eh_fired_time ON public.qrtz_execution_history USING btree (sched_name, fired_time);

CREATE INDEX idx_qrtz_eh_inst ON public.qrtz_execution_history USING btree (sched_name, instance_name);

CREATE INDEX idx_qrtz_eh_job_time ON public.qrtz_execution_history USING btree (sched_name, job_group, job_name, fired_time);

CREATE INDEX idx_qrtz_eh_trig_time ON public.qrtz_execution_history USING btree (sched_name, trigger_group, trigger_name, fired_time);

CREATE INDEX idx_qrtz_ft_inst_job_req_rcvry ON public.qrtz_fired_triggers USING btree (sched_name, instance_name, requests_recovery);

CREATE INDEX idx_qrtz_ft_j_g ON public.qrtz_fired_triggers USING btree (sched_name, job_name, job_group);

CREATE INDEX idx_qrtz_ft_t_g ON public.qrtz_fired_triggers USING btree (sched_name, trigger_name, trigger_group);

CREATE INDEX idx_qrtz_j_g_n ON public.qrtz_job_details USING btree (sched_name, job_group, job_name);

CREATE INDEX idx_qrtz_mh_inst ON public.qrtz_misfire_history USING btree (sched_name, instance_name);

CREATE INDEX idx_qrtz_mh_misfire_time ON public.qrtz_misfire_history USING btree (sched_name, misfire_time);

CREATE INDEX idx_qrtz_t_c ON public.qrtz_triggers USING btree (sched_name, calendar_name);

CREATE INDEX idx_qrtz_t_g_n ON public.qrtz_triggers USING btree (sched_name, trigger_group, trigger_name);

CREATE INDEX idx_qrtz_t_j ON public.qrtz_triggers USING btree (sched_name, job_name, job_group);

CREATE INDEX idx_qrtz_t_nft_st ON public.qrtz_triggers USING btree (sched_name, trigger_state, next_fire_time, priority DESC, misfire_instr);

CREATE INDEX ix_audit_log_action_at ON public.audit_log USING btree (action, at);

CREATE INDEX ix_audit_log_actor_at ON public.audit_log USING btree (actor, at);

CREATE INDEX ix_audit_log_at ON public.audit_log USING btree (at);

CREATE INDEX ix_certificate_county_code_issued_at ON public.certificate USING btree (county_code, issued_at);

CREATE UNIQUE INDEX ix_certificate_declaration_id ON public.certificate USING btree (declaration_id);

CREATE INDEX ix_certificate_destination_farm_code ON public.certificate USING btree (destination_farm_code);

CREATE INDEX ix_certificate_farm_code ON public.certificate USING btree (farm_code);

CREATE INDEX ix_collector_authorisation_account_id ON public.collector_authorisation USING btree (account_id);

CREATE INDEX ix_county_start_report_county_code_reported_at ON public.county_start_report USING btree (county_code, reported_at);

CREATE INDEX ix_declaration_county_code_declared_at ON public.declaration USING btree (county_code, declared_at);

CREATE INDEX ix_declaration_farm_code ON public.declaration USING btree (farm_code);

CREATE INDEX ix_farm_correction_farm_code_corrected_at ON public.farm_correction USING btree (farm_code, corrected_at);

CREATE INDEX ix_farm_county_code ON public.farm USING btree (county_code);

CREATE UNIQUE INDEX ix_farm_qr_token ON public.farm USING btree (qr_token);

CREATE INDEX ix_farm_stock_species ON public.farm_stock USING btree (species);

CREATE INDEX ix_farm_township_code ON public.farm USING btree (township_code);

CREATE INDEX ix_journal_edit_journal_id ON public.journal_edit USING btree (journal_id);

CREATE INDEX ix_journal_keys ON ONLY public.journal USING gin (keys);

CREATE INDEX ix_journal_keys_default ON public.journal_default USING gin (keys);

CREATE INDEX ix_journal_link_entity_type_entity_key ON public.journal_link USING btree (entity_type, entity_key);

CREATE INDEX ix_journal_raw_body_trgm_unaccepted ON ONLY public.journal USING gin (raw_body public.gin_trgm_ops) WHERE ((status)::text <> 'Accepted'::text);

CREATE INDEX ix_journal_raw_body_trgm_unaccepted_default ON public.journal_default USING gin (raw_body public.gin_trgm_ops) WHERE ((status)::text <> 'Accepted'::text);

CREATE INDEX ix_journal_received_at ON ONLY public.journal USING btree (received_at);

CREATE INDEX ix_journal_received_at_default ON public.journal_default USING btree (received_at);

CREATE INDEX ix_journal_replay_of ON ONLY public.journal USING btree (replay_of);

CREATE INDEX ix_journal_replay_of_default ON public.journal_default USING btree (replay_of);

CREATE INDEX ix_journal_search_body_trgm ON public.journal_search USING gin (body public.gin_trgm_ops);

CREATE INDEX ix_journal_source_type_partner_id ON ONLY public.journal USING btree (source, type, partner_id);

CREATE INDEX ix_journal_source_type_partner_id_default ON public.journal_default USING btree (source, type, partner_id);

CREATE INDEX ix_journal_tag_ranges ON ONLY public.journal USING gist (tag_ranges);

CREATE INDEX ix_journal_tag_ranges_default ON public.journal_default USING gist (tag_ranges);

CREATE INDEX ix_origin_contact_region_code_id ON public.origin_contact USING btree (region_code, id);

CREATE UNIQUE INDEX ix_origin_contact_region_code_role ON public.origin_contact USING btree (region_code, role) WHERE (valid_to IS NULL);

CREATE UNIQUE INDEX ix_origin_correction_record_id_rule ON public.origin_correction USING btree (record_id, rule) WHERE ((state)::text = ANY ((ARRAY['Open'::character varying, 'Explained'::character varying])::text[]));

CREATE INDEX ix_origin_correction_township_code_state ON public.origin_correction USING btree (township_code, state);

CREATE UNIQUE INDEX ix_origin_entity_county_code_name ON public.origin_entity USING btree (county_code, name);

CREATE INDEX ix_origin_entity_name ON public.origin_entity USING btree (name);

CREATE INDEX ix_origin_location_change_record_id_id ON public.origin_location_change USING btree (record_id, id);

CREATE INDEX ix_origin_overdue_township_code ON public.origin_overdue USING btree (township_code);

CREATE UNIQUE INDEX ix_origin_product_name ON public.origin_product USING btree (name);

CREATE UNIQUE INDEX ix_origin_rapid_test_record_id_sample_no_item ON public.origin_rapid_test USING btree (record_id, sample_no, item);

CREATE UNIQUE INDEX "ix_origin_record_entity_id_product_code_base_address_plot_key_~" ON public.origin_record USING btree (entity_id, product_code, base_address, plot_key, cycle);

CREATE INDEX ix_origin_record_farm_code ON public.origin_record USING btree (farm_code);

CREATE INDEX ix_origin_record_location ON public.origin_record USING gist (location);

CREATE INDEX ix_origin_record_product_code ON public.origin_record USING btree (product_code);

CREATE INDEX ix_origin_record_region_code_product_code ON public.origin_record USING btree (region_code text_pattern_ops, product_code);

CREATE INDEX ix_origin_record_township_code_product_code ON public.origin_record USING btree (township_code, product_code);

CREATE INDEX ix_outbox_completed_at ON public.outbox USING btree (completed_at) WHERE (completed_at IS NOT NULL);

CREATE INDEX ix_outbox_destination_status_id ON public.outbox USING btree (destination, status, id);

CREATE INDEX ix_outbox_due_id ON public.outbox USING btree (id) WHERE ((status)::text = ANY ((ARRAY['Pending'::character varying, 'Retrying'::character varying, 'Queued'::character varying])::text[]));

CREATE INDEX ix_outbox_entity_key ON public.outbox USING btree (entity_key);

CREATE INDEX ix_outbox_journal_id ON public.outbox USING btree (journal_id);

CREATE INDEX ix_outbox_status_next_attempt_at ON public.outbox USING btree (status, next_attempt_at) WHERE ((status)::text = ANY ((ARRAY['Pending'::character varying, 'Retrying'::character varying, 'Queued'::character varying])::text[]));

CREATE INDEX ix_outbreak_trace_started_at ON public.outbreak_trace USING btree (started_at);

CREATE INDEX ix_reconciliation_check_day_type_county_code ON public.reconciliation_check USING btree (day, type, county_code);

CREATE INDEX ix_reconciliation_check_state ON public.reconciliation_check USING btree (state) WHERE ((state)::text = 'Mismatched'::text);

CREATE INDEX ix_region_boundary_geom ON public.region_boundary USING gist (geom);

CREATE INDEX ix_region_parent_code ON public.region USING btree (parent_code);

CREATE INDEX ix_replay_run_created_at ON public.replay_run USING btree (created_at);

CREATE INDEX ix_rollout_audit_county_code ON public.rollout_audit USING btree (county_code);

CREATE INDEX ix_sheet_import_started_at ON public.sheet_import USING btree (started_at);

CREATE INDEX ix_staff_account_claim_user_id ON public.staff_account_claim USING btree (user_id);

CREATE INDEX ix_staff_account_login_user_id ON public.staff_account_login USING btree (user_id);

CREATE INDEX ix_stock_change_farm_code_species_at ON public.stock_change USING btree (farm_code, species, at);

CREATE UNIQUE INDEX ix_stock_change_kind_partner_id ON public.stock_change USING btree (kind, partner_id) WHERE (partner_id IS NOT NULL);

CREATE INDEX ix_tag_event_holder_code_kind ON public.tag_event USING btree (holder_code, kind);

CREATE INDEX ix_tag_event_ref_id_kind ON public.tag_event USING btree (ref_id, kind);

CREATE INDEX ix_tag_holding_holder_code_holder_type ON public.tag_holding USING btree (holder_code, holder_type);

CREATE INDEX ix_tag_issuance_issuer_code ON public.tag_issuance USING btree (issuer_code);

CREATE INDEX ix_tag_issuance_range_tag_range ON public.tag_issuance_range USING gist (tag_range);

CREATE INDEX ix_tag_issuance_receiver_code ON public.tag_issuance USING btree (receiver_code);

CREATE INDEX ix_tag_registration_county_code ON public.tag_registration USING btree (county_code);

CREATE INDEX ix_tag_registration_registrar_code ON public.tag_registration USING btree (registrar_code);

CREATE INDEX ix_trace_drill_county_code_day ON public.trace_drill USING btree (county_code, day);

CREATE UNIQUE INDEX user_name_index ON public.staff_account USING btree (normalized_user_name);

CREATE UNIQUE INDEX ux_county_start_report_pending ON public.county_start_report USING btree (county_code) WHERE ((status)::text = 'Pending'::text);

ALTER INDEX public.ix_journal_keys ATTACH PARTITION public.ix_journal_keys_default;

ALTER INDEX public.ix_journal_raw_body_trgm_unaccepted ATTACH PARTITION public.ix_journal_raw_body_trgm_unaccepted_default;

ALTER INDEX public.ix_journal_received_at ATTACH PARTITION public.ix_journal_received_at_default;

ALTER INDEX public.ix_journal_replay_of ATTACH PARTITION public.ix_journal_replay_of_default;

ALTER INDEX public.ix_journal_source_type_partner_id ATTACH PARTITION public.ix_journal_source_type_partner_id_default;

ALTER INDEX public.ix_journal_tag_ranges ATTACH PARTITION public.ix_journal_tag_ranges_default;

ALTER INDEX public.pk_journal ATTACH PARTITION public.pk_journal_default;

CREATE TRIGGER audit_log_append_only BEFORE DELETE OR UPDATE ON public.audit_log FOR EACH ROW EXECUTE FUNCTION public.audit_log_append_only();

ALTER TABLE ONLY public.collector_authorisation
    ADD CONSTRAINT fk_collector_authorisation_staff_account_account_id FOREIGN KEY (account_id) REFERENCES public.staff_account(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.farm_stock
    ADD CONSTRAINT fk_farm_stock_farm_farm_code FOREIGN KEY (farm_code) REFERENCES public.farm(code) ON DELETE CASCADE;

ALTER TABLE ONLY public.origin_correction
    ADD CONSTRAINT fk_origin_correction_origin_record_record_id FOREIGN KEY (record_id) REFERENCES public.origin_record(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.origin_location_change
    ADD CONSTRAINT fk_origin_location_change_origin_record_record_id FOREIGN KEY (record_id) REFERENCES public.origin_record(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.origin_rapid_test
    ADD CONSTRAINT fk_origin_rapid_test_origin_record_record_id FOREIGN KEY (record_id) REFERENCES public.origin_record(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.origin_record
    ADD CONSTRAINT fk_origin_record_origin_entity_entity_id FOREIGN KEY (entity_id) REFERENCES public.origin_entity(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.origin_record
    ADD CONSTRAINT fk_origin_record_origin_product_product_code FOREIGN KEY (product_code) REFERENCES public.origin_product(code) ON DELETE RESTRICT;

ALTER TABLE ONLY public.replay_run_item
    ADD CONSTRAINT fk_replay_run_item_replay_run_run_id FOREIGN KEY (run_id) REFERENCES public.replay_run(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.staff_account_claim
    ADD CONSTRAINT fk_staff_account_claim_staff_account_user_id FOREIGN KEY (user_id) REFERENCES public.staff_account(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.staff_account_login
    ADD CONSTRAINT fk_staff_account_login_staff_account_user_id FOREIGN KEY (user_id) REFERENCES public.staff_account(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.staff_account_token
    ADD CONSTRAINT fk_staff_account_token_staff_account_user_id FOREIGN KEY (user_id) REFERENCES public.staff_account(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.tag_issuance_range
    ADD CONSTRAINT fk_tag_issuance_range_tag_issuance_issuance_id FOREIGN KEY (issuance_id) REFERENCES public.tag_issuance(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.qrtz_blob_triggers
    ADD CONSTRAINT qrtz_blob_triggers_sched_name_trigger_name_trigger_group_fkey FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES public.qrtz_triggers(sched_name, trigger_name, trigger_group) ON DELETE CASCADE;

ALTER TABLE ONLY public.qrtz_cron_triggers
    ADD CONSTRAINT qrtz_cron_triggers_sched_name_trigger_name_trigger_group_fkey FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES public.qrtz_triggers(sched_name, trigger_name, trigger_group) ON DELETE CASCADE;

ALTER TABLE ONLY public.qrtz_simple_triggers
    ADD CONSTRAINT qrtz_simple_triggers_sched_name_trigger_name_trigger_group_fkey FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES public.qrtz_triggers(sched_name, trigger_name, trigger_group) ON DELETE CASCADE;

ALTER TABLE ONLY public.qrtz_simprop_triggers
    ADD CONSTRAINT qrtz_simprop_triggers_sched_name_trigger_name_trigger_grou_fkey FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES public.qrtz_triggers(sched_name, trigger_name, trigger_group) ON DELETE CASCADE;

ALTER TABLE ONLY public.qrtz_triggers
    ADD CONSTRAINT qrtz_triggers_sched_name_job_name_job_group_fkey FOREIGN KEY (sched_name, job_name, job_group) REFERENCES public.qrtz_job_details(sched_name, job_name, job_group);

INSERT INTO public.origin_product VALUES ('beef-cattle', '肉牛', 'Head', 5.00, 'Monthly', 'Cattle', 6);
INSERT INTO public.origin_product VALUES ('black-bone-chicken', '乌鸡', 'Bird', 1000.00, 'Monthly', NULL, 5);
INSERT INTO public.origin_product VALUES ('celery', '芹菜', 'Mu', 0.50, 'PerCycle', NULL, 3);
INSERT INTO public.origin_product VALUES ('cowpea', '豇豆', 'Mu', 0.50, 'PerCycle', NULL, 1);
INSERT INTO public.origin_product VALUES ('egg', '鸡蛋', 'Bird', 500.00, 'Monthly', NULL, 4);
INSERT INTO public.origin_product VALUES ('leek', '韭菜', 'Mu', 0.50, 'PerCycle', NULL, 2);
INSERT INTO public.origin_product VALUES ('live-pig', '生猪', 'Head', 30.00, 'Monthly', 'Pig', 8);
INSERT INTO public.origin_product VALUES ('meat-sheep', '肉羊', 'Head', 50.00, 'Monthly', 'Sheep', 7);
select journal_ensure_partitions(now(), now() + interval '3 months');
