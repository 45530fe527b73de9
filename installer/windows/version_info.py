"""The Windows version resource of Familiar.exe (Properties → Details), from the package version."""

from __future__ import annotations

from pathlib import Path

from installer import project


def file_version(version: str) -> tuple[int, int, int, int]:
    """Four numbers, as Windows wants: 0.1.0rc1 → (0, 1, 0, 0)."""
    numbers: list[int] = []
    for part in version.split(".")[:4]:
        digits = ""
        for char in part:
            if not char.isdigit():
                break
            digits += char
        numbers.append(int(digits or 0))
    return (*numbers, 0, 0, 0, 0)[:4]  # type: ignore[return-value]


def render(version: str) -> str:
    """A PyInstaller version file (the `VSVersionInfo(...)` repr PyInstaller evaluates)."""
    numbers = file_version(version)
    strings = {
        "CompanyName": project.APP_NAME,
        "FileDescription": project.APP_NAME,
        "FileVersion": version,
        "InternalName": project.APP_NAME,
        "OriginalFilename": project.exe_name("win32"),
        "ProductName": project.APP_NAME,
        "ProductVersion": version,
        "LegalCopyright": "MIT License",
    }
    string_structs = ",\n          ".join(f"StringStruct({key!r}, {value!r})" for key, value in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers!r}, prodvers={numbers!r}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
          {string_structs}])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def write(path: Path, version: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(version), encoding="utf-8")
    return path
