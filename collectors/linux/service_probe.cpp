#include "collectors/service.h"

namespace sysmetrics {

namespace {
class UnsupportedServiceSource : public ServiceSource {
public:
    Result<std::vector<ServiceInfo>> read() override {
        return Error{ErrorCode::unsupported, 0, "services",
                     "Windows services only (systemd units are not collected)"};
    }
};
}  // namespace

std::unique_ptr<ServiceSource> makeServiceSource() {
    return std::make_unique<UnsupportedServiceSource>();
}

}  // namespace sysmetrics
