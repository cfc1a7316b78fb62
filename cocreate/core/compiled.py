"""Querysets compiled to SQL once per process and run again with other values, for reads on the busiest paths.

Django compiles a queryset to SQL each time it is evaluated. For a read with ``select_related`` and an annotation,
that compiling costs several times what running the query costs the database (about 0.5 ms of CPU for the decision a
ballot is cast in), and a ballot cast repeats the same two reads with only a key changed. No maintained library
caches compiled querysets, so this module does it by hand: it compiles a queryset built with a placeholder value,
finds that value among the SQL parameters, and later runs the same SQL with the real value, turning the rows into
model instances the way Django's own iterator does (``select_related`` objects and annotations included).

Only querysets whose parameters are all fixed but the placeholders may be compiled this way (no ``now()`` taken
from Python, no values read from settings that change); the tests of each use compare its results with the
queryset's own.
"""

import threading
from collections.abc import Callable
from functools import partial

from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.query import get_related_populators


class _Compiled:
    """One queryset's SQL, its parameters with the placeholders' positions, and how rows become instances."""

    def __init__(self, queryset: QuerySet, placeholders: dict):
        self.db = queryset.db
        compiler = queryset.query.get_compiler(using=self.db)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.positions = {}
        for name, value in placeholders.items():
            found = [i for i, param in enumerate(self.params) if param == value]
            if len(found) != 1:
                raise ValueError(f"The placeholder for {name!r} appears {len(found)} times in the query's parameters.")
            self.positions[name] = found[0]
        select, klass_info = compiler.select, compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in select[self.start : self.end]]
        self.annotations = dict(compiler.annotation_col_map or {})
        fetch_mode = queryset._fetch_mode
        self.from_db = partial(self.model.from_db, fetch_mode=fetch_mode)
        self.related = get_related_populators(klass_info, select, self.db, fetch_mode)
        self.compiler = compiler
        self.converters = compiler.get_converters([s[0] for s in select])

    def run(self, values: dict) -> list:
        params = list(self.params)
        for name, position in self.positions.items():
            params[position] = values[name]
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        found = []
        for row in rows:
            obj = self.from_db(self.db, self.init_list, row[self.start : self.end])
            for populator in self.related:
                populator.populate(row, obj)
            for name, position in self.annotations.items():
                setattr(obj, name, row[position])
            found.append(obj)
        return found


class CompiledQuery:
    """``build(**placeholders)`` returns a queryset; ``run(**values)`` evaluates it with ``values`` in place of the
    placeholders, from SQL compiled once per process and database.

    Each placeholder must be a value that appears exactly once among the compiled parameters (a primary key no row
    has, a string no one types); the value given to ``run`` must be what the field would store (the ORM's lookup
    preparation is not repeated).
    """

    def __init__(self, build: Callable[..., QuerySet], **placeholders):
        self.build = build
        self.placeholders = placeholders
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()
        self._model = None

    def _for(self, alias: str) -> _Compiled:
        compiled = self._compiled.get(alias)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(alias)
                if compiled is None:
                    compiled = _Compiled(self.build(**self.placeholders).using(alias), self.placeholders)
                    self._compiled[alias] = compiled
        return compiled

    def run(self, **values) -> list:
        if values.keys() != self.placeholders.keys():
            raise TypeError(f"Give exactly these values: {sorted(self.placeholders)}.")
        if self._model is None:
            self._model = self.build(**self.placeholders).model
        return self._for(router.db_for_read(self._model)).run(values)

    def first(self, **values):
        found = self.run(**values)
        return found[0] if found else None
