#pragma once

#include "http/rest/rest_route.h"

namespace sysmetrics {

// Each collector's REST routes, as the catalog (service/collector_catalog.cpp) binds them.
RestRoutes memoryRoutes();
RestRoutes cpuRoutes();
RestRoutes systemRoutes();
RestRoutes selfRoutes();
RestRoutes processRoutes();
RestRoutes connectionRoutes();
RestRoutes interfaceRoutes();
RestRoutes tcpRoutes();
RestRoutes thermalZoneRoutes();
RestRoutes batteryRoutes();
RestRoutes diskRoutes();
RestRoutes physicalDiskRoutes();
RestRoutes serviceRoutes();
RestRoutes textfileRoutes();
RestRoutes performanceCounterRoutes();
RestRoutes timeRoutes();
RestRoutes pagefileRoutes();

}  // namespace sysmetrics
