{#-
    Phone numbers to E.164 (`+` country calling code, national significant number, digits only).
    `calling_code_expression` is the calling code (digits, e.g. '44') of the country the number is assumed
    to be in when it is written in national format: the row's own country, else var `default_phone_country`.
-#}

{% macro normalize_phone_e164(phone_expression, calling_code_expression) -%}
    {{ return(adapter.dispatch('normalize_phone_e164', 'customer360')(phone_expression, calling_code_expression)) }}
{%- endmacro %}

{% macro default__normalize_phone_e164(phone_expression, calling_code_expression) -%}
    {%- set cleaned -%}
        regexp_replace(regexp_replace(trim({{ phone_expression }}), '(?i)\s*(ext|extn|x|#)\.?\s*[0-9]+$', ''), '\(0\)', '', 'g')
    {%- endset -%}
    {%- set digits -%}
        regexp_replace({{ cleaned }}, '[^0-9]', '', 'g')
    {%- endset -%}
    case
        when {{ digits }} = '' then null
        -- international: +CC… or 00CC…
        when {{ cleaned }} like '+%' then '+' || {{ digits }}
        when {{ digits }} like '00%' then '+' || substr({{ digits }}, 3)
        -- national with trunk prefix 0 (GB 07700…, DE 030…, FR 06…, NL 06…)
        when {{ digits }} like '0%' then '+' || {{ calling_code_expression }} || substr({{ digits }}, 2)
        -- international written without + (447700900123): starts with the calling code and is long enough
        when {{ digits }} like ({{ calling_code_expression }} || '%')
            and length({{ digits }}) - length({{ calling_code_expression }}) >= {{ var('phone_min_national_digits') }}
            then '+' || {{ digits }}
        -- national without trunk prefix (NANP 2125550123, or a dropped leading 0)
        else '+' || {{ calling_code_expression }} || {{ digits }}
    end
{%- endmacro %}


{% macro is_plausible_phone(e164_expression) -%}
    {#-
        Plausibility of an E.164 number: "+", a calling code not starting with 0, var phone_min_total_digits to
        var phone_max_total_digits (15) digits in all; for a calling code listed in var
        phone_national_number_lengths, a national number of that length range that does not start with 0.
        NULL when there is no number.
    -#}
    {{ return(adapter.dispatch('is_plausible_phone', 'customer360')(e164_expression)) }}
{%- endmacro %}

{% macro default__is_plausible_phone(e164_expression) -%}
    {%- set lengths = var('phone_national_number_lengths') -%}
    {%- set total = (var('phone_min_total_digits') - 1) ~ ',' ~ (var('phone_max_total_digits') - 1) -%}
    case
        when {{ e164_expression }} is null then null
        when not regexp_matches({{ e164_expression }}, '^\+[1-9][0-9]{' || '{{ total }}' || '}$') then false
        {%- for calling_code in lengths.keys() | sort(attribute='__len__', reverse=true) %}
            {%- set national = (lengths[calling_code][0] - 1) ~ ',' ~ (lengths[calling_code][1] - 1) %}
        when {{ e164_expression }} like '+{{ calling_code }}%'
            then regexp_matches(
                substr({{ e164_expression }}, {{ calling_code | length + 2 }}), '^[1-9][0-9]{' || '{{ national }}' || '}$'
            )
        {%- endfor %}
        else true
    end
{%- endmacro %}
