@echo off
rem gwr offline install: a venv next to this script (or in the folder given as argument),
rem packages from the wheels folder only, never from the network.
setlocal
set "VENV=%~1"
if "%VENV%"=="" set "VENV=%~dp0venv"
set "PY="
for %%v in (@VERSIONS@) do if not defined PY (py -%%v -c "" >nul 2>&1 && set "PY=py -%%v")
if not defined PY (python -c "import sys; sys.exit(sys.version_info[:2] not in @TUPLES@)" >nul 2>&1 && set "PY=python")
if not defined PY (echo gwr: needs Python @SPAN@ from python.org, none found & goto :fail)
%PY% -m venv "%VENV%" || goto :fail
"%VENV%\Scripts\python.exe" -m pip install --no-index --find-links "%~dp0wheels" -c "%~dp0constraints.txt" --disable-pip-version-check --upgrade gwr || goto :fail
echo.
echo gwr installed. Run:  "%VENV%\Scripts\gwr.exe" --help
echo Or first:  "%VENV%\Scripts\activate.bat"   then:  gwr --help
set "RC=0"
goto :end
:fail
echo gwr: installation failed, see the messages above.
set "RC=1"
:end
if "%~1"=="" pause
exit /b %RC%
