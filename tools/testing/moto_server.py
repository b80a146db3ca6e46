"""moto_server with two performance fixes for the tests; neither changes what moto answers.

1. TransactWriteItems snapshots each table once per transaction instead of once per item.

moto 5.2.1 (moto/dynamodb/models/__init__.py, transact_write_items) takes
copy.deepcopy(table) for every item of a transaction, before applying any of them, and keeps only
the last copy per table. Every copy is of the same, unmodified state, so taking it once per table
is the same snapshot, without the O(items x table size) cost that made a 100-item transaction on
a 1,000-item table take tens of seconds. Nothing else changes: the same code runs, rolls back
the same way, and moto's lack of isolation between concurrent transactions is untouched.

2. EventBridge target delivery parses its (default) input-path expressions with jsonpath_ng for
every event and rule, and jsonpath_ng builds a new LALR parser each time (~40 ms): 10 events
through a bus-to-bus rule took 2-6 s. The parsed expressions are immutable, so they are cached
by their text.

Usage: <python with moto> moto_server.py [moto_server arguments]
"""
import copy as _copy
import functools
import threading

import jsonpath_ng.ext as _jsonpath_ext

from moto.dynamodb import models as _dynamodb_models

_local = threading.local()


class _SnapshotOnceCopy:
    """Stands in for the `copy` module inside moto.dynamodb.models."""

    def __getattr__(self, name):
        return getattr(_copy, name)

    @staticmethod
    def deepcopy(obj, memo=None):
        cache = getattr(_local, "snapshots", None)
        if cache is None or not hasattr(obj, "items") or not hasattr(obj, "hash_key_attr"):
            return _copy.deepcopy(obj, memo)
        if id(obj) not in cache:
            cache[id(obj)] = _copy.deepcopy(obj)
        return cache[id(obj)]


_original = _dynamodb_models.DynamoDBBackend.transact_write_items


def _transact_write_items(self, transact_items):
    _local.snapshots = {}
    try:
        return _original(self, transact_items)
    finally:
        _local.snapshots = None


_dynamodb_models.copy = _SnapshotOnceCopy()
_jsonpath_ext.parse = functools.lru_cache(maxsize=256)(_jsonpath_ext.parse)
_dynamodb_models.DynamoDBBackend.transact_write_items = _transact_write_items

if __name__ == "__main__":
    from moto.server import main

    main()
