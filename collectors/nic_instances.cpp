#include "collectors/nic_instances.h"

#include <set>

#include "collectors/network.h"

namespace sysmetrics {

std::vector<NicInstance> nicInstances(const std::vector<IfTableRow>& rows, IpBindings bindings) {
    std::vector<NicInstance> out;
    for (std::size_t i = 0; i < rows.size(); i++) {
        const IfTableRow& row = rows[i];
        if (row.filter_interface) {
            continue;  // NDIS filter layers repeat the adapter beneath them
        }
        NicInstance nic;
        nic.row = i;
        nic.pdh_instance = row.type != kIfTypeSoftwareLoopback &&
                           (bindings == IpBindings::unknown || row.ip_bound);
        const bool by_alias =
            (nic.pdh_instance && row.type == kIfTypeTunnel) || row.description.empty();
        nic.name = nicLabel(by_alias ? row.alias : row.description);
        out.push_back(std::move(nic));
    }
    std::vector<std::string*> labels;
    for (bool pdh : {true, false}) {
        for (auto& nic : out) {
            if (nic.pdh_instance == pdh) {
                labels.push_back(&nic.name);
            }
        }
    }
    uniqueNicLabels(labels);
    return out;
}

void uniqueNicLabels(const std::vector<std::string*>& labels) {
    std::set<std::string> own;
    for (const std::string* label : labels) {
        own.insert(*label);
    }
    std::set<std::string> used;
    for (std::string* label : labels) {
        if (used.insert(*label).second) {
            continue;
        }
        for (int n = 2;; n++) {
            std::string candidate = *label + "_" + std::to_string(n);
            if (!own.count(candidate) && used.insert(candidate).second) {
                *label = std::move(candidate);
                break;
            }
        }
    }
}

}  // namespace sysmetrics
