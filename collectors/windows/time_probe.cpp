#include <windows.h>

#include "base/windows/registry.h"
#include "collectors/time.h"
#include "collectors/windows/pdh_raw_object.h"
#include "collectors/windows/time_zone.h"

namespace sysmetrics {

namespace {

// windows_exporter's time collector: the time zone (GetDynamicTimeZoneInformation), W32Time's
// sync type (registry) and PDH's "Windows Time Service" object read raw. Each part that is not
// here is left out and named in a note; the others are still read.
class WindowsTimeSource : public TimeSource {
public:
    WindowsTimeSource()
        : w32time_("Windows Time Service", kW32TimePdhCounters, win::PdhInstances::none) {
        if (!w32time_.available()) {
            pdh_notes_.push_back(w32time_.unavailable() +
                                 "; the W32Time families (windows_time_clock_frequency_*, "
                                 "windows_time_computed_time_offset_seconds, windows_time_ntp_*) "
                                 "are left out");
        }
        for (const auto& absent : w32time_.absent()) {
            pdh_notes_.push_back(absent + "; its family is left out");
        }
    }

    Result<TimeSection> read() override {
        cycle_notes_.clear();
        TimeSection section;
        auto zone = win::timeZoneKeyName();
        if (zone.ok()) {
            section.timezone = std::move(zone).value();
        } else {
            cycle_notes_.push_back(zone.error().describe() + "; windows_time_timezone is left out");
        }
        auto type = win::readMachineRegistryString(
            L"SYSTEM\\CurrentControlSet\\Services\\W32Time\\Parameters", L"Type");
        if (type.ok()) {
            section.clock_sync_source = std::move(type).value();
        } else {
            cycle_notes_.push_back(type.error().describe() +
                                   "; windows_time_clock_sync_source is left out");
        }
        if (w32time_.available()) {
            const std::size_t noted = cycle_notes_.size();
            section.w32time = w32TimeFromPdh(w32time_.read(cycle_notes_));
            if (!section.w32time.any() && cycle_notes_.size() == noted) {
                cycle_notes_.push_back(
                    "\\Windows Time Service: no valid value this cycle "
                    "(W32Time not running?); its families are left out");
            }
        }
        return section;
    }

    std::vector<std::string> notes() const override { return joinNotes(pdh_notes_, cycle_notes_); }

private:
    win::PdhRawObject w32time_;
    std::vector<std::string> pdh_notes_, cycle_notes_;
};

}  // namespace

std::unique_ptr<TimeSource> makeTimeSource() {
    return std::make_unique<WindowsTimeSource>();
}

}  // namespace sysmetrics
