; Inno Setup 6 script for Familiar: a per-user install of the PyInstaller one-dir bundle.
;
; Built on Windows by `python -m installer.build --setup`, which runs:
;   ISCC.exe /DMyAppVersion=<pyproject version> /DMyAppFileVersion=<a.b.c.d>
;            /DBundleDir=<repo>\dist\Familiar /DIconFile=<repo>\build\icons\familiar.ico
;            /O<repo>\dist installer\windows\familiar.iss
; The version is never written here: it comes from pyproject.toml through that command line.
;
; Closing a running Familiar: the app holds no window the Restart Manager could close
; (it lives in the tray), so the frozen app creates the named mutex "FamiliarRunning"
; (installer/rthooks/pyi_rth_familiar_mutex.py). Before installing and before uninstalling,
; [Code] below looks for it, asks Familiar to close (taskkill), waits, then ends it.
; CloseApplications=force stays as a second net for any other process holding our files.

#ifndef MyAppVersion
  #error Pass the version: ISCC /DMyAppVersion=x.y.z (python -m installer.build --setup does)
#endif
#ifndef MyAppFileVersion
  #define MyAppFileVersion "0.0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir AddBackslash(SourcePath) + "..\..\dist\Familiar"
#endif
#ifndef IconFile
  #define IconFile AddBackslash(SourcePath) + "..\..\build\icons\familiar.ico"
#endif

#define MyAppName "Familiar"
#define MyAppExeName "Familiar.exe"
#define MyAppMutex "FamiliarRunning"
; desktop/autostart.py: the start-at-login value Familiar writes for the user.
#define RunKey "Software\Microsoft\Windows\CurrentVersion\Run"
#define RunValueName "Familiar"

[Setup]
; Fixed forever: it is how Windows knows an upgrade from a second install.
AppId={{5C1B7E52-8A6F-4D0B-9F3E-2B7C64A1D9E8}
AppName={#MyAppName}
AppVersion={#MyAppVersion}
AppVerName={#MyAppName} {#MyAppVersion}
AppPublisher={#MyAppName}
VersionInfoVersion={#MyAppFileVersion}
VersionInfoProductVersion={#MyAppFileVersion}
; Per-user by default (no UAC prompt, installs under %LOCALAPPDATA%\Programs);
; the dialog lets an administrator install for all users instead.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#MyAppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
WizardStyle=modern
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#MyAppExeName}
UninstallDisplayName={#MyAppName}
OutputBaseFilename={#MyAppName}-{#MyAppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
CloseApplications=force
CloseApplicationsFilter=*.exe,*.dll,*.pyd
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-dir bundle: Familiar.exe and _internal\ (Python, Qt, resources).
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#MyAppName}"; Filename: "{app}\{#MyAppExeName}"
Name: "{autodesktop}\{#MyAppName}"; Filename: "{app}\{#MyAppExeName}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#MyAppExeName}"; Description: "{cm:LaunchProgram,{#MyAppName}}"; Flags: nowait postinstall skipifsilent

[Code]
const
  CloseWaitMs = 5000;

function FamiliarRunning(): Boolean;
begin
  Result := CheckForMutexes('{#MyAppMutex},Global\{#MyAppMutex}');
end;

function WaitUntilClosed(TimeoutMs: Integer): Boolean;
var
  Waited: Integer;
begin
  Waited := 0;
  while FamiliarRunning() and (Waited < TimeoutMs) do
  begin
    Sleep(250);
    Waited := Waited + 250;
  end;
  Result := not FamiliarRunning();
end;

{ Ask politely (WM_CLOSE), then end it: a tray app may have no window to close. }
function CloseFamiliar(): Boolean;
var
  ResultCode: Integer;
  Filter: String;
begin
  Result := True;
  if not FamiliarRunning() then
    exit;
  Log('Familiar is running: closing it');
  Filter := '/FI "USERNAME eq ' + GetUserNameString() + '" /IM {#MyAppExeName}';
  Exec(ExpandConstant('{sys}\taskkill.exe'), Filter, '', SW_HIDE, ewWaitUntilTerminated, ResultCode);
  if WaitUntilClosed(CloseWaitMs) then
    exit;
  Exec(ExpandConstant('{sys}\taskkill.exe'), '/F ' + Filter, '', SW_HIDE, ewWaitUntilTerminated, ResultCode);
  Result := WaitUntilClosed(CloseWaitMs);
end;

function PrepareToInstall(var NeedsRestart: Boolean): String;
begin
  Result := '';
  if not CloseFamiliar() then
    Result := 'Familiar is still running. Quit it from its tray icon, then run Setup again.';
end;

function InitializeUninstall(): Boolean;
begin
  Result := CloseFamiliar();
  if not Result then
    SuppressibleMsgBox('Familiar is still running. Quit it from its tray icon, then uninstall again.', mbError, MB_OK, IDOK);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usUninstall then
  begin
    { Start at login points at the exe being removed: drop it (HKCU, where the app writes it). }
    if RegValueExists(HKEY_CURRENT_USER, '{#RunKey}', '{#RunValueName}') then
      RegDeleteValue(HKEY_CURRENT_USER, '{#RunKey}', '{#RunValueName}');
  end;
end;
