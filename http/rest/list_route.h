#pragma once

#include <string>
#include <utility>
#include <vector>

#include "http/rest/list_query.h"
#include "http/rest/rest_route.h"

namespace sysmetrics {

// A route that answers one section whose body holds one list under `key` (the textfile's files,
// the thermal zones, ...): the list takes sort, order, offset, limit and fields ("Lists" in
// docs/rest-api.md) over the row fields, the answer says `count`, and any other parameter is a
// 400. The row fields are those `to_json` gives one default-built row of `rows`.
template <typename SectionType, typename Row>
RestRoute listSectionRoute(std::string path, nlohmann::json (*to_json)(const SectionType&),
                           std::vector<Row> SectionType::*rows, std::string key) {
    SectionType sample;
    (sample.*rows).resize(1);
    ListShape shape{keysOf(to_json(sample)[key][0]), "", {}};
    return RestRoute{std::move(path), [to_json, key, shape](const RestRequest& request) {
                         ListView view;
                         std::optional<HttpResponse> bad;
                         if ((bad = checkParameters(request.http, {})) ||
                             (bad = parseView(request.http, shape, view))) {
                             return *bad;
                         }
                         HttpResponse unavailable;
                         auto data = sectionFor<SectionType>(request.snapshot, unavailable);
                         if (!data) {
                             return unavailable;
                         }
                         nlohmann::json body = to_json(*data);
                         std::vector<nlohmann::json> list = std::move(body[key]);
                         body["count"] = list.size();
                         body[key] = applyView(std::move(list), view);
                         return jsonResponse(std::move(body));
                     }};
}

}  // namespace sysmetrics
