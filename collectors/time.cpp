#include "collectors/time.h"

namespace sysmetrics {

namespace {

constexpr int kTimeError = 5;              // TIME_ERROR: the clock is not synchronised
constexpr std::int64_t kStaNano = 0x2000;  // STA_NANO: the offset is in nanoseconds
constexpr double kPpm16Fraction = 1e6 * 65536.0;
constexpr double kMicro = 1e6;

std::optional<double> firstValue(const PdhRawCounters& counters, const std::string& name,
                                 double divisor = 1) {
    auto found = counters.find(name);
    if (found == counters.end() || found->second.empty()) {
        return std::nullopt;
    }
    return static_cast<double>(found->second.front().first) / divisor;
}

}  // namespace

bool W32TimeCounters::any() const {
    return clock_frequency_adjustment || clock_frequency_adjustment_ppb ||
           computed_time_offset_seconds || ntp_client_time_sources ||
           ntp_round_trip_delay_seconds || ntp_server_incoming_requests ||
           ntp_server_outgoing_responses;
}

const std::vector<std::string> kClockSyncSourceTypes = {"NTP", "NT5DS", "AllSync", "NoSync",
                                                        "Local CMOS Clock"};

const std::vector<std::string> kW32TimePdhCounters = {
    "Clock Frequency Adjustment",    "Clock Frequency Adjustment (ppb)",
    "Computed Time Offset",          "NTP Client Time Source Count",
    "NTP Roundtrip Delay",           "NTP Server Incoming Requests",
    "NTP Server Outgoing Responses",
};

W32TimeCounters w32TimeFromPdh(const PdhRawCounters& counters) {
    W32TimeCounters w;
    w.clock_frequency_adjustment = firstValue(counters, "Clock Frequency Adjustment");
    w.clock_frequency_adjustment_ppb = firstValue(counters, "Clock Frequency Adjustment (ppb)");
    w.computed_time_offset_seconds = firstValue(counters, "Computed Time Offset", kMicro);
    w.ntp_client_time_sources = firstValue(counters, "NTP Client Time Source Count");
    w.ntp_round_trip_delay_seconds = firstValue(counters, "NTP Roundtrip Delay", kMicro);
    w.ntp_server_incoming_requests = firstValue(counters, "NTP Server Incoming Requests");
    w.ntp_server_outgoing_responses = firstValue(counters, "NTP Server Outgoing Responses");
    return w;
}

TimexValues timexFromRaw(const TimexRaw& raw) {
    TimexValues t;
    const double offset_divisor = (raw.status & kStaNano) != 0 ? 1e9 : kMicro;
    t.sync_status = raw.state == kTimeError ? 0 : 1;
    t.offset_seconds = static_cast<double>(raw.offset) / offset_divisor;
    t.frequency_adjustment_ratio = 1 + static_cast<double>(raw.freq) / kPpm16Fraction;
    t.maxerror_seconds = static_cast<double>(raw.maxerror) / kMicro;
    t.estimated_error_seconds = static_cast<double>(raw.esterror) / kMicro;
    t.status = static_cast<double>(raw.status);
    t.loop_time_constant = static_cast<double>(raw.constant);
    t.tick_seconds = static_cast<double>(raw.tick) / kMicro;
    t.tai_offset_seconds = static_cast<double>(raw.tai);
    return t;
}

}  // namespace sysmetrics
