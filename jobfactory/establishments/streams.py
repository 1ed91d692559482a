"""A pass-through binary stream that reports progress and can read ahead on a thread. No Django."""

import io
import queue
import threading
from collections.abc import Callable

ProgressCallback = Callable[[int, int], None]  # (done, total): bytes, or Parquet row groups
READ_AHEAD_CHUNK = 1 << 20


class CountingReader(io.RawIOBase):
    """Passes a binary stream through, telling the progress callback how many bytes went by.

    With `prefetch`, a thread reads ahead: inflating the zip member (zlib lets go of the GIL) then runs
    while pyarrow parses the previous block, instead of one after the other.
    """

    def __init__(self, raw, total: int, progress: ProgressCallback | None, *, prefetch: int = 0):
        self._raw, self._total, self._progress, self.done = raw, total, progress, 0
        self._pending = memoryview(b"")
        self._eof = False
        self._queue = self._thread = None
        self._stop = threading.Event()
        if prefetch:
            self._queue = queue.Queue(maxsize=prefetch)
            self._thread = threading.Thread(target=self._read_ahead, name="sirene-read-ahead", daemon=True)
            self._thread.start()

    def _read_ahead(self):
        try:
            while not self._stop.is_set():
                chunk = self._raw.read(READ_AHEAD_CHUNK)
                self._put(chunk)
                if not chunk:
                    return
        except BaseException as error:  # handed to the reading thread, which raises it
            self._put(error)

    def _put(self, item):
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def _next_chunk(self) -> bytes:
        if self._eof:
            return b""
        item = self._raw.read(READ_AHEAD_CHUNK) if self._queue is None else self._queue.get()
        if isinstance(item, BaseException):
            raise item
        self._eof = not item
        return item

    def readable(self):
        return True

    def readinto(self, buffer):
        size = 0
        wanted = len(buffer)
        while size < wanted:
            if not self._pending:
                self._pending = memoryview(self._next_chunk())
                if not self._pending:
                    break
            take = min(wanted - size, len(self._pending))
            buffer[size:size + take] = self._pending[:take]
            self._pending = self._pending[take:]
            size += take
        self.done += size
        if self._progress and size:
            self._progress(self.done, self._total)
        return size

    def close(self):
        self._stop.set()
        if self._thread is not None:
            while self._thread.is_alive():
                try:
                    self._queue.get(timeout=0.1)
                except queue.Empty:
                    continue
            self._thread = None
        super().close()
