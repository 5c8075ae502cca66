// A child process for the process tests: sleeps, with a few threads, until it is killed.
#include <windows.h>

#include <cwchar>

DWORD WINAPI idle(LPVOID) {
    ::Sleep(INFINITE);
    return 0;
}

int wmain(int argc, wchar_t** argv) {
    const DWORD seconds = argc > 1 ? static_cast<DWORD>(std::wcstoul(argv[1], nullptr, 10)) : 120;
    for (int i = 0; i < 2; i++) {
        ::CreateThread(nullptr, 0, idle, nullptr, 0, nullptr);
    }
    ::Sleep(seconds * 1000);
    return 0;
}
