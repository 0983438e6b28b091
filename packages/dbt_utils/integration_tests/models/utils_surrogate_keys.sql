select
    a,
    b,
    expected_key,
    {{ dbt_utils.generate_surrogate_key(['a', 'b']) }} as surrogate_key
from {{ ref('utils_key_inputs') }}
