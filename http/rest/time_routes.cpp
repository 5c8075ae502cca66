#include "collectors/time.h"
#include "http/rest/collector_routes.h"

namespace sysmetrics {

namespace {

using nlohmann::json;

json timexJson(const std::optional<TimexValues>& timex) {
    if (!timex) {
        return nullptr;
    }
    const TimexValues& t = *timex;
    return {{"sync_status", t.sync_status},
            {"offset_seconds", t.offset_seconds},
            {"frequency_adjustment_ratio", t.frequency_adjustment_ratio},
            {"maxerror_seconds", t.maxerror_seconds},
            {"estimated_error_seconds", t.estimated_error_seconds},
            {"status", t.status},
            {"loop_time_constant", t.loop_time_constant},
            {"tick_seconds", t.tick_seconds},
            {"tai_offset_seconds", t.tai_offset_seconds}};
}

json timeJson(const TimeSection& s) {
    const W32TimeCounters& w = s.w32time;
    return {{"collected_at", s.collected_at},
            {"timezone", s.timezone.empty() ? json(nullptr) : json(s.timezone)},
            {"zone_offset_seconds", orNull(s.zone_offset_seconds)},
            {"clock_sync_source", orNull(s.clock_sync_source)},
            {"w32time",
             {{"clock_frequency_adjustment", orNull(w.clock_frequency_adjustment)},
              {"clock_frequency_adjustment_ppb", orNull(w.clock_frequency_adjustment_ppb)},
              {"computed_time_offset_seconds", orNull(w.computed_time_offset_seconds)},
              {"ntp_client_time_sources", orNull(w.ntp_client_time_sources)},
              {"ntp_round_trip_delay_seconds", orNull(w.ntp_round_trip_delay_seconds)},
              {"ntp_server_incoming_requests", orNull(w.ntp_server_incoming_requests)},
              {"ntp_server_outgoing_responses", orNull(w.ntp_server_outgoing_responses)}}},
            {"timex", timexJson(s.timex)}};
}

}  // namespace

// GET /api/v1/time: the time zone, W32Time's sync source and counters (Windows), the kernel's
// clock discipline (Linux), as of the last collection.
RestRoutes timeRoutes() {
    return {sectionRoute<TimeSection>("/api/v1/time", &timeJson)};
}

}  // namespace sysmetrics
