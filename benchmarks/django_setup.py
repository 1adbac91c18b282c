"""What every benchmark script does first: put the project on the path, start Django, and
count the queries of a block of code."""

import os
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    """Start Django with the test settings unless DJANGO_SETTINGS_MODULE says otherwise."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "longbien_eval.settings.test")
    import django

    django.setup()


@contextmanager
def count_queries():
    """``{"queries": N}``: the number of SQL statements sent inside the block."""
    from django.db import connection

    counted = {"queries": 0}

    def wrapper(execute, sql, params, many, context):
        counted["queries"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield counted
