"""The record's one handle: a connection with every read and write, put together from the
mixins beside it (each over coach.store.connection.Connection)."""

from __future__ import annotations

from coach.store.digests import Digests
from coach.store.merge import Merge
from coach.store.reads import Reads
from coach.store.writes import Writes


class Store(Writes, Merge, Reads, Digests):
    """One open connection to the data file; not shared between threads.

    `Store.open(path)` creates the file (0600, in a 0700 folder) or brings an older one up to
    date; writes commit before they return; reads see one moment of the record.
    """
