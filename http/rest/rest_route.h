#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "collectors/snapshot_store.h"
#include "http/rest/section_lookup.h"
#include "http/runtime_info.h"
#include "http/server/http_types.h"
#include "http/server/json_response.h"

namespace sysmetrics {

// One REST request as a route sees it: answered from one snapshot, never from the OS.
struct RestRequest {
    const HttpRequest& http;
    const Snapshot& snapshot;
    const RuntimeInfo& runtime;
    std::string item;  // item routes: what follows the route's prefix ("1234/threads")
};

using RestHandler = std::function<HttpResponse(const RestRequest&)>;

struct RestRoute {
    RestRoute(std::string path_in, RestHandler handler_in, bool item_in = false,
              std::vector<std::string> patterns_in = {})
        : path(std::move(path_in)),
          handler(std::move(handler_in)),
          item(item_in),
          patterns(std::move(patterns_in)) {}

    std::string path;  // the exact path; for an item route, the prefix its items follow
    RestHandler handler;
    bool item = false;
    std::vector<std::string> patterns;  // item routes: what /api/v1 lists for them
    // Collectors whose data it reads besides its own collector's, for this item ("" on a plain
    // route), so those that idle while nobody reads them wake up. Null: none.
    std::function<std::vector<std::string>(const std::string& item)> also_reads;
};

// `route`, reading `also_reads` besides its own collector's data.
inline RestRoute alsoReading(
    RestRoute route, std::function<std::vector<std::string>(const std::string& item)> also_reads) {
    route.also_reads = std::move(also_reads);
    return route;
}

using RestRoutes = std::vector<RestRoute>;

// A route that answers one section as JSON: 404 when its collector is off or unsupported, 503
// before its first collection.
template <typename SectionType>
RestRoute sectionRoute(std::string path, nlohmann::json (*to_json)(const SectionType&)) {
    return RestRoute{std::move(path), [to_json](const RestRequest& request) {
                         HttpResponse unavailable;
                         auto data = sectionFor<SectionType>(request.snapshot, unavailable);
                         return data ? jsonResponse(to_json(*data)) : unavailable;
                     }};
}

}  // namespace sysmetrics
