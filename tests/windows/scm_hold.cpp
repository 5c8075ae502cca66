// scm_hold NAME RELEASE_FILE: holds a handle on service NAME, as the Services console does, until
// RELEASE_FILE exists (at most 120 s). Prints "holding" once the handle is open. While it holds
// it, a deleted NAME is only marked for deletion and its name cannot be created again.
#include <windows.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "base/windows/handles.h"

int wmain(int argc, wchar_t** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: scm_hold NAME RELEASE_FILE\n");
        return 2;
    }
    sysmetrics::win::UniqueServiceHandle manager(
        ::OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    sysmetrics::win::UniqueServiceHandle service(
        manager ? ::OpenServiceW(manager.get(), argv[1], SERVICE_QUERY_STATUS) : nullptr);
    if (!service) {
        std::fprintf(stderr, "FAIL: OpenServiceW: error %lu\n", ::GetLastError());
        return 1;
    }
    std::printf("holding\n");
    std::fflush(stdout);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (::GetFileAttributesW(argv[2]) == INVALID_FILE_ATTRIBUTES) {
        if (std::chrono::steady_clock::now() >= deadline) {
            std::fprintf(stderr, "FAIL: %ls did not appear within 120 s\n", argv[2]);
            return 1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::printf("released\n");
    return 0;
}
