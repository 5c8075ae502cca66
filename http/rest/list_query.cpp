#include "http/rest/list_query.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "base/text_parse.h"

namespace sysmetrics {

namespace {

using nlohmann::json;

const std::vector<std::string> kViewParameters = {"sort", "order", "offset", "limit", "fields"};

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) {
        out += out.empty() ? name : ", " + name;
    }
    return out;
}

std::string joined(const std::set<std::string>& names) {
    return joined(std::vector<std::string>(names.begin(), names.end()));
}

std::string upperCased(std::string text) {
    for (char& c : text) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return text;
}

// A member of `shape.fields`, or the 400 naming the known ones.
std::optional<HttpResponse> knownField(const std::string& parameter, const std::string& field,
                                       const ListShape& shape) {
    if (shape.fields.count(field) != 0) {
        return std::nullopt;
    }
    return badParameter(
        parameter, "names unknown field '" + field + "' (known: " + joined(shape.fields) + ")");
}

std::optional<std::size_t> wholeNumber(const HttpRequest& request, const std::string& name,
                                       std::size_t min, std::size_t max,
                                       std::optional<HttpResponse>& bad) {
    std::optional<std::string> text;
    if ((bad = singleValue(request, name, text)) || !text) {
        return std::nullopt;
    }
    const auto value = parseUnsigned(*text);
    if (!value || *value < min || *value > max) {
        bad = badParameter(name, "must be a whole number from " + std::to_string(min) + " to " +
                                     std::to_string(max) + ", got '" + *text + "'");
        return std::nullopt;
    }
    return static_cast<std::size_t>(*value);
}

bool isNumber(const json& value) {
    return value.is_number();
}

}  // namespace

HttpResponse badParameter(const std::string& name, const std::string& what) {
    return jsonError(400, "bad_request", "parameter '" + name + "' " + what);
}

std::optional<HttpResponse> checkParameters(const HttpRequest& request,
                                            const std::vector<std::string>& known) {
    std::vector<std::string> all = known;
    all.insert(all.end(), kViewParameters.begin(), kViewParameters.end());
    for (const auto& [key, value] : request.params) {
        if (std::find(all.begin(), all.end(), key) == all.end()) {
            return jsonError(400, "bad_request",
                             "unknown parameter '" + key + "' (known: " + joined(all) + ")");
        }
    }
    return std::nullopt;
}

std::optional<HttpResponse> singleValue(const HttpRequest& request, const std::string& name,
                                        std::optional<std::string>& out) {
    const auto values = request.paramValues(name);
    if (values.size() > 1) {
        return badParameter(name, "given more than once");
    }
    out = values.empty() ? std::nullopt : std::optional<std::string>(values.front());
    return std::nullopt;
}

std::optional<HttpResponse> patternFilter(const HttpRequest& request, const std::string& name,
                                          std::optional<SafeRegex>& out) {
    std::optional<std::string> text;
    if (auto bad = singleValue(request, name, text)) {
        return bad;
    }
    if (text) {
        auto compiled = SafeRegex::compile(*text);
        if (!compiled.ok()) {
            return jsonError(400, "bad_request",
                             "parameter '" + name + "': " + compiled.error().message);
        }
        out = compiled.value();
    }
    return std::nullopt;
}

std::optional<HttpResponse> listValues(const HttpRequest& request, const std::string& name,
                                       std::vector<std::string>& out) {
    for (const auto& given : request.paramValues(name)) {
        std::size_t start = 0;
        while (true) {
            const auto comma = given.find(',', start);
            const std::string item = given.substr(start, comma - start);
            if (item.empty()) {
                return badParameter(name, "has an empty value in '" + given + "'");
            }
            out.push_back(item);
            if (comma == std::string::npos) {
                break;
            }
            start = comma + 1;
        }
    }
    return std::nullopt;
}

std::optional<HttpResponse> choiceFilter(const HttpRequest& request, const std::string& name,
                                         const std::vector<std::string>& known,
                                         std::optional<std::set<std::string>>& out, bool upper) {
    std::vector<std::string> values;
    if (auto bad = listValues(request, name, values)) {
        return bad;
    }
    if (values.empty()) {
        return std::nullopt;
    }
    out.emplace();
    for (const auto& given : values) {
        const std::string value = upper ? upperCased(given) : given;
        if (std::find(known.begin(), known.end(), value) == known.end()) {
            return badParameter(name,
                                "has unknown value '" + given + "' (known: " + joined(known) + ")");
        }
        out->insert(value);
    }
    return std::nullopt;
}

std::optional<HttpResponse> numberFilter(const HttpRequest& request, const std::string& name,
                                         std::uint64_t max, const std::string& what,
                                         std::optional<std::set<std::uint64_t>>& out) {
    std::vector<std::string> values;
    if (auto bad = listValues(request, name, values)) {
        return bad;
    }
    if (values.empty()) {
        return std::nullopt;
    }
    out.emplace();
    for (const auto& text : values) {
        const auto value = parseUnsigned(text);
        if (!value || *value > max) {
            return badParameter(name, "must be " + what + ", got '" + text + "'");
        }
        out->insert(*value);
    }
    return std::nullopt;
}

std::optional<HttpResponse> parseView(const HttpRequest& request, const ListShape& shape,
                                      ListView& out) {
    std::optional<std::string> sort, order, fields;
    if (auto bad = singleValue(request, "sort", sort)) {
        return bad;
    }
    if (auto bad = singleValue(request, "order", order)) {
        return bad;
    }
    out.sort = sort.value_or(shape.default_sort);
    out.ascending = shape.ascending;
    if (sort) {
        if (auto bad = knownField("sort", *sort, shape)) {
            return bad;
        }
    }
    if (order) {
        if (*order != "asc" && *order != "desc") {
            return badParameter("order", "must be asc or desc, got '" + *order + "'");
        }
        out.descending = *order == "desc";
    }
    std::optional<HttpResponse> bad;
    if (auto offset = wholeNumber(request, "offset", 0, SIZE_MAX, bad)) {
        out.offset = *offset;
    }
    if (bad) {
        return bad;
    }
    if (auto limit = wholeNumber(request, "limit", 1, kMaxListLimit, bad)) {
        out.limit = *limit;
    }
    if (bad) {
        return bad;
    }
    std::vector<std::string> wanted;
    if (auto bad_fields = listValues(request, "fields", wanted)) {
        return bad_fields;
    }
    if (!wanted.empty()) {
        out.fields.emplace();
        for (const auto& field : wanted) {
            if (auto unknown = knownField("fields", field, shape)) {
                return unknown;
            }
            out.fields->insert(field);
        }
    }
    return std::nullopt;
}

json applyView(std::vector<json> rows, const ListView& view) {
    if (!view.sort.empty()) {
        const std::string& key = view.sort;
        bool descending = false;
        if (view.descending) {
            descending = *view.descending;
        } else if (view.ascending.count(key) == 0) {
            const auto numeric = std::find_if(rows.begin(), rows.end(), [&key](const json& row) {
                return !row.at(key).is_null();
            });
            descending = numeric != rows.end() && isNumber(numeric->at(key));
        }
        std::stable_sort(rows.begin(), rows.end(), [&](const json& a, const json& b) {
            const json& x = a.at(key);
            const json& y = b.at(key);
            if (x.is_null() || y.is_null()) {
                return !x.is_null() && y.is_null();  // nulls last either way
            }
            return descending ? y < x : x < y;
        });
    }
    json out = json::array();
    for (std::size_t i = view.offset; i < rows.size() && out.size() < view.limit; i++) {
        if (!view.fields) {
            out.push_back(std::move(rows[i]));
            continue;
        }
        json picked = json::object();
        for (const auto& field : *view.fields) {
            picked[field] = std::move(rows[i][field]);
        }
        out.push_back(std::move(picked));
    }
    return out;
}

std::set<std::string> keysOf(const json& row) {
    std::set<std::string> keys;
    for (auto it = row.begin(); it != row.end(); ++it) {
        keys.insert(it.key());
    }
    return keys;
}

}  // namespace sysmetrics
