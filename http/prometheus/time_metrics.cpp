// Time families: windows_exporter's windows_time_* on Windows, node_exporter's node_time_* and
// node_timex_* on Linux. The clock itself (windows_time_current_timestamp_seconds,
// node_time_seconds) is written at each scrape, not from the section.
#include "http/prometheus/collector_metrics.h"

namespace sysmetrics {

namespace {

void appendLinux(const TimeSection& s, FamilyList& out) {
    if (s.zone_offset_seconds) {
        out.gauge("node_time_zone_offset_seconds", "System time zone offset in seconds.",
                  *s.zone_offset_seconds, {{"time_zone", s.timezone}});
    }
    if (!s.timex) {
        return;
    }
    const TimexValues& t = *s.timex;
    out.gauge("node_timex_sync_status",
              "Is clock synchronized to a reliable server (1 = yes, 0 = no).", t.sync_status);
    out.gauge("node_timex_offset_seconds",
              "Time offset in between local system and reference clock.", t.offset_seconds);
    out.gauge("node_timex_frequency_adjustment_ratio", "Local clock frequency adjustment.",
              t.frequency_adjustment_ratio);
    out.gauge("node_timex_maxerror_seconds", "Maximum error in seconds.", t.maxerror_seconds);
    out.gauge("node_timex_estimated_error_seconds", "Estimated error in seconds.",
              t.estimated_error_seconds);
    out.gauge("node_timex_status", "Value of the status array bits.", t.status);
    out.gauge("node_timex_loop_time_constant", "Phase-locked loop time constant.",
              t.loop_time_constant);
    out.gauge("node_timex_tick_seconds", "Seconds between clock ticks.", t.tick_seconds);
    out.gauge("node_timex_tai_offset_seconds", "International Atomic Time (TAI) offset.",
              t.tai_offset_seconds);
}

void appendWindows(const TimeSection& s, FamilyList& out) {
    if (!s.timezone.empty()) {
        out.info("windows_time_timezone",
                 "The time zone's registry key name (GetDynamicTimeZoneInformation).",
                 {{"timezone", s.timezone}});
    }
    if (s.clock_sync_source) {
        for (const auto& type : kClockSyncSourceTypes) {
            out.gauge("windows_time_clock_sync_source",
                      "1 for W32Time's sync type (registry value Type of the W32Time service's "
                      "Parameters), else 0.",
                      *s.clock_sync_source == type ? 1 : 0, {{"type", type}});
        }
    }
    const W32TimeCounters& w = s.w32time;
    out.gaugeIf("windows_time_clock_frequency_adjustment",
                "Adjustment W32Time made to the local clock frequency, in nominal clock units "
                "(Windows Time Service Clock Frequency Adjustment).",
                w.clock_frequency_adjustment);
    out.gaugeIf("windows_time_clock_frequency_adjustment_ppb",
                "Adjustment W32Time made to the local clock frequency, in parts per billion "
                "(Windows Time Service Clock Frequency Adjustment (ppb)).",
                w.clock_frequency_adjustment_ppb);
    out.gaugeIf("windows_time_computed_time_offset_seconds",
                "Absolute time offset between the system clock and the chosen time source, in "
                "seconds (Windows Time Service Computed Time Offset).",
                w.computed_time_offset_seconds);
    out.gaugeIf("windows_time_ntp_client_time_sources",
                "Active NTP time sources the client uses (Windows Time Service NTP Client Time "
                "Source Count).",
                w.ntp_client_time_sources);
    out.gaugeIf("windows_time_ntp_round_trip_delay_seconds",
                "Round trip delay of the NTP client's most recent request, in seconds (Windows "
                "Time Service NTP Roundtrip Delay).",
                w.ntp_round_trip_delay_seconds);
    out.counterIf("windows_time_ntp_server_outgoing_responses_total",
                  "Requests the NTP server answered (Windows Time Service NTP Server Outgoing "
                  "Responses).",
                  w.ntp_server_outgoing_responses);
    out.counterIf("windows_time_ntp_server_incoming_requests_total",
                  "Requests the NTP server received (Windows Time Service NTP Server Incoming "
                  "Requests).",
                  w.ntp_server_incoming_requests);
}

}  // namespace

void appendTimeMetrics(const TimeSection& time, const RenderContext& context, FamilyList& out) {
    if (context.naming == MetricNaming::windows) {
        appendWindows(time, out);
    } else {
        appendLinux(time, out);
    }
}

const char* currentTimeFamily(MetricNaming naming) {
    return naming == MetricNaming::windows ? "windows_time_current_timestamp_seconds"
                                           : "node_time_seconds";
}

void appendCurrentTimeMetric(MetricNaming naming, double wall_now, FamilyList& out) {
    out.gauge(currentTimeFamily(naming),
              naming == MetricNaming::windows ? "The host's clock at the scrape, Unix seconds."
                                              : "System time in seconds since epoch (1970).",
              wall_now);
}

}  // namespace sysmetrics
