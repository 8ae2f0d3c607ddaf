"""Text files to UTF-8, incrementally: encoding detection, per-line fallback for mixed
encodings, NUL removal and a bound on line length — so that Arrow's CSV parser only
ever sees valid UTF-8 in bounded blocks.

Chunks are cut at newlines: 0x0A never occurs inside a GBK or GB18030 character, so
each chunk decodes on its own. UTF-8 passes through untouched once Arrow has checked it;
GBK and GB18030 go through the C library's iconv (``iconv.py``), else Python's codecs.
"""

import io
import os
from typing import BinaryIO

from chujing.scan.errors import ScanError, Warn
from chujing.scan.iconv import Transcoder

CHUNK = 2 << 20  # ≤ MAX_LINE: a line longer than MAX_LINE spans chunks
MAX_LINE = 2 << 20
HEAD = 1 << 16

_MAGIC = {
    b"PK\x03\x04": "ZIP/XLSX 压缩包",
    b"PAR1": "Parquet 文件",
    b"%PDF": "PDF 文件",
    b"\x89PNG": "PNG 图片",
    b"\xff\xd8\xff": "JPEG 图片",
    b"\x1f\x8b": "gzip 压缩文件",
    b"SQLite format 3": "SQLite 数据库",
    b"\xd0\xcf\x11\xe0": "旧版 Office 文件（如 .xls，请另存为 .xlsx 或 CSV）",
}


_CONTROL = [c for c in range(32) if c not in (9, 10, 13)] + [127]


def detect_encoding(head: bytes, name: str) -> str:
    """The codec of a text file from its first bytes; ScanError if it is not text."""
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            raise ScanError(f"{name}：这是{what}，不是文本表格")
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ScanError(f"{name}：不支持 UTF-16 编码，请另存为 UTF-8 或 GBK")
    if head.count(b"\x00") > max(8, len(head) // 100):
        raise ScanError(f"{name}：含大量 NUL 字节，看起来是二进制文件而不是文本表格")
    controls = sum(head.count(bytes([c])) for c in _CONTROL)
    if controls > max(8, len(head) // 100):
        raise ScanError(f"{name}：含大量控制字符，看起来是二进制文件而不是文本表格")
    cut = head.rfind(b"\n") + 1 if len(head) >= HEAD else len(head)
    sample = head[: cut or len(head)].replace(b"\x00", b"")
    for codec in ("utf-8", "gbk", "gb18030"):
        try:
            sample.decode(codec)
        except UnicodeDecodeError:
            continue
        return codec
    bad = sample.decode("gb18030", errors="replace").count("\ufffd")
    bad_utf8 = sample.decode("utf-8", errors="replace").count("\ufffd")
    if min(bad, bad_utf8) > max(4, len(sample) // 50):
        raise ScanError(f"{name}：无法识别为 UTF-8、GBK 或 GB18030 文本，看起来是二进制文件")
    return "utf-8" if bad_utf8 <= bad else "gb18030"


class Utf8Stream(io.RawIOBase):
    """A read-only byte stream yielding the file's lines as valid UTF-8."""

    def __init__(self, raw: BinaryIO, encoding: str, name: str, warn: Warn) -> None:
        self._raw = raw
        self._codec = "utf-8" if encoding == "utf-8-sig" else encoding
        self._name = name
        self._warn = warn
        self._pending = b""
        self._out = b""
        self._offset = 0  # where ``_pending`` starts in the file
        self._counted = (0, 1)  # (offset, number of the line there): line numbers, lazily
        self._skipping = False
        self._eof = False
        self._first = True
        self._nul_warned = False
        self._utf8_seen = False  # non-ASCII UTF-8 has been read: the guess is confirmed
        self._iconv = None if self._codec == "utf-8" else Transcoder.open(self._codec)

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        """Up to ``size`` bytes of UTF-8: a chunk of whole lines as it comes (Arrow takes
        short reads; b"" only at the end)."""
        while not self._out and not self._eof:
            self._fill()
        if size is None or size < 0 or size >= len(self._out):
            out, self._out = self._out, b""
            return out
        out, self._out = self._out[:size], self._out[size:]
        return out

    def readinto(self, buffer: "memoryview | bytearray") -> int:  # type: ignore[override]
        out = self.read(len(buffer))
        buffer[: len(out)] = out
        return len(out)

    def __del__(self) -> None:
        # Not in close(): Arrow's read-ahead may still call read() after the caller is
        # done; the descriptor goes when the last reference does.
        if self._iconv is not None:
            self._iconv.close()
            self._iconv = None
        super().__del__()

    def _fill(self) -> None:
        chunk = self._raw.read(CHUNK)
        if self._first:
            self._first = False
            if chunk.startswith(b"\xef\xbb\xbf"):
                chunk = chunk[3:]
                self._offset = 3
                self._counted = (3, 1)
        if not chunk:
            self._eof = True
            if self._pending and not self._skipping:
                self._out = self._convert(self._pending + b"\n", self._offset)
            self._pending = b""
            return
        if self._skipping:
            nl = chunk.find(b"\n")
            if nl < 0:
                self._offset += len(chunk)
                return
            chunk = chunk[nl + 1 :]
            self._offset += nl + 1
            self._skipping = False
        data = self._pending + chunk if self._pending else chunk
        first = data.find(b"\n")
        if first > MAX_LINE:  # the pending line ends here, too long
            self._too_long(self._offset)
            data = data[first + 1 :]
            self._offset += first + 1
        last = data.rfind(b"\n")
        if last < 0:
            if len(data) > MAX_LINE:
                self._too_long(self._offset)
                self._offset += len(data)
                self._pending = b""
                self._skipping = True
            else:
                self._pending = data
            return
        complete, self._pending = data[: last + 1], data[last + 1 :]
        start, self._offset = self._offset, self._offset + last + 1
        self._out = self._convert(complete, start)

    def _too_long(self, at: int) -> None:
        self._warn(f"{self._name} 第 {self._line_at(at)} 行超过 {MAX_LINE >> 20} MB，已跳过")

    def _line_at(self, offset: int) -> int:
        """The number of the line at a byte offset of the file, counted only when a warning
        needs it (reading the file again from where the last count stopped)."""
        done, line = self._counted
        fd = self._raw.fileno()
        while done < offset:
            block = os.pread(fd, min(16 << 20, offset - done), done)
            if not block:
                break
            line += block.count(b"\n")
            done += len(block)
        self._counted = (done, line)
        return line

    def _convert(self, complete: bytes, start: int) -> bytes:
        if b"\x00" in complete:
            if not self._nul_warned:
                at = self._line_at(start + complete.find(b"\x00"))
                self._warn(f"{self._name} 第 {at} 行起含 NUL 字节，已删除")
                self._nul_warned = True
            complete = complete.replace(b"\x00", b"")
        if self._codec == "utf-8":
            if is_utf8(complete):
                self._utf8_seen = self._utf8_seen or not complete.isascii()
                return complete
            if not self._utf8_seen and self._all_gb18030(complete):
                # The head was plain ASCII, so "UTF-8" was a guess: the file is GB18030.
                at = self._line_at(start)
                self._warn(f"{self._name} 自第 {at} 行起含中文，按 GB18030 解码")
                self._codec = "gb18030"
                self._iconv = Transcoder.open(self._codec)
                return self._decoded(complete, start)
            return self._convert_lines(complete, start)
        return self._decoded(complete, start)

    def _decoded(self, complete: bytes, start: int) -> bytes:
        """A chunk in GBK or GB18030 as UTF-8; per line where whole-chunk decoding fails."""
        if self._iconv is not None:
            out = self._iconv.convert(complete)
            if out is not None:
                return out
        try:
            return complete.decode(self._codec).encode("utf-8")
        except UnicodeDecodeError:
            return self._convert_lines(complete, start)

    @staticmethod
    def _all_gb18030(complete: bytes) -> bool:
        try:
            complete.decode("gb18030")
        except UnicodeDecodeError:
            return False
        return True

    def _convert_lines(self, complete: bytes, start: int) -> bytes:
        """Mixed encodings: decode line by line, falling back to the other codec."""
        other = "gb18030" if self._codec == "utf-8" else "utf-8"
        first_line = self._line_at(start)
        out = []
        for offset, line in enumerate(complete.split(b"\n")[:-1]):
            try:
                text = line.decode(self._codec)
            except UnicodeDecodeError:
                try:
                    text = line.decode(other)
                    self._warn(
                        f"{self._name} 第 {first_line + offset} 行编码为 {other}，已按其解码"
                    )
                except UnicodeDecodeError:
                    text = line.decode(self._codec, errors="replace")
                    self._warn(f"{self._name} 第 {first_line + offset} 行含无法解码的字节，已替换")
            out.append(text.encode("utf-8"))
        out.append(b"")
        return b"\n".join(out)


def is_utf8(data: bytes) -> bool:
    """Whether bytes are valid UTF-8, checked by Arrow without decoding them to ``str``."""
    import numpy as np
    import pyarrow as pa

    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64).tobytes())
    one = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        one.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True
