#!/usr/bin/env python3
"""Where the bytes of a saved search index go, read from its header.

    python3 benches/index_sizes.py DB/search-index.bin [...]

The header (see src/search/saved/mod.rs) counts the text bytes, fields, spellings, slots and
links; each part's size is its count times its record size in that format (spellings were 32
bytes up to format 3, 24 bytes from format 4).
"""
import os
import struct
import sys

for path in sys.argv[1:]:
    with open(path, "rb") as f:
        head = f.read(64)
    if head[:8] != b"ACCORDSI":
        sys.exit(f"{path}: not a saved search index")
    fmt = struct.unpack("<I", head[8:12])[0]
    text, fields, spans, slots, links, dead = struct.unpack("<6I", head[32:56])
    span = 32 if fmt <= 3 else 24
    parts = [
        ("text (UTF-8)", text, 1),
        ("fields", fields, 12),
        ("spellings", spans, span),
        ("entries", slots, 136),
        ("regions", slots, 36),
        ("links", links, 16),
    ]
    print(f"{path}: format {fmt}, {os.path.getsize(path) / 1e6:.1f} MB"
          f" ({dead} bytes of text released)")
    for name, count, size in parts:
        print(f"  {name:<14}{count:>12,} x {size:>3} B = {count * size / 1e6:8.2f} MB")
