#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/safe_regex.h"
#include "http/server/http_types.h"

namespace sysmetrics {

// The vocabulary every REST list shares (docs/rest-api.md "Lists"): parameters checked by name,
// multi-value filters (state=ESTABLISHED,LISTEN or repeated) checked against the values they may
// take, and sort, order, offset, limit and fields over the rows' JSON field names. Each parser
// returns the 400 naming what was wrong, or nullopt.

inline constexpr std::size_t kMaxListLimit = 100000;

// A 400 "parameter '<name>' <what>".
HttpResponse badParameter(const std::string& name, const std::string& what);

// The first parameter not in `known` nor a list-view one, naming it and the known ones.
std::optional<HttpResponse> checkParameters(const HttpRequest& request,
                                            const std::vector<std::string>& known);

// A parameter given at most once.
std::optional<HttpResponse> singleValue(const HttpRequest& request, const std::string& name,
                                        std::optional<std::string>& out);

// A pattern (RE2, unanchored) given at most once.
std::optional<HttpResponse> patternFilter(const HttpRequest& request, const std::string& name,
                                          std::optional<SafeRegex>& out);

// Every value of a multi-value parameter, comma-separated or repeated; empty items refused.
std::optional<HttpResponse> listValues(const HttpRequest& request, const std::string& name,
                                       std::vector<std::string>& out);

// A multi-value filter whose values must be among `known`; `upper` compares upper-cased.
std::optional<HttpResponse> choiceFilter(const HttpRequest& request, const std::string& name,
                                         const std::vector<std::string>& known,
                                         std::optional<std::set<std::string>>& out,
                                         bool upper = false);

// A multi-value filter of whole numbers from 0 to `max`; `what` names one ("a port").
std::optional<HttpResponse> numberFilter(const HttpRequest& request, const std::string& name,
                                         std::uint64_t max, const std::string& what,
                                         std::optional<std::set<std::uint64_t>>& out);

// What a list's rows look like.
struct ListShape {
    std::set<std::string> fields;     // the keys of one row: what fields= and sort= may name
    std::string default_sort;         // "" keeps the collection's order
    std::set<std::string> ascending;  // numeric keys sorted lowest first unless order=desc
};

// The parsed sort, order, offset, limit and fields of one request.
struct ListView {
    std::string sort;
    std::optional<bool> descending;  // unset: strings and `ascending` keys up, numbers down
    std::size_t offset = 0;
    std::size_t limit = kMaxListLimit;
    std::optional<std::set<std::string>> fields;
    std::set<std::string> ascending;
};

std::optional<HttpResponse> parseView(const HttpRequest& request, const ListShape& shape,
                                      ListView& out);

// Sorts `rows` (stable, nulls last either way), skips `offset`, keeps `limit` and projects
// `fields`.
nlohmann::json applyView(std::vector<nlohmann::json> rows, const ListView& view);

// The keys of a JSON object (a default-built row gives a list's field names).
std::set<std::string> keysOf(const nlohmann::json& row);

}  // namespace sysmetrics
