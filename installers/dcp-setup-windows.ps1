# DCP provider setup for Windows, served by the DCP gateway at __DCP_PUBLIC_URL__
#
#   Invoke-WebRequest -UseBasicParsing '__DCP_PUBLIC_URL__/api/providers/download/setup?os=windows' -OutFile dcp-setup.ps1
#   powershell -ExecutionPolicy Bypass -File .\dcp-setup.ps1
#
# Run it as the user who will provide (no administrator rights needed). The script asks for your provider
# API key (typing is hidden). For unattended installs, put the key alone in a file only you can read and
# set DCP_PROVIDER_KEY_FILE to its path (DCP_PROVIDER_KEY works too). The key is never given on a command
# line nor in a URL: it travels in an Authorization header from inside this PowerShell process.
#
# What it does: checks the key and downloads the provider daemon, verifies the download against the
# SHA-256 the gateway sends (X-Checksum-SHA256), installs it in a folder only you can read (the daemon file
# carries the key and URL, as the daemon reads them from there), and registers the scheduled task
# "DCP Provider Daemon" that starts at logon and restarts the daemon whenever it exits (a self-update
# exits to restart).

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2.0

$DcpApiUrl = '__DCP_PUBLIC_URL__'
$TaskName = 'DCP Provider Daemon'
$DaemonFile = 'dcp_daemon.py'
$InstallDir = if ($env:DCP_INSTALL_DIR) { $env:DCP_INSTALL_DIR } else { Join-Path $env:LOCALAPPDATA 'DCPProvider' }

function Say([string]$Message) { Write-Host "==> $Message" }
function Stop-Setup([string]$Message) { throw "DCP setup failed: $Message" }

# TLS 1.2 for Windows PowerShell 5.1, whose default may be older.
[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12

function Read-ProviderKey {
    $key = ''
    if ($env:DCP_PROVIDER_KEY_FILE) {
        $key = [string](Get-Content -LiteralPath $env:DCP_PROVIDER_KEY_FILE -TotalCount 1)
    } elseif ($env:DCP_PROVIDER_KEY) {
        $key = $env:DCP_PROVIDER_KEY
    } else {
        $secure = Read-Host -Prompt 'Provider API key (input hidden)' -AsSecureString
        $bstr = [Runtime.InteropServices.Marshal]::SecureStringToBSTR($secure)
        try { $key = [Runtime.InteropServices.Marshal]::PtrToStringBSTR($bstr) }
        finally { [Runtime.InteropServices.Marshal]::ZeroFreeBSTR($bstr) }
    }
    Remove-Item Env:DCP_PROVIDER_KEY -ErrorAction SilentlyContinue
    $key = $key -replace '\s', ''
    if ($key -notmatch '^(dcp|dc1)-provider-[A-Za-z0-9]+$') { Stop-Setup 'that does not look like a provider key (dcp-provider-...)' }
    return $key
}

# The gateway's error message when it refuses, whichever PowerShell version raised the error.
function Get-GatewayAnswer($ErrorRecord) {
    if ($ErrorRecord.ErrorDetails -and $ErrorRecord.ErrorDetails.Message) { return $ErrorRecord.ErrorDetails.Message }
    return $ErrorRecord.Exception.Message
}

function Find-Python {
    foreach ($candidate in @('py', 'python')) {
        $command = Get-Command $candidate -ErrorAction SilentlyContinue
        if (-not $command) { continue }
        $arguments = if ($candidate -eq 'py') { @('-3', '-c', 'import sys; print(sys.executable)') } else { @('-c', 'import sys; print(sys.executable)') }
        # The Microsoft Store alias answers without printing a path (or with an error on stderr, which
        # Windows PowerShell turns into a terminating error here): skip it either way.
        $path = $null
        try { $path = (& $command.Source @arguments 2>$null | Select-Object -First 1) } catch { $path = $null }
        if ($path -and (Test-Path -LiteralPath $path)) { return [string]$path }
    }
    Stop-Setup 'Python 3 is required (winget install Python.Python.3.12, or https://www.python.org)'
}

function Get-Daemon([string]$Key, [string]$WorkDir) {
    $headers = @{ Authorization = "Bearer $Key" }
    Say "Checking your key with $DcpApiUrl"
    try {
        $release = Invoke-RestMethod -UseBasicParsing -Uri "$DcpApiUrl/api/providers/download/daemon?check_only=true" -Headers $headers
    } catch {
        Stop-Setup ("the gateway refused: " + (Get-GatewayAnswer $_))
    }
    Say "Downloading daemon $($release.version)"
    $target = Join-Path $WorkDir $DaemonFile
    try {
        $response = Invoke-WebRequest -UseBasicParsing -Uri "$DcpApiUrl/api/providers/download/daemon" -Headers $headers -OutFile $target -PassThru
    } catch {
        Stop-Setup ("daemon download failed: " + (Get-GatewayAnswer $_))
    }
    # Windows PowerShell gives a header as a string, PowerShell 7 as an array of strings.
    $expected = [string](@($response.Headers['X-Checksum-SHA256']) | Select-Object -First 1)
    if (-not $expected) { Stop-Setup 'the gateway sent no X-Checksum-SHA256 header; not installing an unverified daemon' }
    $actual = (Get-FileHash -Algorithm SHA256 -LiteralPath $target).Hash.ToLowerInvariant()
    if ($expected.Trim().ToLowerInvariant() -ne $actual) { Stop-Setup "checksum mismatch (expected $expected, got $actual); not installing" }
    Say "Checksum verified ($actual)"
    return $target
}

# Only the current user (and SYSTEM, which runs scheduled tasks' bookkeeping) may open the install folder.
function Protect-Folder([string]$Path) {
    $user = [Security.Principal.WindowsIdentity]::GetCurrent().Name
    $acl = New-Object Security.AccessControl.DirectorySecurity
    $acl.SetAccessRuleProtection($true, $false)
    $inherit = [Security.AccessControl.InheritanceFlags]'ContainerInherit, ObjectInherit'
    $propagate = [Security.AccessControl.PropagationFlags]::None
    $allow = [Security.AccessControl.AccessControlType]::Allow
    $full = [Security.AccessControl.FileSystemRights]::FullControl
    $acl.AddAccessRule((New-Object Security.AccessControl.FileSystemAccessRule($user, $full, $inherit, $propagate, $allow)))
    $acl.AddAccessRule((New-Object Security.AccessControl.FileSystemAccessRule('NT AUTHORITY\SYSTEM', $full, $inherit, $propagate, $allow)))
    Set-Acl -LiteralPath $Path -AclObject $acl
}

function Quote-Literal([string]$Text) { return "'" + $Text.Replace("'", "''") + "'" }

# The daemon runs with --no-watchdog: its own watchdog would restart it with the key on its command line.
# This small loop restarts it instead, after any exit but a clean one (code 0).
function Write-Runner([string]$Python, [string]$DaemonPath) {
    $pythonw = Join-Path (Split-Path -Parent $Python) 'pythonw.exe'
    if (Test-Path -LiteralPath $pythonw) { $Python = $pythonw }
    $runner = Join-Path $InstallDir 'run-daemon.ps1'
    $lines = @(
        '$ErrorActionPreference = ''Continue'''
        ('$python = ' + (Quote-Literal $Python))
        ('$daemon = ' + (Quote-Literal $DaemonPath))
        ('Set-Location -LiteralPath ' + (Quote-Literal $InstallDir))
        'while ($true) {'
        '    $process = Start-Process -FilePath $python -ArgumentList @(''"'' + $daemon + ''"'', ''--no-watchdog'') -NoNewWindow -Wait -PassThru'
        '    if ($process.ExitCode -eq 0) { break }'
        '    Start-Sleep -Seconds 10'
        '}'
    )
    Set-Content -LiteralPath $runner -Value $lines -Encoding ASCII
    return $runner
}

function Register-DaemonTask([string]$Runner) {
    $user = [Security.Principal.WindowsIdentity]::GetCurrent().Name
    $arguments = '-NoProfile -NonInteractive -ExecutionPolicy Bypass -WindowStyle Hidden -File "{0}"' -f $Runner
    $action = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument $arguments -WorkingDirectory $InstallDir
    $trigger = New-ScheduledTaskTrigger -AtLogOn -User $user
    $settings = New-ScheduledTaskSettingsSet -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries -StartWhenAvailable `
        -ExecutionTimeLimit ([TimeSpan]::Zero) -RestartCount 3 -RestartInterval (New-TimeSpan -Minutes 1)
    $principal = New-ScheduledTaskPrincipal -UserId $user -LogonType Interactive -RunLevel Limited
    Stop-ScheduledTask -TaskName $TaskName -ErrorAction SilentlyContinue
    Register-ScheduledTask -TaskName $TaskName -Action $action -Trigger $trigger -Settings $settings -Principal $principal -Force | Out-Null
    Start-ScheduledTask -TaskName $TaskName
}

function Install-Provider {
    $python = Find-Python
    if (-not (Get-Command docker -ErrorAction SilentlyContinue)) { Write-Warning 'docker not found: jobs fall back to bare-metal execution' }
    if (-not (Get-Command nvidia-smi -ErrorAction SilentlyContinue)) { Write-Warning 'nvidia-smi not found: install the NVIDIA driver before taking GPU jobs' }
    $key = Read-ProviderKey
    $work = Join-Path ([IO.Path]::GetTempPath()) ('dcp-setup-' + [Guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $work | Out-Null
    try {
        Protect-Folder $work
        $downloaded = Get-Daemon $key $work
        $key = $null
        New-Item -ItemType Directory -Path $InstallDir -Force | Out-Null
        Protect-Folder $InstallDir
        $daemonPath = Join-Path $InstallDir $DaemonFile
        Stop-ScheduledTask -TaskName $TaskName -ErrorAction SilentlyContinue
        Move-Item -LiteralPath $downloaded -Destination $daemonPath -Force
        Say "Installed $daemonPath"
        $runner = Write-Runner $python $daemonPath
        Register-DaemonTask $runner
        Say "Scheduled task '$TaskName' started. Logs: $env:USERPROFILE\dc1-provider\logs\daemon.log"
    } finally {
        Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
    }
}

Install-Provider
