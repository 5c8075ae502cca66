#include "http/rest/device_routes.h"
#include "http/rest/collector_routes.h"
#include "http/rest/list_route.h"

#include <set>

#include "base/safe_regex.h"
#include "collectors/battery.h"
#include "collectors/disk.h"
#include "collectors/physical_disk.h"
#include "collectors/service.h"
#include "http/rest/list_query.h"
#include "http/rest/section_lookup.h"
#include "http/server/json_response.h"

namespace sysmetrics {

namespace {

using nlohmann::json;

// A 0..1 share as the API's percent, 0 to 100.
json percentOf(const std::optional<double>& ratio) {
    return ratio ? json(*ratio * 100) : json(nullptr);
}

json serviceJson(const ServiceInfo& s) {
    return {{"name", s.name},
            {"display_name", s.display_name},
            {"state", s.state},
            {"pid", s.pid == 0 ? json(nullptr) : json(s.pid)},
            {"start_type", s.start_type},
            {"delayed_start", s.delayed_start},
            {"path", s.path},
            {"account", s.account},
            {"description", s.description}};
}

json physicalDisksJson(const PhysicalDiskSection& section) {
    json disks = json::array();
    for (const auto& d : section.disks) {
        disks.push_back({{"disk", d.disk},
                         {"requests_queued", orNull(d.requests_queued)},
                         {"read_bytes", orNull(d.read_bytes)},
                         {"write_bytes", orNull(d.write_bytes)},
                         {"reads", orNull(d.reads)},
                         {"writes", orNull(d.writes)},
                         {"split_ios", orNull(d.split_ios)},
                         {"read_seconds", orNull(d.read_seconds)},
                         {"write_seconds", orNull(d.write_seconds)},
                         {"idle_seconds", orNull(d.idle_seconds)},
                         {"read_latency_seconds", orNull(d.read_latency_seconds)},
                         {"write_latency_seconds", orNull(d.write_latency_seconds)},
                         {"read_write_latency_seconds", orNull(d.read_write_latency_seconds)}});
    }
    return {{"collected_at", section.collected_at}, {"source", section.source}, {"disks", disks}};
}

json diskJson(const DiskInfo& d) {
    return {{"volume", d.volume},
            {"device", d.device},
            {"fs_type", d.fs_type},
            {"label", d.label},
            {"drive_type", d.drive_type},
            {"read_only", d.read_only},
            {"size_bytes", d.size_bytes},
            {"free_bytes", d.free_bytes},
            {"available_bytes", d.available_bytes},
            {"used_percent", orNull(d.usedPercent())},
            {"files", orNull(d.files)},
            {"files_free", orNull(d.files_free)},
            {"read_bytes", orNull(d.read_bytes)},
            {"write_bytes", orNull(d.write_bytes)},
            {"reads", orNull(d.reads)},
            {"writes", orNull(d.writes)},
            {"read_bytes_per_second", orNull(d.read_bytes_per_second)},
            {"write_bytes_per_second", orNull(d.write_bytes_per_second)},
            {"reads_per_second", orNull(d.reads_per_second)},
            {"writes_per_second", orNull(d.writes_per_second)},
            {"read_seconds", orNull(d.read_seconds)},
            {"write_seconds", orNull(d.write_seconds)},
            {"mount_points", d.mount_points},
            {"nt_device", d.nt_device},
            {"disk_ids", d.disk_ids},
            {"serial_number", d.serial_number},
            {"volume_type", d.volume_type},
            {"requests_queued", orNull(d.requests_queued)},
            {"read_queue_seconds", orNull(d.read_queue_seconds)},
            {"write_queue_seconds", orNull(d.write_queue_seconds)},
            {"idle_seconds", orNull(d.idle_seconds)},
            {"split_ios", orNull(d.split_ios)},
            {"read_latency_seconds", orNull(d.read_latency_seconds)},
            {"write_latency_seconds", orNull(d.write_latency_seconds)},
            {"read_write_latency_seconds", orNull(d.read_write_latency_seconds)},
            {"reads_merged", orNull(d.reads_merged)},
            {"writes_merged", orNull(d.writes_merged)},
            {"io_seconds", orNull(d.io_seconds)},
            {"io_weighted_seconds", orNull(d.io_weighted_seconds)}};
}

}  // namespace

HttpResponse batteryAnswer(const Snapshot& snapshot) {
    HttpResponse unavailable;
    auto b = sectionFor<BatterySection>(snapshot, unavailable);
    if (!b) {
        return unavailable;
    }
    json supplies = json::array();
    for (const auto& s : b->supplies) {
        supplies.push_back(
            {{"name", s.name},
             {"type", s.type},
             {"online", orNull(s.online)},
             {"status", s.status.empty() ? json(nullptr) : json(s.status)},
             {"charge_percent", percentOf(s.charge_ratio)},
             {"energy_now_wh", orNull(s.energy_now_wh)},
             {"energy_full_wh", orNull(s.energy_full_wh)},
             {"energy_full_design_wh", orNull(s.energy_full_design_wh)},
             {"power_w", orNull(s.power_w)},
             {"voltage_v", orNull(s.voltage_v)},
             {"cycle_count", orNull(s.cycle_count)},
             {"technology", s.technology.empty() ? json(nullptr) : json(s.technology)}});
    }
    return jsonResponse({{"collected_at", b->collected_at},
                         {"present", b->present},
                         {"ac_online", orNull(b->ac_online)},
                         {"charge_percent", percentOf(b->charge_ratio)},
                         {"seconds_remaining", orNull(b->seconds_remaining)},
                         {"charging", orNull(b->charging)},
                         {"low", orNull(b->low)},
                         {"critical", orNull(b->critical)},
                         {"supplies", supplies}});
}

HttpResponse diskList(const HttpRequest& request, const Snapshot& snapshot) {
    static const ListShape kShape{keysOf(diskJson(DiskInfo{})), "", {}};
    ListView view;
    std::optional<HttpResponse> bad;
    if ((bad = checkParameters(request, {})) || (bad = parseView(request, kShape, view))) {
        return *bad;
    }
    HttpResponse unavailable;
    auto section = sectionFor<DiskSection>(snapshot, unavailable);
    if (!section) {
        return unavailable;
    }
    std::vector<json> rows;
    for (const auto& d : section->disks) {
        rows.push_back(diskJson(d));
    }
    const std::size_t count = rows.size();
    return jsonResponse({{"collected_at", section->collected_at},
                         {"source", section->source},
                         {"count", count},
                         {"disks", applyView(std::move(rows), view)}});
}

HttpResponse serviceList(const HttpRequest& request, const Snapshot& snapshot) {
    static const ListShape kShape{keysOf(serviceJson(ServiceInfo{})), "", {"pid"}};
    std::optional<SafeRegex> name;
    std::optional<std::set<std::string>> state, start_type;
    ListView view;
    std::optional<HttpResponse> bad;
    if ((bad = checkParameters(request, {"name", "state", "start_type"})) ||
        (bad = patternFilter(request, "name", name)) ||
        (bad = choiceFilter(request, "state", kServiceStates, state)) ||
        (bad = choiceFilter(request, "start_type", kServiceStartTypes, start_type)) ||
        (bad = parseView(request, kShape, view))) {
        return *bad;
    }
    HttpResponse unavailable;
    auto section = sectionFor<ServiceSection>(snapshot, unavailable);
    if (!section) {
        return unavailable;
    }
    std::vector<json> rows;
    for (const auto& s : section->services) {
        if ((name && !name->search(s.name)) || (state && state->count(s.state) == 0) ||
            (start_type && start_type->count(s.start_type) == 0)) {
            continue;
        }
        rows.push_back(serviceJson(s));
    }
    const std::size_t count = rows.size();
    return jsonResponse({{"collected_at", section->collected_at},
                         {"count", count},
                         {"services", applyView(std::move(rows), view)}});
}

HttpResponse serviceItem(const std::string& name, const Snapshot& snapshot) {
    HttpResponse unavailable;
    auto section = sectionFor<ServiceSection>(snapshot, unavailable);
    if (!section) {
        return unavailable;
    }
    for (const auto& s : section->services) {
        // Service names are case-insensitive on Windows.
        if (s.name.size() == name.size() &&
            std::equal(s.name.begin(), s.name.end(), name.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) ==
                       std::tolower(static_cast<unsigned char>(b));
            })) {
            json body = serviceJson(s);
            body["collected_at"] = section->collected_at;
            return jsonResponse(body);
        }
    }
    return jsonError(404, "no_such_service", "no service named '" + name + "'");
}

RestRoutes batteryRoutes() {
    return {RestRoute{"/api/v1/battery",
                      [](const RestRequest& r) { return batteryAnswer(r.snapshot); }}};
}

RestRoutes diskRoutes() {
    return {RestRoute{"/api/v1/disks",
                      [](const RestRequest& r) { return diskList(r.http, r.snapshot); }}};
}

RestRoutes physicalDiskRoutes() {
    return {listSectionRoute("/api/v1/physical_disks", &physicalDisksJson,
                             &PhysicalDiskSection::disks, "disks")};
}

RestRoutes serviceRoutes() {
    return {RestRoute{"/api/v1/services",
                      [](const RestRequest& r) { return serviceList(r.http, r.snapshot); }},
            RestRoute{"/api/v1/services/",
                      [](const RestRequest& r) {
                          if (r.item.find('/') != std::string::npos) {
                              return jsonError(404, "not_found",
                                               "no endpoint at " + r.http.path + " (see /api/v1)");
                          }
                          return serviceItem(r.item, r.snapshot);
                      },
                      true,
                      {"/api/v1/services/{name}"}}};
}

}  // namespace sysmetrics
