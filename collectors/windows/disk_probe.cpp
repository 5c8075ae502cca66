#include <windows.h>
#include <winioctl.h>

#include <algorithm>

#include "base/windows/handles.h"
#include "base/windows/win_error.h"
#include "collectors/disk.h"
#include "collectors/physical_disk.h"
#include "collectors/windows/disk_ioctl.h"
#include "collectors/windows/pdh_disk_object.h"

namespace sysmetrics {

namespace {

struct FindVolumeTraits {
    using Type = HANDLE;
    static constexpr HandleKind kKind = HandleKind::kernel;
    static Type invalid() { return INVALID_HANDLE_VALUE; }
    static bool isInvalid(Type h) { return h == nullptr || h == INVALID_HANDLE_VALUE; }
    static void close(Type h) { ::FindVolumeClose(h); }
};
using UniqueFindVolume = win::UniqueHandle<FindVolumeTraits>;

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

// Every volume GUID path (\\?\Volume{...}\) FindFirstVolumeW / FindNextVolumeW list.
Result<std::vector<std::wstring>> volumeGuidPaths() {
    wchar_t name[MAX_PATH + 1] = {};
    UniqueFindVolume find(::FindFirstVolumeW(name, MAX_PATH));
    if (!find) {
        return win::lastError("FindFirstVolumeW");
    }
    std::vector<std::wstring> paths;
    do {
        paths.emplace_back(name);
    } while (::FindNextVolumeW(find.get(), name, MAX_PATH));
    if (::GetLastError() != ERROR_NO_MORE_FILES) {
        return win::lastError("FindNextVolumeW");
    }
    return paths;
}

// The paths a volume is mounted at: drive letters and mount folders, with trailing backslashes.
std::vector<std::string> mountPaths(const std::wstring& guid_path) {
    std::vector<wchar_t> buffer(MAX_PATH + 1);
    for (int attempt = 0; attempt < 4; attempt++) {
        DWORD needed = 0;
        if (::GetVolumePathNamesForVolumeNameW(guid_path.c_str(), buffer.data(),
                                               static_cast<DWORD>(buffer.size()), &needed)) {
            std::size_t length = 0;  // up to the empty string that ends the list
            while (length + 1 < buffer.size() && (buffer[length] || buffer[length + 1])) {
                length++;
            }
            return splitMultiString(win::toUtf8(buffer.data(), static_cast<int>(length + 1)));
        }
        if (::GetLastError() != ERROR_MORE_DATA || needed <= buffer.size()) {
            break;  // not mounted anywhere (ERROR_FILE_NOT_FOUND) or another failure
        }
        buffer.assign(needed, L'\0');
    }
    return {};
}

// "\Device\HarddiskVolume5" for \\?\Volume{...}\ (QueryDosDeviceW on Volume{...}).
std::string ntDevicePath(const std::wstring& guid_path) {
    std::wstring name = guid_path.substr(4);  // without \\?\ ...
    if (!name.empty() && name.back() == L'\\') {
        name.pop_back();  // ... and the trailing backslash
    }
    wchar_t target[MAX_PATH + 1] = {};
    if (::QueryDosDeviceW(name.c_str(), target, MAX_PATH) == 0) {
        return "";
    }
    return win::toUtf8(target);
}

// The volume device (\\?\Volume{...} without the trailing backslash), opened without access
// rights: IOCTL_VOLUME_GET_VOLUME_DISK_EXTENTS and IOCTL_DISK_PERFORMANCE need none, so this works
// without administrator rights (as windows_exporter opens it).
win::UniqueKernelHandle openVolume(const std::string& guid_path) {
    std::wstring device = win::toWide(guid_path);
    if (!device.empty() && device.back() == L'\\') {
        device.pop_back();
    }
    return win::UniqueKernelHandle(
        ::CreateFileW(device.c_str(), 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                      nullptr, OPEN_EXISTING, 0, nullptr));
}

// windows_exporter's `disk` label from IOCTL_VOLUME_GET_VOLUME_DISK_EXTENTS; "" when it fails.
std::string volumeDiskIds(HANDLE volume) {
    std::vector<std::uint8_t> buffer(sizeof(VOLUME_DISK_EXTENTS) + 7 * sizeof(DISK_EXTENT));
    for (int attempt = 0; attempt < 4; attempt++) {
        DWORD returned = 0;
        if (::DeviceIoControl(volume, IOCTL_VOLUME_GET_VOLUME_DISK_EXTENTS, nullptr, 0,
                              buffer.data(), static_cast<DWORD>(buffer.size()), &returned,
                              nullptr)) {
            const auto numbers = parseVolumeDiskExtents(buffer.data(), returned);
            return numbers && !numbers->empty() ? diskIdsLabel(*numbers) : "";
        }
        if (::GetLastError() != ERROR_MORE_DATA) {
            return "";
        }
        buffer.resize(buffer.size() * 4);
    }
    return "";
}

// One volume's description and space; none for a volume to leave out (no media, no root).
std::optional<DiskInfo> describeVolume(const std::wstring& guid_path) {
    std::vector<std::string> mount_points = mountPaths(guid_path);
    // GetDriveTypeW documents a root directory: a mount path where the volume has one (as
    // windows_exporter asks "C:\"), else the GUID path.
    const std::wstring root = mount_points.empty() ? guid_path : win::toWide(mount_points.front());
    const UINT type = ::GetDriveTypeW(root.c_str());
    // Network shares are not volumes, but skip them should one be listed: an unreachable share
    // would hold this collector for the SMB timeout every cycle.
    if (type == DRIVE_NO_ROOT_DIR || type == DRIVE_REMOTE) {
        return std::nullopt;
    }
    wchar_t label[MAX_PATH + 1] = {}, fs[MAX_PATH + 1] = {};
    DWORD serial = 0, flags = 0;
    if (!::GetVolumeInformationW(guid_path.c_str(), label, MAX_PATH, &serial, nullptr, &flags, fs,
                                 MAX_PATH)) {
        return std::nullopt;  // a removable or CD drive without media
    }
    ULARGE_INTEGER available{}, total{}, free{};
    if (!::GetDiskFreeSpaceExW(guid_path.c_str(), &available, &total, &free)) {
        return std::nullopt;
    }
    DiskInfo d;
    d.device = win::toUtf8(guid_path.c_str());
    d.mount_points = std::move(mount_points);
    const std::string nt_path = ntDevicePath(guid_path);
    d.nt_device = logicalDiskName({}, nt_path);
    d.volume = logicalDiskName(d.mount_points, nt_path);
    if (d.volume.empty()) {
        return std::nullopt;
    }
    d.label = win::toUtf8(label);
    d.fs_type = win::toUtf8(fs);
    d.drive_type = driveTypeName(type);
    d.volume_type = logicalDiskTypeLabel(type);
    d.serial_number = volumeSerialLabel(serial);
    d.read_only = (flags & FILE_READ_ONLY_VOLUME) != 0;
    d.size_bytes = total.QuadPart;
    d.free_bytes = free.QuadPart;
    d.available_bytes = available.QuadPart;
    return d;
}

// The volumes PDH's LogicalDisk object lists (with drive letters, mount folders, or neither),
// their counters from that object as windows_exporter reads it, and IOCTL_DISK_PERFORMANCE on
// each volume (the source that object is built on) where PDH lists no LogicalDisk instance.
class WindowsDiskSource : public DiskSource {
public:
    WindowsDiskSource() : pdh_("LogicalDisk", logicalDiskPdhCounters()) {}

    Result<DiskSection> read() override {
        cycle_notes_.clear();
        auto guids = volumeGuidPaths();
        if (!guids.ok()) {
            return guids.error();
        }
        // A removable drive without media must not make Windows ask the user to insert a disk.
        // For this thread only: other collectors run meanwhile.
        DWORD previous_mode = 0;
        ::SetThreadErrorMode(SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX, &previous_mode);
        DiskSection section;
        for (const auto& guid : guids.value()) {
            if (auto volume = describeVolume(guid)) {
                if (auto device = openVolume(volume->device)) {
                    volume->disk_ids = volumeDiskIds(device.get());
                }
                section.disks.push_back(std::move(*volume));
            }
        }
        ::SetThreadErrorMode(previous_mode, nullptr);

        bool from_pdh = false;
        if (pdh_.available()) {
            const auto samples = pdh_.read(cycle_notes_);
            from_pdh = std::any_of(samples.begin(), samples.end(), [](const auto& counter) {
                return std::any_of(counter.second.begin(), counter.second.end(),
                                   [](const PdhRawSample& s) { return s.instance != "_Total"; });
            });
            if (from_pdh) {
                for (const auto& instance :
                     applyLogicalDiskPdh(samples, pdh_.timeBase(), section.disks)) {
                    cycle_notes_.push_back("LogicalDisk(" + instance +
                                           "): no volume of that name listed; left out");
                }
            }
        }
        if (!from_pdh) {
            readIoctl(section.disks);
        }
        section.source = from_pdh ? "pdh" : "ioctl";
        source_ = section.source;
        extender_.apply(section.disks);
        return section;
    }

    std::vector<std::string> notes() const override { return pdh_.notesFor(source_, cycle_notes_); }

private:
    void readIoctl(std::vector<DiskInfo>& volumes) {
        for (auto& v : volumes) {
            auto device = openVolume(v.device);
            if (!device) {
                const Error error = win::lastError("CreateFileW");
                cycle_notes_.push_back("volume \"" + v.volume + "\": " + error.describe());
                continue;
            }
            auto bytes = win::queryDiskPerformance(device.get());
            if (!bytes.ok()) {
                cycle_notes_.push_back("volume \"" + v.volume + "\": " + bytes.error().describe());
                continue;
            }
            const auto record = parseDiskPerformanceRecord(bytes->data(), bytes->size());
            if (!record) {
                cycle_notes_.push_back("volume \"" + v.volume + "\": DISK_PERFORMANCE answer of " +
                                       std::to_string(bytes->size()) + " bytes is too short");
                continue;
            }
            applyLogicalDiskPerformance(*record, v);
        }
    }

    win::PdhDiskObject pdh_;
    std::vector<std::string> cycle_notes_;
    std::string source_;
    DiskCountExtender extender_;
};

}  // namespace

std::unique_ptr<DiskSource> makeDiskSource() {
    return std::make_unique<WindowsDiskSource>();
}

}  // namespace sysmetrics
