#include <windows.h>

#include "collectors/thermalzone.h"
#include "collectors/windows/pdh_raw_object.h"

namespace sysmetrics {

namespace {

// PDH "Thermal Zone Information", raw, as windows_exporter reads it. The object comes with ACPI
// thermal zones; most VMs (and Wine) have none, and then the families are absent with a note.
class WindowsThermalZoneSource : public ThermalZoneSource {
public:
    WindowsThermalZoneSource() : pdh_(kObject, kThermalZonePdhCounters, win::PdhInstances::every) {
        if (!pdh_.available()) {
            setup_notes_.push_back(pdh_.unavailable() + "; the thermalzone families are left out");
        }
        for (const auto& absent : pdh_.absent()) {
            setup_notes_.push_back(absent + "; its family is left out");
        }
    }

    Result<ThermalZoneSection> read() override {
        cycle_notes_.clear();
        ThermalZoneSection section;
        if (pdh_.available()) {
            section.zones = thermalZonesFromPdh(pdh_.read(cycle_notes_));
            if (section.zones.empty() && cycle_notes_.empty()) {
                cycle_notes_.push_back(std::string("PDH lists no ") + kObject +
                                       " instance (no ACPI thermal zone)");
            }
        }
        return section;
    }

    std::vector<std::string> notes() const override {
        return joinNotes(setup_notes_, cycle_notes_);
    }

private:
    static constexpr const char* kObject = "Thermal Zone Information";
    win::PdhRawObject pdh_;
    std::vector<std::string> setup_notes_, cycle_notes_;
};

}  // namespace

std::unique_ptr<ThermalZoneSource> makeThermalZoneSource() {
    return std::make_unique<WindowsThermalZoneSource>();
}

}  // namespace sysmetrics
