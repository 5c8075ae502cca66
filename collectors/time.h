#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "collectors/pdh_raw.h"
#include "collectors/section.h"
#include "collectors/section_source.h"

namespace sysmetrics {

// PDH's "Windows Time Service" object (W32Time, Windows 10 1709 / Server 2016 and later), its
// raw values as windows_exporter converts them; a counter this machine lacks is absent.
struct W32TimeCounters {
    std::optional<double> clock_frequency_adjustment;      // nominal clock units
    std::optional<double> clock_frequency_adjustment_ppb;  // parts per billion (build 17763+)
    std::optional<double> computed_time_offset_seconds;
    std::optional<double> ntp_client_time_sources;
    std::optional<double> ntp_round_trip_delay_seconds;
    std::optional<double> ntp_server_incoming_requests;   // cumulative
    std::optional<double> ntp_server_outgoing_responses;  // cumulative

    bool any() const;
};

// adjtimex(2) read without changes (modes 0), as node_exporter's timex collector exports it.
struct TimexValues {
    double sync_status = 0;  // 1 unless adjtimex answered TIME_ERROR
    double offset_seconds = 0;
    double frequency_adjustment_ratio = 1;
    double maxerror_seconds = 0;
    double estimated_error_seconds = 0;
    double status = 0;  // the STA_* bits
    double loop_time_constant = 0;
    double tick_seconds = 0;
    double tai_offset_seconds = 0;
};

struct TimeSection : Section {
    static constexpr const char* kName = "time";
    // Windows: the time zone's registry key name ("W. Europe Standard Time"); Linux: the zone's
    // abbreviation now ("CET", "UTC"). "" when unknown.
    std::string timezone;
    // Linux: the zone's offset from UTC now, seconds east.
    std::optional<double> zone_offset_seconds;
    // Windows: W32Time's sync type (HKLM\SYSTEM\CurrentControlSet\Services\W32Time\Parameters
    // Type: NTP, NT5DS, AllSync, NoSync); absent when unreadable.
    std::optional<std::string> clock_sync_source;
    W32TimeCounters w32time;
    std::optional<TimexValues> timex;  // Linux
};

// The platform's source (collectors/windows or collectors/linux); on Windows it keeps the PDH
// query open.
using TimeSource = SectionSource<TimeSection>;
std::unique_ptr<TimeSource> makeTimeSource();
using TimeCollector = SourceCollector<TimeSection>;

// ---- Portable interpretation ----

// The sync types windows_exporter writes one windows_time_clock_sync_source series for, in its
// order ("Local CMOS Clock" included, though W32Time's documented Type values are the first four).
extern const std::vector<std::string> kClockSyncSourceTypes;

// The English counters of PDH's "Windows Time Service" object windows_exporter reads.
extern const std::vector<std::string> kW32TimePdhCounters;

// The counters from their raw FirstValues (the object has no instances: the first sample of each
// counter). As windows_exporter: "Computed Time Offset" and "NTP Roundtrip Delay" are
// microseconds, divided by 1e6; the rest are taken as they are.
W32TimeCounters w32TimeFromPdh(const PdhRawCounters& counters);

// What adjtimex(2) fills, as the kernel's struct timex has it.
struct TimexRaw {
    int state = 0;              // the return value: TIME_OK ... TIME_ERROR (5)
    std::int64_t offset = 0;    // microseconds, nanoseconds with STA_NANO
    std::int64_t freq = 0;      // ppm with a 16-bit fraction
    std::int64_t maxerror = 0;  // microseconds
    std::int64_t esterror = 0;  // microseconds
    std::int64_t status = 0;    // STA_* bits
    std::int64_t constant = 0;
    std::int64_t tick = 0;  // microseconds
    std::int64_t tai = 0;   // seconds
};

// node_exporter's conversions: the offset in the unit STA_NANO (0x2000) says, the frequency as
// 1 + freq / 2^16 ppm, errors and tick from microseconds; not synchronised when the state is
// TIME_ERROR.
TimexValues timexFromRaw(const TimexRaw& raw);

}  // namespace sysmetrics
