#pragma once

#include <windows.h>

#include <utility>

#include "base/handle_counts.h"

namespace sysmetrics::win {

// One move-only owner for every kind of OS handle. Traits give the type, the invalid value,
// how to close it, and which live count it belongs to.
template <typename Traits>
class UniqueHandle {
public:
    using Type = typename Traits::Type;

    UniqueHandle() = default;
    explicit UniqueHandle(Type value) : value_(value) {
        if (valid()) {
            HandleCounts::opened(Traits::kKind);
        }
    }
    ~UniqueHandle() { reset(); }

    UniqueHandle(UniqueHandle&& other) noexcept : value_(other.release()) {}
    UniqueHandle& operator=(UniqueHandle&& other) noexcept {
        if (this != &other) {
            reset();
            value_ = other.release();
        }
        return *this;
    }
    UniqueHandle(const UniqueHandle&) = delete;
    UniqueHandle& operator=(const UniqueHandle&) = delete;

    bool valid() const { return !Traits::isInvalid(value_); }
    explicit operator bool() const { return valid(); }
    Type get() const { return value_; }

    void reset(Type value = Traits::invalid()) {
        if (valid()) {
            Traits::close(value_);
            HandleCounts::closed(Traits::kKind);
        }
        value_ = value;
        if (valid()) {
            HandleCounts::opened(Traits::kKind);
        }
    }

private:
    // Hands ownership over without closing; the live count moves with it.
    Type release() {
        Type value = value_;
        value_ = Traits::invalid();
        return value;
    }

    Type value_ = Traits::invalid();
};

struct KernelHandleTraits {
    using Type = HANDLE;
    static constexpr HandleKind kKind = HandleKind::kernel;
    static Type invalid() { return nullptr; }
    static bool isInvalid(Type h) { return h == nullptr || h == INVALID_HANDLE_VALUE; }
    static void close(Type h) { ::CloseHandle(h); }
};

struct ServiceHandleTraits {
    using Type = SC_HANDLE;
    static constexpr HandleKind kKind = HandleKind::service_manager;
    static Type invalid() { return nullptr; }
    static bool isInvalid(Type h) { return h == nullptr; }
    static void close(Type h) { ::CloseServiceHandle(h); }
};

struct RegistryKeyTraits {
    using Type = HKEY;
    static constexpr HandleKind kKind = HandleKind::registry_key;
    static Type invalid() { return nullptr; }
    static bool isInvalid(Type h) { return h == nullptr; }
    static void close(Type h) { ::RegCloseKey(h); }
};

// A FindFirstFileW / FindFirstFileExW search, closed with FindClose.
struct FindHandleTraits {
    using Type = HANDLE;
    static constexpr HandleKind kKind = HandleKind::kernel;
    static Type invalid() { return INVALID_HANDLE_VALUE; }
    static bool isInvalid(Type h) { return h == nullptr || h == INVALID_HANDLE_VALUE; }
    static void close(Type h) { ::FindClose(h); }
};

using UniqueKernelHandle = UniqueHandle<KernelHandleTraits>;
using UniqueServiceHandle = UniqueHandle<ServiceHandleTraits>;
using UniqueRegistryKey = UniqueHandle<RegistryKeyTraits>;
using UniqueFindHandle = UniqueHandle<FindHandleTraits>;

}  // namespace sysmetrics::win
