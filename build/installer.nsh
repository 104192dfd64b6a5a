; Included by electron-builder's NSIS installer (electron-builder.yml: nsis.include).
; Hosting a room needs an inbound TCP port, so the installer adds a Windows Firewall rule for the app itself
; (any port it listens on, TCP only) and the uninstaller removes it. The rule is for private and domain networks
; only, and only for addresses on the local subnet: on a network marked Public (a cafe, an airport) nobody can reach
; a room hosted here, and nobody from beyond the local subnet can either.
; Changing firewall rules needs administrator rights. A per-machine ("all users") install already runs elevated;
; a per-user install asks once, and a "no" only means Windows asks again the first time a room is hosted.

!define SARANGBANG_RULE 'name="${PRODUCT_NAME}"'
!define SARANGBANG_ADD_RULE 'advfirewall firewall add rule ${SARANGBANG_RULE} dir=in action=allow protocol=TCP profile=private,domain remoteip=localsubnet enable=yes program="$INSTDIR\${APP_EXECUTABLE_FILENAME}" description="Lets people on your network join chat rooms you host in ${PRODUCT_NAME}."'
!define SARANGBANG_DELETE_RULE 'advfirewall firewall delete rule ${SARANGBANG_RULE}'

!macro customInstall
  ; Replace a rule left by an earlier install: the install folder may have changed.
  nsExec::Exec '"$SYSDIR\netsh.exe" ${SARANGBANG_DELETE_RULE}'
  Pop $0
  nsExec::Exec '"$SYSDIR\netsh.exe" ${SARANGBANG_ADD_RULE}'
  Pop $0
  ${If} $0 != 0
    ; Not elevated. Reading rules needs no rights: do not ask again if an earlier install's rule is still there.
    nsExec::Exec '"$SYSDIR\netsh.exe" advfirewall firewall show rule ${SARANGBANG_RULE}'
    Pop $0
  ${EndIf}
  ${If} $0 != 0
  ${AndIfNot} ${Silent}
    MessageBox MB_YESNO|MB_ICONQUESTION "Let people on your network join chat rooms you host?$\r$\n$\r$\nWindows will ask for permission to add a firewall rule for ${PRODUCT_NAME}." /SD IDNO IDNO sarangbang_install_rule_done
    ExecShellWait "runas" "$SYSDIR\netsh.exe" '${SARANGBANG_ADD_RULE}' SW_HIDE
    sarangbang_install_rule_done:
  ${EndIf}
!macroend

!macro customUnInstall
  ; An update runs the old uninstaller first; the new install puts the rule back, so leave it alone then.
  ${IfNot} ${isUpdated}
    ; The app registers sarangbang: room links for the user when it starts (app.setAsDefaultProtocolClient).
    DeleteRegKey HKCU "Software\Classes\sarangbang"
    nsExec::Exec '"$SYSDIR\netsh.exe" advfirewall firewall show rule ${SARANGBANG_RULE}'
    Pop $0
    ${If} $0 == 0
      nsExec::Exec '"$SYSDIR\netsh.exe" ${SARANGBANG_DELETE_RULE}'
      Pop $0
      ${If} $0 != 0
      ${AndIfNot} ${Silent}
        ExecShellWait "runas" "$SYSDIR\netsh.exe" '${SARANGBANG_DELETE_RULE}' SW_HIDE
      ${EndIf}
    ${EndIf}
  ${EndIf}
!macroend
