{% macro staging_sources() -%}
    {#-
        Every raw source table with its dbt source, base_ and stg_ models: the list the quarantine and the
        reconciliation iterate over. Add a row here when a raw table is added.
    -#}
    {{ return([
        {'source_name': 'crm_customers', 'system': 'crm', 'base': 'base_crm__customers', 'stg': 'stg_crm__customers'},
        {'source_name': 'web_events', 'system': 'web', 'base': 'base_web__events', 'stg': 'stg_web__events'},
        {'source_name': 'shop_orders', 'system': 'shop', 'base': 'base_shop__orders', 'stg': 'stg_shop__orders'},
        {'source_name': 'shop_order_items', 'system': 'shop', 'base': 'base_shop__order_items', 'stg': 'stg_shop__order_items'},
        {'source_name': 'pos_transactions', 'system': 'pos', 'base': 'base_pos__transactions', 'stg': 'stg_pos__transactions'},
        {'source_name': 'pos_transaction_items', 'system': 'pos', 'base': 'base_pos__transaction_items',
            'stg': 'stg_pos__transaction_items'},
        {'source_name': 'loyalty_members', 'system': 'pos', 'base': 'base_pos__loyalty_members', 'stg': 'stg_pos__loyalty_members'},
        {'source_name': 'email_events', 'system': 'esp', 'base': 'base_esp__email_events', 'stg': 'stg_esp__email_events'},
        {'source_name': 'enrichment_demographics', 'system': 'enrichment', 'base': 'base_enrichment__demographics',
            'stg': 'stg_enrichment__demographics'},
        {'source_name': 'consent_events', 'system': 'privacy', 'base': 'base_privacy__consent_events',
            'stg': 'stg_privacy__consent_events'},
        {'source_name': 'erasure_requests', 'system': 'privacy', 'base': 'base_privacy__erasure_requests',
            'stg': 'stg_privacy__erasure_requests'},
        {'source_name': 'products', 'system': 'catalog', 'base': 'base_catalog__products', 'stg': 'stg_catalog__products'},
        {'source_name': 'experiment_assignments', 'system': 'experiments', 'base': 'base_experiments__assignments',
            'stg': 'stg_experiments__assignments'},
    ]) }}
{%- endmacro %}


{% macro staging_source_names() -%}
    {#- a select of one row per raw source: `source_name` -#}
    {%- for source in customer360.staging_sources() %}
    select '{{ source.source_name }}' as source_name
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}


{% macro union_rejected_rows() -%}
    {#- the rejected rows of every base_ model and the malformed lines of every raw file (quarantine columns) -#}
    {%- for source in customer360.staging_sources() %}
    select
        source_name,
        record_key,
        source_record_id,
        rejection_rule as rule_name,
        rejected_column,
        rejected_value,
        raw_record,
        raw_record_hash,
        raw_row_number,
        exact_duplicate_count,
        cast(null as {{ dbt.type_string() }}) as raw_file,
        cast(null as {{ dbt.type_bigint() }}) as raw_line_number,
        cast(null as {{ dbt.type_string() }}) as malformed_reason
    from {{ ref(source.base) }}
    where rejection_rule is not null
    union all
    -- lines of the raw file that cannot be parsed (macro select_malformed_lines)
    select
        '{{ source.source_name }}' as source_name,
        '{{ source.source_name }}:line:' || cast(raw_line_number as {{ dbt.type_string() }}) as record_key,
        cast(null as {{ dbt.type_string() }}) as source_record_id,
        'malformed_line' as rule_name,
        cast(null as {{ dbt.type_string() }}) as rejected_column,
        raw_line as rejected_value,
        raw_record,
        {{ dbt.hash('raw_line') }} as raw_record_hash,
        raw_row_number,
        cast(0 as {{ dbt.type_bigint() }}) as exact_duplicate_count,
        raw_file,
        raw_line_number,
        malformed_reason
    from ({{ customer360.select_malformed_lines(source.system, source.source_name) }}) as malformed
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}


{% macro reconciliation_counts(quarantine) -%}
    {#-
        One row per raw source: raw rows counted straight from the file, staged rows, rejected rows (in
        `quarantine`), malformed lines (in `quarantine`, rule malformed_line), exact duplicates removed and rows of
        erased people dropped on read (docs/privacy.md).
    -#}
    {%- for source in customer360.staging_sources() %}
    select
        '{{ source.source_name }}' as source_name,
        ({{ customer360.count_raw_rows(source.system, source.source_name) }}) as raw_rows,
        (select count(*) from {{ ref(source.stg) }}) as staged_rows,
        (select count(*) from {{ quarantine }}
            where source_name = '{{ source.source_name }}' and rule_name <> 'malformed_line') as rejected_rows,
        (select count(*) from {{ quarantine }}
            where source_name = '{{ source.source_name }}' and rule_name = 'malformed_line') as malformed_rows,
        (select cast(coalesce(sum(exact_duplicate_count), 0) as {{ dbt.type_bigint() }}) from {{ ref(source.base) }})
            as exact_duplicate_rows,
        ({{ customer360.count_erased_raw_rows(source.system, source.source_name) }}) as erased_rows
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
