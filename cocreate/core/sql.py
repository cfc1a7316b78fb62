"""Two writes the ORM cannot express in one statement, for the busiest paths (a support click runs both).

- ``insert_unless_present``: ``INSERT … ON CONFLICT DO NOTHING RETURNING``, which says whether a row was added. The
  ORM needs a savepoint around ``create()`` to survive the conflict (three round trips), and ``bulk_create`` with
  ``ignore_conflicts`` cannot tell whether it inserted.
- ``add_to_counter``: ``UPDATE … SET n = n + %s RETURNING n``, where ``update()`` and ``refresh_from_db()`` take two.

Both run on PostgreSQL and SQLite 3.35+ and fall back to the ORM elsewhere.
"""

from django.db import IntegrityError, connection, transaction


def _returning_supported() -> bool:
    return connection.vendor in ("postgresql", "sqlite") and connection.features.can_return_columns_from_insert


def insert_unless_present(model, conflict_fields: list[str], **values):
    """Insert a row unless one with the same ``conflict_fields`` (a unique constraint) exists; the new instance, or
    None when it existed."""
    instance = model(**values)
    if not _returning_supported():
        try:
            with transaction.atomic():
                instance.save(force_insert=True)
        except IntegrityError:
            return None
        return instance
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    params = [f.get_db_prep_save(f.pre_save(instance, add=True), connection) for f in fields]
    conflict = ", ".join(qn(meta.get_field(name).column) for name in conflict_fields)
    # Names come from the model's metadata, quoted; every value is a parameter.
    placeholders = ", ".join(["%s"] * len(fields))
    sql = (
        f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT ({conflict}) DO NOTHING RETURNING {qn(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = connection.alias
    return instance


def add_to_counter(obj, field: str, by: int) -> int:
    """Add ``by`` to a stored counter in the database and on ``obj``; the new value."""
    model = type(obj)
    if not _returning_supported():
        from django.db.models import F

        model._default_manager.filter(pk=obj.pk).update(**{field: F(field) + by})
        obj.refresh_from_db(fields=[field])
        return getattr(obj, field)
    meta = model._meta
    qn = connection.ops.quote_name
    column = qn(meta.get_field(field).column)
    sql = (
        f"UPDATE {qn(meta.db_table)} SET {column} = {column} + %s "  # noqa: S608  (names from the model, as above)
        f"WHERE {qn(meta.pk.column)} = %s RETURNING {column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [by, obj.pk])
        row = cursor.fetchone()
    if row is None:
        raise model.DoesNotExist()
    setattr(obj, field, row[0])
    return row[0]
