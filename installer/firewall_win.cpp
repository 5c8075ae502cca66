#include "installer/firewall_win.h"

#include <windows.h>
#include <initguid.h>  // this file alone defines the Windows Firewall GUIDs of netfw.h
#include <netfw.h>
#include <oleauto.h>

#include <memory>

#include "base/windows/win_error.h"

namespace sysmetrics {

namespace {

struct ComRelease {
    void operator()(IUnknown* object) const { object->Release(); }
};
template <typename T>
using ComPtr = std::unique_ptr<T, ComRelease>;

struct BstrFree {
    void operator()(BSTR text) const { ::SysFreeString(text); }
};
using Bstr = std::unique_ptr<OLECHAR, BstrFree>;
Bstr bstr(const std::wstring& text) {
    return Bstr(::SysAllocString(text.c_str()));
}

Error comError(HRESULT hr, const std::string& where) {
    return Error{ErrorCode::os_error, static_cast<std::int64_t>(static_cast<std::uint32_t>(hr)),
                 where};
}

// COM for this thread, for as long as the call runs. The multithreaded apartment: a console
// command runs no message loop, which a single-threaded apartment requires (its hidden window also
// ties the command to the interactive desktop), and HNetCfg.FwPolicy2 is registered for both.
class ComScope {
public:
    ComScope() : hr_(::CoInitializeEx(nullptr, COINIT_MULTITHREADED)) {}
    ~ComScope() {
        if (SUCCEEDED(hr_)) {
            ::CoUninitialize();
        }
    }

private:
    HRESULT hr_;
};

Result<ComPtr<INetFwRules>> firewallRules() {
    INetFwPolicy2* raw_policy = nullptr;
    HRESULT hr = ::CoCreateInstance(CLSID_NetFwPolicy2, nullptr, CLSCTX_INPROC_SERVER,
                                    IID_INetFwPolicy2, reinterpret_cast<void**>(&raw_policy));
    if (FAILED(hr)) {
        return comError(hr, "CoCreateInstance(NetFwPolicy2)");
    }
    ComPtr<INetFwPolicy2> policy(raw_policy);
    INetFwRules* raw_rules = nullptr;
    hr = policy->get_Rules(&raw_rules);
    if (FAILED(hr) || !raw_rules) {
        return comError(hr, "INetFwPolicy2::get_Rules");
    }
    return ComPtr<INetFwRules>(raw_rules);
}

}  // namespace

Status<> removeFirewallRule() {
    ComScope com;
    auto rules = firewallRules();
    if (!rules.ok()) {
        return rules.error();
    }
    Bstr name = bstr(win::toWide(kFirewallRuleName));
    // Remove succeeds when no rule has the name; a second rule of the same name is removed too.
    for (int i = 0; i < 8; i++) {
        INetFwRule* existing = nullptr;
        if (FAILED(rules.value()->Item(name.get(), &existing)) || !existing) {
            break;
        }
        existing->Release();
        const HRESULT hr = rules.value()->Remove(name.get());
        if (FAILED(hr)) {
            return comError(hr, "INetFwRules::Remove");
        }
    }
    return {};
}

Status<> addFirewallRule(const std::string& exe, std::uint16_t port) {
    if (auto removed = removeFirewallRule(); !removed.ok()) {
        return removed.error();
    }
    ComScope com;
    auto rules = firewallRules();
    if (!rules.ok()) {
        return rules.error();
    }
    INetFwRule* raw_rule = nullptr;
    HRESULT hr = ::CoCreateInstance(CLSID_NetFwRule, nullptr, CLSCTX_INPROC_SERVER, IID_INetFwRule,
                                    reinterpret_cast<void**>(&raw_rule));
    if (FAILED(hr)) {
        return comError(hr, "CoCreateInstance(NetFwRule)");
    }
    ComPtr<INetFwRule> rule(raw_rule);
    Bstr name = bstr(win::toWide(kFirewallRuleName));
    Bstr description = bstr(L"Lets Prometheus and REST clients reach sysmetrics.");
    Bstr application = bstr(win::toWide(exe));
    Bstr ports = bstr(std::to_wstring(port));
    Bstr grouping = bstr(L"sysmetrics");
    const struct {
        HRESULT hr;
        const char* what;
    } steps[] = {
        {rule->put_Name(name.get()), "INetFwRule::put_Name"},
        {rule->put_Description(description.get()), "INetFwRule::put_Description"},
        {rule->put_ApplicationName(application.get()), "INetFwRule::put_ApplicationName"},
        {rule->put_Protocol(NET_FW_IP_PROTOCOL_TCP), "INetFwRule::put_Protocol"},
        {rule->put_LocalPorts(ports.get()), "INetFwRule::put_LocalPorts"},
        {rule->put_Direction(NET_FW_RULE_DIR_IN), "INetFwRule::put_Direction"},
        {rule->put_Action(NET_FW_ACTION_ALLOW), "INetFwRule::put_Action"},
        {rule->put_Profiles(NET_FW_PROFILE2_ALL), "INetFwRule::put_Profiles"},
        {rule->put_Grouping(grouping.get()), "INetFwRule::put_Grouping"},
        {rule->put_Enabled(VARIANT_TRUE), "INetFwRule::put_Enabled"},
    };
    for (const auto& step : steps) {
        if (FAILED(step.hr)) {
            return comError(step.hr, step.what);
        }
    }
    hr = rules.value()->Add(rule.get());
    if (FAILED(hr)) {
        return comError(hr, "INetFwRules::Add");
    }
    return {};
}

}  // namespace sysmetrics
