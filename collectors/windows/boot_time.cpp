#include "collectors/windows/boot_time.h"

#include <windows.h>

#include <cstdint>

#include "base/clock.h"
#include "base/nt_time.h"
#include "base/windows/nt_api.h"
#include "collectors/nt_layouts.h"
#include "collectors/process.h"
#include "collectors/system.h"

namespace sysmetrics::win {

double bootTime() {
    std::uint8_t buffer[kTimeOfDayInformationSize] = {};
    ULONG returned = 0;
    if (nt::api().querySystemInformation &&
        nt::api().querySystemInformation(nt::kSystemTimeOfDayInformation, buffer, sizeof buffer,
                                         &returned) == nt::kStatusSuccess) {
        if (auto filetime = parseBootTimeFiletime(buffer, returned)) {
            return unixFromFiletime(*filetime);
        }
    }
    static const double fallback = bootTimeFromTicks(wallSeconds(), ::GetTickCount64());
    return fallback;
}

}  // namespace sysmetrics::win
