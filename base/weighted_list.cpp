#include "base/weighted_list.h"

#include <cstdlib>

#include "base/text_parse.h"

namespace sysmetrics {

namespace {

std::string_view unquote(std::string_view value) {
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        return value.substr(1, value.size() - 2);
    }
    return value;
}

// RFC 9110 12.4.2 qvalue: "0" or "1", optionally with up to three decimals (1 only with zeros).
bool parseQuality(std::string_view text, double& q) {
    if (text.empty() || text.size() > 5 || (text[0] != '0' && text[0] != '1')) {
        return false;
    }
    if (text.size() > 1 && text[1] != '.') {
        return false;
    }
    if (text.size() > 2 && text.substr(2).find_first_not_of("0123456789") != std::string::npos) {
        return false;
    }
    q = std::strtod(std::string(text).c_str(), nullptr);
    return q <= 1;
}

}  // namespace

std::string WeightedItem::param(std::string_view name) const {
    for (const auto& [key, value] : params) {
        if (key == name) {
            return value;
        }
    }
    return {};
}

std::vector<WeightedItem> parseWeightedList(std::string_view header) {
    std::vector<WeightedItem> items;
    while (!header.empty()) {
        const auto comma = header.find(',');
        std::string_view part = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        const auto semicolon = part.find(';');
        WeightedItem item;
        item.value = lowerAscii(trim(part.substr(0, semicolon)));
        std::string_view params =
            semicolon == std::string_view::npos ? std::string_view{} : part.substr(semicolon + 1);
        bool valid = !item.value.empty();
        while (valid && !params.empty()) {
            const auto next = params.find(';');
            const std::string_view param = params.substr(0, next);
            params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
            const auto equals = param.find('=');
            if (equals == std::string_view::npos) {
                continue;
            }
            std::string name = lowerAscii(trim(param.substr(0, equals)));
            const std::string_view value = unquote(trim(param.substr(equals + 1)));
            if (name == "q") {
                valid = parseQuality(value, item.q);
            } else {
                item.params.emplace_back(std::move(name), std::string(value));
            }
        }
        if (valid) {
            items.push_back(std::move(item));
        }
    }
    return items;
}

}  // namespace sysmetrics
