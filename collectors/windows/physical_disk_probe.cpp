#include <windows.h>

#include "base/windows/handles.h"
#include "base/windows/win_error.h"
#include "collectors/physical_disk.h"
#include "collectors/windows/disk_ioctl.h"
#include "collectors/windows/pdh_disk_object.h"

namespace sysmetrics {

namespace {

// QueryDosDeviceW(NULL): every MS-DOS device name, PhysicalDriveN among them.
Result<std::vector<std::string>> dosDeviceNames() {
    std::vector<wchar_t> buffer(16 * 1024);
    for (int attempt = 0; attempt < 6; attempt++) {
        const DWORD length =
            ::QueryDosDeviceW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size()));
        if (length != 0) {
            return splitMultiString(win::toUtf8(buffer.data(), static_cast<int>(length)));
        }
        if (::GetLastError() != ERROR_INSUFFICIENT_BUFFER) {
            return win::lastError("QueryDosDeviceW");
        }
        buffer.resize(buffer.size() * 4);
    }
    return win::winError(ERROR_INSUFFICIENT_BUFFER, "QueryDosDeviceW");
}

// Reads PDH's PhysicalDisk object, as windows_exporter does, and falls back to
// IOCTL_DISK_PERFORMANCE on \\.\PhysicalDriveN (the source that object is built on) where PDH
// has no PhysicalDisk instances: the object absent, or disk counters disabled (diskperf -N).
class WindowsPhysicalDiskSource : public PhysicalDiskSource {
public:
    WindowsPhysicalDiskSource() : pdh_("PhysicalDisk", kPhysicalDiskPdhCounters) {}

    Result<PhysicalDiskSection> read() override {
        cycle_notes_.clear();
        PhysicalDiskSection section;
        if (pdh_.available()) {
            section.disks = physicalDisksFromPdh(pdh_.read(cycle_notes_), pdh_.timeBase());
            section.source = "pdh";
        }
        if (section.disks.empty()) {
            auto disks = readIoctl();
            if (!disks.ok()) {
                return disks.error();
            }
            section.disks = std::move(disks).value();
            section.source = "ioctl";
        }
        source_ = section.source;
        extender_.apply(section.disks);
        return section;
    }

    std::vector<std::string> notes() const override { return pdh_.notesFor(source_, cycle_notes_); }

private:
    Result<std::vector<PhysicalDiskInfo>> readIoctl() {
        auto names = dosDeviceNames();
        if (!names.ok()) {
            return names.error();
        }
        std::vector<PhysicalDiskInfo> disks;
        const auto numbers = physicalDriveNumbers(names.value());
        if (numbers.empty()) {
            cycle_notes_.push_back("no \\\\.\\PhysicalDriveN device (QueryDosDeviceW)");
        }
        for (const unsigned number : numbers) {
            const std::string path = "\\\\.\\PhysicalDrive" + std::to_string(number);
            // No access rights asked: IOCTL_DISK_PERFORMANCE is FILE_ANY_ACCESS, so this works
            // without administrator rights.
            win::UniqueKernelHandle disk(::CreateFileW(win::toWide(path).c_str(), 0,
                                                       FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                                                       OPEN_EXISTING, 0, nullptr));
            if (!disk) {
                cycle_notes_.push_back(path + ": " + win::lastError("CreateFileW").describe());
                continue;
            }
            auto bytes = win::queryDiskPerformance(disk.get());
            if (!bytes.ok()) {
                cycle_notes_.push_back(path + ": " + bytes.error().describe());
                continue;
            }
            const auto record = parseDiskPerformanceRecord(bytes->data(), bytes->size());
            if (!record) {
                cycle_notes_.push_back(path + ": DISK_PERFORMANCE answer of " +
                                       std::to_string(bytes->size()) + " bytes is too short");
                continue;
            }
            disks.push_back(physicalDiskFromPerformance(std::to_string(number), *record));
        }
        return disks;
    }

    win::PdhDiskObject pdh_;
    std::vector<std::string> cycle_notes_;
    std::string source_;
    PhysicalDiskCountExtender extender_;
};

}  // namespace

std::unique_ptr<PhysicalDiskSource> makePhysicalDiskSource() {
    return std::make_unique<WindowsPhysicalDiskSource>();
}

}  // namespace sysmetrics
