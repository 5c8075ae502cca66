// The routes that answer one section whole: memory, cpu, system, self, tcp, thermalzone.
#include "http/rest/collector_routes.h"
#include "http/rest/json_mapping.h"
#include "http/rest/list_route.h"

namespace sysmetrics {

RestRoutes memoryRoutes() {
    return {sectionRoute<MemorySection>("/api/v1/memory", &toJson)};
}

RestRoutes cpuRoutes() {
    return {sectionRoute<CpuSection>("/api/v1/cpu", &toJson)};
}

RestRoutes tcpRoutes() {
    return {sectionRoute<TcpSection>("/api/v1/tcp", &toJson)};
}

RestRoutes thermalZoneRoutes() {
    return {listSectionRoute<ThermalZoneSection, ThermalZone>("/api/v1/thermalzone", &toJson,
                                                              &ThermalZoneSection::zones, "zones")};
}

RestRoutes selfRoutes() {
    return {sectionRoute<SelfSection>("/api/v1/self", &toJson)};
}

RestRoutes systemRoutes() {
    return {RestRoute{"/api/v1/system", [](const RestRequest& request) {
                          HttpResponse unavailable;
                          auto system = sectionFor<SystemSection>(request.snapshot, unavailable);
                          return system ? jsonResponse(toJson(*system, request.runtime))
                                        : unavailable;
                      }}};
}

}  // namespace sysmetrics
