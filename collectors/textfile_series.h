#pragma once

#include <string>
#include <string_view>

#include "collectors/textfile_parser.h"

namespace sysmetrics {

// A sample's name and labels as an exposition line starts, `name{label="value",...} `, each
// label value written by `write_value(out, label, value)`: the formats differ only there.
template <typename WriteValue>
void appendTextfileSeries(std::string_view name, const TextfileSample& sample, std::string& out,
                          WriteValue write_value) {
    out += name;
    if (!sample.labels.empty()) {
        out.push_back('{');
        const char* separator = "";
        for (const auto& [label, value] : sample.labels) {
            out += separator;
            out += label;
            out += "=\"";
            write_value(out, label, value);
            out.push_back('"');
            separator = ",";
        }
        out.push_back('}');
    }
    out.push_back(' ');
}

}  // namespace sysmetrics
