#pragma once

#include <nlohmann/json.hpp>

namespace sysmetrics {

// Rounds the floats of an answer by the name of the field holding them (docs/rest-api.md
// "Conventions"), so no answer shows 33.333333333333336: `*_percent` (and the members of a
// `percent` object) to 2 decimals, `*_per_second` (and the members of `counters_per_second`)
// to 3, `*_seconds` to 6 (microseconds) and `collected_at` to 3 (milliseconds). Other floats and
// whole numbers are left as they are; a value too large to scale keeps every digit.
void roundFloats(nlohmann::json& value);

// `value` rounded to `decimals` places.
double roundedTo(double value, int decimals);

}  // namespace sysmetrics
