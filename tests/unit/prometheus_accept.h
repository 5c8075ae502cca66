#pragma once

// The Accept headers Prometheus sends for /metrics: recent versions, Debian 12's 2.42, and
// versions before 2.42.
namespace sysmetrics::test {

inline constexpr const char* kRecentPrometheus =
    "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;"
    "version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";
inline constexpr const char* kPrometheus242 =
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
    "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
inline constexpr const char* kOlderPrometheus =
    "application/openmetrics-text; version=0.0.1,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

}  // namespace sysmetrics::test
