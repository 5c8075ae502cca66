#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace sysmetrics {

enum class ErrorCode { access_denied, not_found, unsupported, transient, os_error, invalid_data };

const char* errorCodeName(ErrorCode code);

// An error as a value: what kind, the OS's own code (0 when none), the call that failed, and
// what went wrong in words when the code alone does not say it (a parser's fault, the OS's text).
struct Error {
    ErrorCode code = ErrorCode::os_error;
    std::int64_t os_code = 0;
    std::string where;
    std::string detail{};  // {}: three-part initializers stay free of -Wmissing-field-initializers

    // "where: code (os error N): detail", the parts that are empty left out.
    std::string describe() const;
};

template <typename T, typename E = Error>
class Result {
public:
    Result(T value) : data_(std::move(value)) {}
    Result(E error) : data_(std::move(error)) {}

    bool ok() const { return data_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(data_); }
    const T& value() const& { return std::get<0>(data_); }
    T&& value() && { return std::get<0>(std::move(data_)); }
    const E& error() const { return std::get<1>(data_); }

    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

private:
    std::variant<T, E> data_;
};

// The outcome of an operation that gives nothing back: success, or the error. The one shape of
// "maybe an error" here, where a value would be meaningless.
template <typename E = Error>
class [[nodiscard]] Status {
public:
    Status() = default;  // success
    Status(E error) : error_(std::move(error)) {}

    bool ok() const { return !error_.has_value(); }
    explicit operator bool() const { return ok(); }
    const E& error() const { return *error_; }

private:
    std::optional<E> error_;
};

}  // namespace sysmetrics
