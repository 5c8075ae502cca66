#include "config/performancecounter_settings.h"

#include <set>

#include "config/config_json.h"

namespace sysmetrics {

namespace {

using nlohmann::json;

bool validName(const std::string& name, bool colon_allowed) {
    if (name.empty()) {
        return false;
    }
    for (std::size_t i = 0; i < name.size(); i++) {
        const char c = name[i];
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                            (colon_allowed && c == ':');
        if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
            return false;
        }
    }
    return true;
}

std::string snakeCase(const std::string& text) {
    std::string out;
    for (char c : text) {
        const bool alnum =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (alnum) {
            out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
        } else if (!out.empty() && out.back() != '_') {
            out.push_back('_');
        }
    }
    while (!out.empty() && out.back() == '_') {
        out.pop_back();
    }
    return out;
}

ConfigError bad(const std::string& origin, const std::string& path, const std::string& why) {
    return ConfigError{origin + ": key '" + path + "' " + why};
}

ConfigStatus stringField(const std::string& origin, const std::string& path, const json& field,
                         std::string& out) {
    if (!field.is_string()) {
        return wrongType(origin, path, "a string", field);
    }
    out = field.get<std::string>();
    return {};
}

ConfigStatus parseCounter(const std::string& origin, const std::string& path, const json& item,
                          PerfCounterConfig& counter) {
    if (item.is_string()) {
        counter.name = item.get<std::string>();
    } else if (item.is_object()) {
        for (const auto& [key, field] : item.items()) {
            const std::string at = path + "." + key;
            ConfigStatus error;
            if (key == "name") {
                error = stringField(origin, at, field, counter.name);
            } else if (key == "metric") {
                error = stringField(origin, at, field, counter.metric);
                if (error.ok() && !validName(counter.metric, true)) {
                    return bad(origin, at,
                               "'" + counter.metric + "' is not a valid Prometheus metric name");
                }
            } else if (key == "type") {
                error = stringField(origin, at, field, counter.type);
                if (error.ok() && counter.type != "counter" && counter.type != "gauge") {
                    return bad(origin, at, "must be \"counter\" or \"gauge\"");
                }
            } else {
                return ConfigError{origin + ": unknown key '" + at +
                                   "' (known: name, metric, type)"};
            }
            if (!error.ok()) {
                return error;
            }
        }
    } else {
        return wrongType(origin, path, "a counter name or an object", item);
    }
    if (counter.name.empty()) {
        return bad(origin, path + ".name", "is required (the English PDH counter name)");
    }
    return {};
}

ConfigStatus parseObject(const std::string& origin, const std::string& path, const json& item,
                         PerfObjectConfig& object) {
    if (!item.is_object()) {
        return wrongType(origin, path, "an object", item);
    }
    for (const auto& [key, field] : item.items()) {
        const std::string at = path + "." + key;
        ConfigStatus error;
        if (key == "name" || key == "object") {
            error = stringField(origin, at, field, key == "name" ? object.name : object.object);
        } else if (key == "type") {
            std::string type;
            error = stringField(origin, at, field, type);
            if (error.ok() && type != "raw" && type != "formatted") {
                return bad(origin, at, "must be \"raw\" or \"formatted\"");
            }
            object.formatted = type == "formatted";
        } else if (key == "instances") {
            if (!field.is_array()) {
                return wrongType(origin, at, "an array of instance names (\"*\" for all)", field);
            }
            for (const auto& instance : field) {
                if (!instance.is_string() || instance.get<std::string>().empty()) {
                    return bad(origin, at, "must hold non-empty strings");
                }
                object.instances.push_back(instance.get<std::string>());
            }
        } else if (key == "counters") {
            if (!field.is_array() || field.empty()) {
                return wrongType(origin, at, "a non-empty array of counters", field);
            }
            for (std::size_t i = 0; i < field.size(); i++) {
                PerfCounterConfig counter;
                if (auto e =
                        parseCounter(origin, at + "[" + std::to_string(i) + "]", field[i], counter);
                    !e.ok()) {
                    return e;
                }
                object.counters.push_back(std::move(counter));
            }
        } else if (key == "labels") {
            if (!field.is_object()) {
                return wrongType(origin, at, "an object of label names to values", field);
            }
            for (const auto& [label, value] : field.items()) {
                if (!validName(label, false) || label.rfind("__", 0) == 0 || label == "instance") {
                    return bad(origin, at, "has an invalid or reserved label name '" + label + "'");
                }
                if (!value.is_string()) {
                    return wrongType(origin, at + "." + label, "a string", value);
                }
                object.labels.emplace_back(label, value.get<std::string>());
            }
        } else {
            return ConfigError{origin + ": unknown key '" + at +
                               "' (known: name, object, instances, counters, labels, type)"};
        }
        if (!error.ok()) {
            return error;
        }
    }
    if (object.object.empty()) {
        return bad(origin, path + ".object", "is required (the English PDH object name)");
    }
    if (object.counters.empty()) {
        return bad(origin, path + ".counters", "is required (at least one counter)");
    }
    if (object.name.empty()) {
        object.name = object.object;
    }
    if (snakeCase(object.name).empty()) {
        return bad(origin, path + ".name", "must contain a letter or digit");
    }
    return {};
}

}  // namespace

std::string perfCounterMetricName(const PerfObjectConfig& object, const PerfCounterConfig& counter,
                                  bool as_counter) {
    if (!counter.metric.empty()) {
        return counter.metric;
    }
    std::string counter_name = counter.name;
    if (as_counter && counter_name.size() > 4 &&
        counter_name.compare(counter_name.size() - 4, 4, "/sec") == 0) {
        counter_name.resize(counter_name.size() - 4);
    }
    std::string name =
        "windows_performancecounter_" + snakeCase(object.name) + "_" + snakeCase(counter_name);
    const std::string total = "_total";
    if (as_counter && (name.size() < total.size() ||
                       name.compare(name.size() - total.size(), total.size(), total) != 0)) {
        name += total;
    }
    return name;
}

ConfigStatus PerformanceCounterSettings::apply(const std::string& key, const json& value,
                                               const std::string& origin, const std::string& path) {
    if (key != "objects") {
        return unknownKey(origin, path, keys());
    }
    if (!value.is_array()) {
        return wrongType(origin, path, "an array of objects", value);
    }
    std::vector<PerfObjectConfig> parsed;
    std::set<std::string> metrics;
    for (std::size_t i = 0; i < value.size(); i++) {
        const std::string at = path + "[" + std::to_string(i) + "]";
        PerfObjectConfig object;
        if (auto status = parseObject(origin, at, value[i], object); !status.ok()) {
            return status;
        }
        for (const auto& counter : object.counters) {
            // Both spellings a counter may take, so no two counters can end up as one family.
            for (bool as_counter : {false, true}) {
                const std::string metric = perfCounterMetricName(object, counter, as_counter);
                if (!metrics.insert(metric + (as_counter ? "" : "\n")).second) {
                    return bad(origin, at,
                               "exports counter '" + counter.name + "' as " + metric +
                                   ", a name another counter already has; set \"metric\"");
                }
            }
        }
        parsed.push_back(std::move(object));
    }
    objects = std::move(parsed);
    return {};
}

json PerformanceCounterSettings::toJson() const {
    json written = json::array();
    for (const auto& object : objects) {
        json list = json::array();
        for (const auto& counter : object.counters) {
            json item = {{"name", counter.name}};
            if (!counter.metric.empty()) {
                item["metric"] = counter.metric;
            }
            if (!counter.type.empty()) {
                item["type"] = counter.type;
            }
            list.push_back(item);
        }
        json labels = json::object();
        for (const auto& [label, value] : object.labels) {
            labels[label] = value;
        }
        written.push_back({{"name", object.name},
                           {"object", object.object},
                           {"instances", object.instances},
                           {"counters", list},
                           {"labels", labels},
                           {"type", object.formatted ? "formatted" : "raw"}});
    }
    return {{"objects", written}};
}

}  // namespace sysmetrics
