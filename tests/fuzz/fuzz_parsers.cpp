// libFuzzer: every parser of raw OS answers (NT buffers, /proc files), fed arbitrary bytes.
// The first byte picks the parser.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "base/text_parse.h"
#include "collectors/cpu.h"
#include "collectors/disk.h"
#include "collectors/memory.h"
#include "collectors/network.h"
#include "collectors/nt_layouts.h"
#include "collectors/physical_disk.h"
#include "collectors/process.h"
#include "collectors/system.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::uint8_t which = data[0];
    data++;
    size--;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    using namespace sysmetrics;
    switch (which % 16) {
        case 0:
            parseNtProcessBuffer(data, size, true);
            break;
        case 1:
            parseProcessorPerformance(data, size);
            parseInterruptInformation(data, size);
            break;
        case 2:
            parsePerformanceInformation(data, size);
            parseExceptionDispatches(data, size);
            break;
        case 3: {
            std::vector<Connection> rows;  // the second appended after the first's rows
            appendTcp4Table(data, size, rows);
            appendTcp6Table(data, size, rows);
            break;
        }
        case 4: {
            std::vector<Connection> rows;
            appendUdp4Table(data, size, rows);
            appendUdp6Table(data, size, rows);
            break;
        }
        case 5:
            parseProcStat(text);
            parseProcStatus(text);
            parseProcIo(text);
            break;
        case 6:
            cpuSampleFromProcStat(text, 100.0);
            break;
        case 7:
            memoryFromMeminfo(text);
            break;
        case 8: {
            std::vector<std::uint64_t> inodes;
            parseProcNet(text, "tcp", 4, &inodes);
            parseProcNet(text, "udp", 6, nullptr);
        } break;
        case 9:
            parseProcNetDev(text);
            socketInodeFromLink(text);
            break;
        case 10:
            realMounts(text);
            parseDiskstats(text);
            parseDiskPerformance(data, size);
            parseDiskPerformanceRecord(data, size);
            physicalDisksFromDiskstats(text, {"sda", "vda", "nvme0n1"});
            physicalDriveNumbers(splitMultiString(text));
            pdhPhysicalDiskNumber(text);
            break;
        case 11:
            cpuInfoFromProcCpuinfo(text);
            {
                CpuSample s;
                applyLoadavg(text, s);
            }
            break;
        case 12:
            bootTimeFromProcStat(text);
            uptimeFromProcUptime(text);
            threadsFromLoadavg(text);
            prettyNameFromOsRelease(text);
            parseVersionNumbers(text);
            break;
        case 13:
            cmdlineFromProc(text);
            fullProcessName(std::string(text.substr(0, 15)), std::string(text), std::string(text));
            break;
        case 14: {
            std::u16string wide(size / 2, u'\0');
            std::memcpy(wide.data(), data, wide.size() * 2);
            utf16ToUtf8(wide);
        } break;
        default:
            nicLabel(std::string(text));
            break;
    }
    return 0;
}
