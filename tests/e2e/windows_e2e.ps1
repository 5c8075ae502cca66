# End to end on real Windows (the GitHub windows-latest runner, elevated): the same steps as the
# Wine e2e, plus what Wine cannot show: the firewall rule and the ProgramData DACL.
# NOT RUN YET on our machines (no Windows host); see .github/workflows/windows.yml.
param([Parameter(Mandatory)] [string] $Exe, [Parameter(Mandatory)] [string] $Msi)
$ErrorActionPreference = 'Stop'
function Fail($message) { Write-Error "FAIL: $message"; exit 1 }
function Note($message) { Write-Host "--- $message" }
function FreePort { $l = [System.Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0); $l.Start(); $p = $l.LocalEndpoint.Port; $l.Stop(); $p }
function WaitHttp($url, $seconds) {
  $deadline = (Get-Date).AddSeconds($seconds)
  while ((Get-Date) -lt $deadline) {
    try { $r = Invoke-WebRequest -UseBasicParsing -TimeoutSec 2 $url; if ($r.StatusCode -eq 200) { return $r } } catch {}
    Start-Sleep -Milliseconds 200
  }
  Fail "$url did not answer 200 within $seconds s"
}
function CheckService($port) {
  WaitHttp "http://127.0.0.1:$port/healthz" 30 | Out-Null
  $metrics = (WaitHttp "http://127.0.0.1:$port/metrics" 10).Content
  foreach ($name in 'windows_memory_physical_total_bytes', 'windows_cpu_time_total', 'windows_system_boot_time_timestamp') {
    if ($metrics -notmatch "(?m)^$name") { Fail "$name missing from /metrics" }
  }
  $system = (WaitHttp "http://127.0.0.1:$port/api/v1/system" 10).Content | ConvertFrom-Json
  if ($system.os.family -ne 'windows') { Fail "os family $($system.os.family)" }
  # W08: the boot time is the same value on every scrape.
  $a = ((WaitHttp "http://127.0.0.1:$port/api/v1/system" 10).Content | ConvertFrom-Json).boot_time
  Start-Sleep -Seconds 6
  $b = ((WaitHttp "http://127.0.0.1:$port/api/v1/system" 10).Content | ConvertFrom-Json).boot_time
  if ($a -ne $b) { Fail "boot time moved from $a to $b" }
}
function CheckFirewallRule($port, [bool] $present) {
  $rule = Get-NetFirewallRule -DisplayName 'sysmetrics (TCP-In)' -ErrorAction SilentlyContinue
  if (-not $present) { if ($rule) { Fail "firewall rule still present" }; return }
  if (-not $rule) { Fail "no firewall rule 'sysmetrics (TCP-In)'" }
  $ports = ($rule | Get-NetFirewallPortFilter).LocalPort
  if ($ports -ne "$port") { Fail "firewall rule opens $ports, expected $port" }
}
function CheckDataFolderDacl {
  $folder = Join-Path $env:ProgramData 'sysmetrics'
  $acl = Get-Acl $folder
  if (-not $acl.AreAccessRulesProtected) { Fail "$folder inherits its ACL from ProgramData" }
  foreach ($rule in $acl.Access) {
    $sid = $rule.IdentityReference.Translate([Security.Principal.SecurityIdentifier]).Value
    if ($sid -notin 'S-1-5-18', 'S-1-5-32-544') { Fail "$folder grants $sid $($rule.FileSystemRights)" }
  }
}
function ExitCodes { $s = sc.exe query sysmetrics | Out-String; $s }

$dir = Join-Path $env:TEMP 'sysmetrics-e2e'
New-Item -ItemType Directory -Force $dir | Out-Null
Copy-Item $Exe "$dir\sysmetrics.exe"
$port = FreePort

Note "CLI: install (firewall rule, secured ProgramData), sc.exe start, scrape, stop, uninstall"
& "$dir\sysmetrics.exe" install --listen "127.0.0.1:$port" --start-type manual
if ($LASTEXITCODE -ne 0) { Fail "install exited $LASTEXITCODE" }
CheckFirewallRule $port $true
CheckDataFolderDacl
sc.exe start sysmetrics | Out-Null
CheckService $port
sc.exe stop sysmetrics | Out-Null
& "$dir\sysmetrics.exe" uninstall
if ($LASTEXITCODE -ne 0) { Fail "uninstall exited $LASTEXITCODE" }
CheckFirewallRule $port $false

Note "W10: an invalid config ends STOPPED with 1066 / 2"
$bad = "$dir\bad.json"; Set-Content $bad '{"listen": 12}'
sc.exe create sysmetrics binPath= "`"$dir\sysmetrics.exe`" --config `"$bad`"" | Out-Null
sc.exe start sysmetrics | Out-Null
Start-Sleep -Seconds 3
$q = ExitCodes
if ($q -notmatch 'WIN32_EXIT_CODE\s*:\s*1066' -or $q -notmatch 'SERVICE_EXIT_CODE\s*:\s*2\b') { Fail "exit codes: $q" }
$event = Get-WinEvent -FilterHashtable @{LogName = 'Application'; ProviderName = 'sysmetrics'} -MaxEvents 5 -ErrorAction SilentlyContinue |
  Where-Object { $_.Message -match "key 'listen'" }
if (-not $event) { Write-Host "    (no Application event: the event source is registered only by install/MSI)" }
sc.exe delete sysmetrics | Out-Null

Note "MSI: msiexec /i (firewall rule), scrape, msiexec /x"
$port = FreePort
$p = Start-Process msiexec -Wait -PassThru -ArgumentList "/i `"$((Resolve-Path $Msi).Path)`" /qn LISTEN_ADDR=127.0.0.1 LISTEN_PORT=$port"
if ($p.ExitCode -ne 0) { Fail "msiexec /i exited $($p.ExitCode)" }
CheckService $port
CheckFirewallRule $port $true
CheckDataFolderDacl
$failure = sc.exe qfailure sysmetrics | Out-String
if ($failure -notmatch 'RESTART') { Fail "no restart-on-failure actions after the MSI: $failure" }
$p = Start-Process msiexec -Wait -PassThru -ArgumentList "/x `"$((Resolve-Path $Msi).Path)`" /qn"
if ($p.ExitCode -ne 0) { Fail "msiexec /x exited $($p.ExitCode)" }
CheckFirewallRule $port $false
Write-Host "PASS windows_e2e"
