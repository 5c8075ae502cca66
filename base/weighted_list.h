#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sysmetrics {

// One item of an RFC 9110 list with parameters and weights, such as Accept or Accept-Encoding:
// `value;name=value;q=0.5`.
struct WeightedItem {
    std::string value;  // lower case: media types and codings are case-insensitive
    double q = 1;
    // Each parameter but q, its name in lower case (names are case-insensitive, RFC 9110
    // 5.6.6) and its value unquoted, as written.
    std::vector<std::pair<std::string, std::string>> params;

    // The value of parameter `name` (lower case), or empty.
    std::string param(std::string_view name) const;
};

// Items separated by commas, parameters by semicolons, in the order written. An item whose q is
// not a qvalue (0 to 1, at most three decimals) is dropped, as are empty items.
std::vector<WeightedItem> parseWeightedList(std::string_view header);

}  // namespace sysmetrics
