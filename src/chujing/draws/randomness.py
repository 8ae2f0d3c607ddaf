"""The draw's only source of randomness: an HMAC-SHA256 stream keyed by the revealed seed.

Block i of the stream labelled L is HMAC-SHA256(key=seed, msg=UTF-8(L) || 0x00 || i as
8-byte big-endian), i = 0, 1, 2, ... An integer below m takes the first 8 bytes of the next
block as a big-endian number x and returns x mod m, unless x falls in the incomplete last
interval (x >= 2^64 - 2^64 mod m), in which case it takes the next block (rejection sampling,
so every result is exactly uniform).
"""

import hashlib
import hmac

_SPACE = 1 << 64


class RandomStream:
    """Uniform integers from one labelled HMAC-SHA256 stream."""

    def __init__(self, seed: bytes, label: str) -> None:
        self._seed = seed
        self._prefix = label.encode("utf-8") + b"\x00"
        self._counter = 0

    def block(self) -> bytes:
        """The next 32-byte block of the stream."""
        message = self._prefix + self._counter.to_bytes(8, "big")
        self._counter += 1
        return hmac.new(self._seed, message, hashlib.sha256).digest()

    def below(self, m: int) -> int:
        """A uniform integer in [0, m)."""
        if m < 1:
            raise ValueError("m must be at least 1")
        limit = _SPACE - _SPACE % m
        while True:
            x = int.from_bytes(self.block()[:8], "big")
            if x < limit:
                return x % m
