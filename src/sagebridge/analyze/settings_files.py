"""Config and settings files as bytes, whatever their encoding, and their secret-free copies.

    config.yaml (UTF-16 with BOM, 2 MB)   -> read, decoded, scanned for secrets, copied
    db.ini: password = hunter2hunter2     -> copied as   password = ${PASSWORD}
    huge.json (30 MB)                     -> not copied: a one-line warning says what to do

A file is decoded by its byte-order mark (UTF-8, UTF-16, UTF-32), else as UTF-8, else as
Latin-1, which maps every byte to one character and back: whatever the encoding, the text
can be scanned and the copy, re-encoded the same way, is the original byte for byte except
where a secret was replaced. Files up to MAX_SHIPPED_BYTES are scanned and shipped; a larger
one, or one that cannot be read, is neither, and gets a warning naming it.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from sagebridge.analyze.secrets import redact_config
from sagebridge.model import Secret

# SageMaker uploads code/ as one archive with every job: settings beyond this belong in S3.
MAX_SHIPPED_BYTES = 20_000_000
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class ConfigFile:
    path: str  # POSIX, relative to the project root
    text: str  # decoded; scanned for settings and secrets
    bom: bytes
    codec: str

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.codec)


def decode(path: str, data: bytes) -> ConfigFile:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return ConfigFile(path, data[len(bom) :].decode(codec), bom, codec)
            except UnicodeDecodeError:
                break
    codecs_to_try = ["utf-8", "latin-1"]
    if len(data) % 2 == 0 and data.count(0) * 3 > len(data):  # UTF-16 text without a mark
        wide = "utf-16-le" if data[1::2].count(0) > data[::2].count(0) else "utf-16-be"
        codecs_to_try.insert(0, wide)
    for codec in codecs_to_try:
        try:
            return ConfigFile(path, data.decode(codec), b"", codec)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")


def read_config_file(root: Path, relative: str) -> ConfigFile | str:
    """The file, or a one-line warning saying why it is neither scanned nor shipped."""
    path = root / relative
    try:
        size = path.stat().st_size
        if size > MAX_SHIPPED_BYTES:
            return (
                f"{relative}: {size / 1e6:.0f} MB, too large to scan or ship in code/; "
                "upload it to S3 and read it from a channel, or make it smaller"
            )
        data = path.read_bytes()
    except OSError as error:
        return (
            f"{relative}: cannot be read ({error.strerror}); not scanned for secrets nor "
            "copied into code/: make it readable and run again"
        )
    return decode(relative, data)


@dataclass(frozen=True)
class SettingsCopy:
    """What migrate ships of a settings file: its bytes, each secret value replaced by `${ENV}`
    (`secrets` says which, masked)."""

    data: bytes
    secrets: tuple[Secret, ...]


def redacted_copy(config: ConfigFile) -> SettingsCopy:
    text, secrets = redact_config(config.path, config.text)
    return SettingsCopy(config.encode(text), tuple(secrets))
