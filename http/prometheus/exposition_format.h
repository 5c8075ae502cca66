#pragma once

#include <string>

namespace sysmetrics {

// The two text formats /metrics speaks: Prometheus text 0.0.4 (the default) and OpenMetrics 1.0.
enum class ExpositionFormat { text, openmetrics };

inline constexpr const char* kPrometheusTextType = "text/plain; version=0.0.4; charset=utf-8";
inline constexpr const char* kOpenMetricsType =
    "application/openmetrics-text; version=1.0.0; charset=utf-8";
inline constexpr const char* kOpenMetricsDraftType =
    "application/openmetrics-text; version=0.0.1; charset=utf-8";

struct NegotiatedFormat {
    ExpositionFormat format = ExpositionFormat::text;
    const char* content_type = kPrometheusTextType;
};

// The format an Accept header asks for, as client_golang's expfmt.NegotiateIncludingOpenMetrics
// picks it: media ranges in order of q (ties in header order), the first that is text/plain
// (version 0.0.4 or none) or application/openmetrics-text (version 1.0.0, 0.0.1 or none) wins;
// anything else, a missing or malformed header, gives the text format. Unlike expfmt, a range
// with q=0 is a refusal (RFC 9110) and never selects its format. The draft version 0.0.1 gets
// the same body under its own content type, as expfmt answers it.
NegotiatedFormat negotiateExposition(const std::string& accept);

}  // namespace sysmetrics
