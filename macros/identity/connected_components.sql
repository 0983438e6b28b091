{#-
    Connected components of an undirected graph.
    edges_sql: a self-contained SELECT (it may only reference relations, not CTEs of the calling model) giving
    columns `src` and `dst` of one comparable type. Returns a SELECT of (node_id, component_id), one row per
    node that appears in an edge; component_id = the smallest node_id of the component.
-#}

{% macro identity_connected_components(edges_sql) -%}
    {%- set method = var('identity_components_method', 'recursive_cte') -%}
    {%- if method == 'label_propagation' -%}
        {{ return(customer360.identity_components_label_propagation(edges_sql)) }}
    {%- else -%}
        {{ return(adapter.dispatch('identity_connected_components', 'customer360')(edges_sql)) }}
    {%- endif -%}
{%- endmacro %}


{% macro default__identity_connected_components(edges_sql) -%}
    {{ return(customer360.identity_components_label_propagation(edges_sql)) }}
{%- endmacro %}


{% macro duckdb__identity_connected_components(edges_sql) -%}
    {#-
        Min-label propagation in one recursive CTE. USING KEY keeps one row per node (its current label) and
        each iteration only looks at the nodes whose label changed in the previous one, so the cost per step
        is proportional to the frontier, not to the graph (a plain recursive CTE would keep every
        (node, label) pair ever reached: quadratic).
    -#}
    select
        node_id,
        component_id
    from (
        with recursive

        cc_input as materialized (
            {{ edges_sql }}
        ),

        cc_edges as materialized (
            select src, dst from cc_input where src <> dst
            union
            select dst as src, src as dst from cc_input where src <> dst
        ),

        cc (node_id, component_id) using key (node_id) as (
            select
                src as node_id,
                least(src, min(dst)) as component_id
            from cc_edges
            group by src

            union

            select
                cc_edges.dst as node_id,
                min(cc.component_id) as component_id
            from cc
            inner join cc_edges on cc.node_id = cc_edges.src
            inner join recurring.cc as known on cc_edges.dst = known.node_id
            group by cc_edges.dst
            having min(cc.component_id) < min(known.component_id)
        )

        select * from cc
    ) as components
{%- endmacro %}


{% macro identity_components_label_propagation(edges_sql) -%}
    {#-
        Portable fallback: min-label propagation with pointer jumping, one statement per step issued through
        run_query into temporary tables, until no label changes (at most var identity_components_max_iterations
        steps; pointer jumping makes that O(log diameter) in practice).
    -#}
    {%- set prefix = 'cc_' ~ this.identifier ~ '_' ~ (local_md5(edges_sql) | truncate(8, true, '')) -%}
    {%- set edges_table = prefix ~ '_edges' -%}
    {%- set labels_table = prefix ~ '_labels' -%}
    {%- set next_table = prefix ~ '_next' -%}
    {%- if execute -%}
        {%- do run_query('drop table if exists ' ~ edges_table) -%}
        {%- do run_query('drop table if exists ' ~ labels_table) -%}
        {%- do run_query('create temporary table ' ~ edges_table ~ ' as '
            ~ 'with cc_input as (' ~ edges_sql ~ ') '
            ~ 'select src, dst from cc_input where src <> dst '
            ~ 'union select dst, src from cc_input where src <> dst') -%}
        {%- do run_query('create temporary table ' ~ labels_table ~ ' as '
            ~ 'select src as node_id, case when min(dst) < src then min(dst) else src end as component_id '
            ~ 'from ' ~ edges_table ~ ' group by src') -%}
        {%- set state = namespace(done=false, steps=0) -%}
        {%- for step in range(var('identity_components_max_iterations')) -%}
            {%- if not state.done -%}
                {%- do run_query('drop table if exists ' ~ next_table) -%}
                {#- one hop: the smallest label among a node and its neighbours -#}
                {%- do run_query('create temporary table ' ~ next_table ~ ' as '
                    ~ 'select l.node_id, min(case when n.component_id < l.component_id '
                    ~ 'then n.component_id else l.component_id end) as component_id '
                    ~ 'from ' ~ labels_table ~ ' as l '
                    ~ 'inner join ' ~ edges_table ~ ' as e on l.node_id = e.src '
                    ~ 'inner join ' ~ labels_table ~ ' as n on e.dst = n.node_id '
                    ~ 'group by l.node_id') -%}
                {#- pointer jumping: a node takes the label of its label -#}
                {%- do run_query('drop table if exists ' ~ labels_table ~ '_jump') -%}
                {%- do run_query('create temporary table ' ~ labels_table ~ '_jump as '
                    ~ 'select x.node_id, case when p.component_id < x.component_id '
                    ~ 'then p.component_id else x.component_id end as component_id '
                    ~ 'from ' ~ next_table ~ ' as x '
                    ~ 'left join ' ~ next_table ~ ' as p on x.component_id = p.node_id') -%}
                {%- set changed = run_query('select count(*) from ' ~ labels_table ~ '_jump as j '
                    ~ 'inner join ' ~ labels_table ~ ' as l on j.node_id = l.node_id '
                    ~ 'where j.component_id <> l.component_id') -%}
                {%- do run_query('drop table ' ~ labels_table) -%}
                {%- do run_query('create temporary table ' ~ labels_table ~ ' as select * from '
                    ~ labels_table ~ '_jump') -%}
                {%- do run_query('drop table ' ~ labels_table ~ '_jump') -%}
                {%- set state.steps = state.steps + 1 -%}
                {%- if changed.columns[0].values()[0] == 0 -%}
                    {%- set state.done = true -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if not state.done -%}
            {{ exceptions.raise_compiler_error('identity_connected_components: no convergence after '
                ~ state.steps ~ ' steps (var identity_components_max_iterations)') }}
        {%- endif -%}
        {{ log('identity_connected_components: label propagation converged in ' ~ state.steps ~ ' steps') }}
    {%- endif -%}
    select
        node_id,
        component_id
    from {{ labels_table }}
{%- endmacro %}
