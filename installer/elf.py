"""The direct dependencies (DT_NEEDED) of an ELF shared library, read with the standard library.

Why not `ldd`: it lists the whole transitive closure, through system libraries
too, so a library reached only through libsystemd (libgcrypt, say) would look
needed by Qt. Why not `readelf`: binutils is not always installed.
"""

from __future__ import annotations

import struct
from pathlib import Path

_PT_LOAD = 1
_PT_DYNAMIC = 2
_DT_NULL = 0
_DT_NEEDED = 1
_DT_STRTAB = 5


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"\x7fELF"
    except OSError:
        return False


def needed(path: Path) -> list[str]:
    """DT_NEEDED names of `path`, in order; [] for a static or non-ELF file."""
    data = path.read_bytes()
    if data[:4] != b"\x7fELF":
        return []
    is64 = data[4] == 2
    order = "<" if data[5] == 1 else ">"
    if is64:
        (phoff,) = struct.unpack_from(order + "Q", data, 0x20)
        phentsize, phnum = struct.unpack_from(order + "HH", data, 0x36)
    else:
        (phoff,) = struct.unpack_from(order + "I", data, 0x1C)
        phentsize, phnum = struct.unpack_from(order + "HH", data, 0x2A)

    loads: list[tuple[int, int, int]] = []  # (vaddr, offset, filesz)
    dynamic: tuple[int, int] | None = None  # (offset, filesz)
    for index in range(phnum):
        base = phoff + index * phentsize
        if is64:
            p_type, _flags, offset, vaddr, _paddr, filesz = struct.unpack_from(order + "IIQQQQ", data, base)
        else:
            p_type, offset, vaddr, _paddr, filesz = struct.unpack_from(order + "IIIII", data, base)
        if p_type == _PT_LOAD:
            loads.append((vaddr, offset, filesz))
        elif p_type == _PT_DYNAMIC:
            dynamic = (offset, filesz)
    if dynamic is None:
        return []

    entry_format = order + ("qQ" if is64 else "iI")
    entry_size = struct.calcsize(entry_format)
    names: list[int] = []
    strtab_vaddr: int | None = None
    offset, size = dynamic
    for position in range(offset, offset + size, entry_size):
        tag, value = struct.unpack_from(entry_format, data, position)
        if tag == _DT_NULL:
            break
        if tag == _DT_NEEDED:
            names.append(value)
        elif tag == _DT_STRTAB:
            strtab_vaddr = value
    if strtab_vaddr is None:
        return []
    strtab = _file_offset(strtab_vaddr, loads)
    result = []
    for name_offset in names:
        start = strtab + name_offset
        result.append(data[start : data.index(b"\0", start)].decode("utf-8", "replace"))
    return result


def _file_offset(vaddr: int, loads: list[tuple[int, int, int]]) -> int:
    for segment_vaddr, offset, filesz in loads:
        if segment_vaddr <= vaddr < segment_vaddr + filesz:
            return vaddr - segment_vaddr + offset
    raise ValueError(f"address {vaddr:#x} is in no loaded segment")
