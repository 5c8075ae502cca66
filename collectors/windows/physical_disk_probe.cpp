#include <windows.h>
#include <pdhmsg.h>

#include "base/windows/handles.h"
#include "base/windows/win_error.h"
#include "collectors/physical_disk.h"
#include "collectors/windows/disk_ioctl.h"
#include "collectors/windows/pdh_counters.h"

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
    WindowsPhysicalDiskSource() { openPdh(); }

    Result<PhysicalDiskSection> read() override {
        cycle_notes_.clear();
        PhysicalDiskSection section;
        if (query_) {
            section.disks = readPdh();
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

    std::vector<std::string> notes() const override {
        // The PDH notes name families left out only while PDH is the source.
        std::vector<std::string> notes = source_ == "pdh" ? pdh_notes_ : fallback_notes_;
        notes.insert(notes.end(), cycle_notes_.begin(), cycle_notes_.end());
        return notes;
    }

private:
    struct PdhCounter {
        std::string name;
        std::size_t index = 0;
    };

    void openPdh() {
        PDH_STATUS status = 0;
        query_ = win::openPdhQuery(status);
        if (!query_) {
            fallback_notes_.push_back("PDH: PdhOpenQueryW failed (" + win::pdhStatusName(status) +
                                      "); reading IOCTL_DISK_PERFORMANCE");
            return;
        }
        for (const auto& name : kPhysicalDiskPdhCounters) {
            PdhCounter counter{name, 0};
            const PDH_STATUS added =
                query_->add(L"\\PhysicalDisk(*)\\" + win::toWide(name), counter.index);
            if (added == ERROR_SUCCESS) {
                counters_.push_back(counter);
            } else {
                pdh_notes_.push_back("\\PhysicalDisk(*)\\" + name + ": not on this machine (" +
                                     win::pdhStatusName(added) + "); its family is left out");
            }
        }
        if (counters_.empty()) {
            query_.reset();
            fallback_notes_.push_back(
                "PDH has no PhysicalDisk object here; reading IOCTL_DISK_PERFORMANCE");
            return;
        }
        // The "Avg. Disk sec/..." counters share one time base; ask the first one present.
        for (const auto& counter : counters_) {
            if (counter.name.rfind("Avg. Disk sec/", 0) != 0) {
                continue;
            }
            LONGLONG frequency = 0;
            const PDH_STATUS status = query_->timeBase(counter.index, frequency);
            if (status == ERROR_SUCCESS && frequency > 0) {
                time_base_ = static_cast<double>(frequency);
            } else {
                pdh_notes_.push_back(
                    "\\PhysicalDisk(*)\\" + counter.name + ": PdhGetCounterTimeBase failed (" +
                    win::pdhStatusName(status) + "); the latency families are left out");
            }
            break;
        }
        fallback_notes_.push_back(
            "PDH lists no PhysicalDisk instance (disk counters disabled?); reading "
            "IOCTL_DISK_PERFORMANCE");
    }

    std::vector<PhysicalDiskInfo> readPdh() {
        const PDH_STATUS collected = query_->collect();
        if (collected != ERROR_SUCCESS) {
            cycle_notes_.push_back("PdhCollectQueryData failed (" + win::pdhStatusName(collected) +
                                   ")");
            return {};
        }
        std::map<std::string, std::vector<PdhRawSample>> samples;
        std::vector<win::PdhItem> items;
        for (const auto& counter : counters_) {
            if (query_->raw(counter.index, true, items) != ERROR_SUCCESS) {
                continue;  // no instances this cycle
            }
            auto& out = samples[counter.name];
            for (const auto& item : items) {
                if (item.cstatus == PDH_CSTATUS_VALID_DATA ||
                    item.cstatus == PDH_CSTATUS_NEW_DATA) {
                    out.push_back(PdhRawSample{win::toUtf8(item.instance.c_str()), item.first});
                }
            }
        }
        return physicalDisksFromPdh(samples, time_base_);
    }

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

    std::unique_ptr<win::PdhQuery> query_;
    std::vector<PdhCounter> counters_;
    std::optional<double> time_base_;
    std::vector<std::string> pdh_notes_, fallback_notes_, cycle_notes_;
    std::string source_;
    PhysicalDiskCountExtender extender_;
};

}  // namespace

std::unique_ptr<PhysicalDiskSource> makePhysicalDiskSource() {
    return std::make_unique<WindowsPhysicalDiskSource>();
}

}  // namespace sysmetrics
