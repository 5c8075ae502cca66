// Encodes samples given as JSON on stdin into a snappy-compressed WriteRequest on stdout, so
// encoder_property.py can decode it with Google's protobuf runtime and python-snappy.
// Input: {"extra": {"k": "v"}, "samples": [{"name": "m", "labels": [["k", "v"]],
//          "value": 1.5 | "NaN" | "+Inf" | "-Inf", "ts": 123}]}
#include <cmath>
#include <iostream>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>

#include "http/remote_write/write_request.h"

int main() {
    using nlohmann::json;
    const std::string input((std::istreambuf_iterator<char>(std::cin)),
                            std::istreambuf_iterator<char>());
    const json document = json::parse(input);
    sysmetrics::Labels extra;
    const json extra_labels = document.value("extra", json::object());
    for (const auto& [key, value] : extra_labels.items()) {
        extra.emplace_back(key, value.get<std::string>());
    }
    sysmetrics::WriteRequestEncoder encoder(extra);
    for (const auto& sample : document.at("samples")) {
        sysmetrics::Labels labels;
        for (const auto& pair : sample.at("labels")) {
            labels.emplace_back(pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
        }
        double value = 0;
        const json& raw = sample.at("value");
        if (raw.is_string()) {
            const std::string text = raw.get<std::string>();
            value = text == "NaN"    ? std::numeric_limits<double>::quiet_NaN()
                    : text == "+Inf" ? std::numeric_limits<double>::infinity()
                                     : -std::numeric_limits<double>::infinity();
        } else {
            value = raw.get<double>();
        }
        encoder.add(sample.at("name").get<std::string>(), labels, value,
                    sample.at("ts").get<std::int64_t>());
    }
    std::cout << sysmetrics::snappyCompress(encoder.take());
    return 0;
}
