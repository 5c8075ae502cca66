#include <windows.h>

#include <mutex>

#include "base/windows/handles.h"
#include "base/windows/win_error.h"
#include "collectors/disk.h"
#include "collectors/windows/disk_ioctl.h"

namespace sysmetrics {

namespace {

std::string driveTypeName(UINT type) {
    switch (type) {
        case DRIVE_REMOVABLE:
            return "removable";
        case DRIVE_FIXED:
            return "fixed";
        case DRIVE_REMOTE:
            return "network";
        case DRIVE_CDROM:
            return "cdrom";
        case DRIVE_RAMDISK:
            return "ramdisk";
        default:
            return "unknown";
    }
}

// IOCTL_DISK_PERFORMANCE on the volume; absent where the driver keeps no counters.
std::optional<DiskCounters> volumeCounters(const std::wstring& root) {
    const std::wstring device = L"\\\\.\\" + root.substr(0, 2);  // \\.\C:
    win::UniqueKernelHandle volume(::CreateFileW(
        device.c_str(), 0, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_EXISTING, 0, nullptr));
    if (!volume) {
        return std::nullopt;
    }
    auto bytes = win::queryDiskPerformance(volume.get());
    if (!bytes.ok()) {
        return std::nullopt;
    }
    return parseDiskPerformance(bytes->data(), bytes->size());
}

}  // namespace

Result<DiskSection> readDisks() {
    wchar_t drives[512] = {};
    const DWORD length =
        ::GetLogicalDriveStringsW(static_cast<DWORD>(std::size(drives) - 1), drives);
    if (length == 0 || length >= std::size(drives)) {
        return win::lastError("GetLogicalDriveStringsW");
    }
    // A removable drive without media must not make Windows ask the user to insert a disk. For
    // this thread only: the error mode is process-wide and other collectors run meanwhile.
    DWORD previous_mode = 0;
    ::SetThreadErrorMode(SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX, &previous_mode);
    DiskSection section;
    for (const wchar_t* root = drives; *root; root += wcslen(root) + 1) {
        const UINT type = ::GetDriveTypeW(root);
        // Network shares are skipped, as psutil and windows_exporter's LogicalDisk do: an
        // unreachable share would hold this collector for the SMB timeout every cycle.
        if (type == DRIVE_UNKNOWN || type == DRIVE_NO_ROOT_DIR || type == DRIVE_REMOTE) {
            continue;
        }
        wchar_t label[MAX_PATH + 1] = {}, fs[MAX_PATH + 1] = {};
        DWORD flags = 0;
        if (!::GetVolumeInformationW(root, label, MAX_PATH, nullptr, nullptr, &flags, fs,
                                     MAX_PATH)) {
            continue;  // no media in a removable drive, or an unreachable network share
        }
        ULARGE_INTEGER available{}, total{}, free{};
        if (!::GetDiskFreeSpaceExW(root, &available, &total, &free)) {
            continue;
        }
        DiskInfo d;
        const std::wstring root_text(root);
        d.volume = win::toUtf8(root_text.substr(0, 2).c_str());  // "C:" as windows_exporter
        d.label = win::toUtf8(label);
        d.fs_type = win::toUtf8(fs);
        d.drive_type = driveTypeName(type);
        d.read_only = (flags & FILE_READ_ONLY_VOLUME) != 0;
        d.size_bytes = total.QuadPart;
        d.free_bytes = free.QuadPart;
        d.available_bytes = available.QuadPart;
        if (type == DRIVE_FIXED) {
            if (auto counters = volumeCounters(root_text)) {
                d.read_bytes = counters->read_bytes;
                d.write_bytes = counters->write_bytes;
                d.reads = counters->reads;
                d.writes = counters->writes;
                d.read_seconds = counters->read_seconds;
                d.write_seconds = counters->write_seconds;
            }
        }
        section.disks.push_back(std::move(d));
    }
    ::SetThreadErrorMode(previous_mode, nullptr);
    {
        static std::mutex mutex;
        static DiskCountExtender extender;
        std::lock_guard<std::mutex> lock(mutex);
        extender.apply(section.disks);
    }
    return section;
}

}  // namespace sysmetrics
