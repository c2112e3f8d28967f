"""Model fields whose values are sealed at rest (lib.crypto) with the keys of
the settings, and the blind index that finds a sealed value.

The application reads and writes plain values; the database holds only the
sealed text. A sealed value cannot be compared in SQL, so a lookup by value
(``filter(address=...)``) is refused loudly rather than silently finding
nothing: find by the blind index instead (``Participant.objects.with_nik``).
The empty value stays empty (a blank address is not a secret worth a
ciphertext, and ``filter(address="")`` keeps working).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Combinable
from django.dispatch import receiver

from lib import crypto


@functools.cache
def keyring() -> crypto.KeyRing:
    return crypto.KeyRing(crypto.parse_keys(settings.FIELD_ENCRYPTION_KEYS))


@functools.cache
def _index_key() -> bytes:
    return crypto.parse_keys(settings.BLIND_INDEX_KEY)[0]


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs: Any) -> None:
    # Tests that rotate keys with override_settings must see the new ring.
    if setting in {"FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY"}:
        keyring.cache_clear()
        _index_key.cache_clear()


def encrypt(text: str) -> str:
    return keyring().encrypt(text) if text else ""


def decrypt(stored: str) -> str:
    return keyring().decrypt(stored) if stored else ""


def blind_index(value: str) -> str:
    return crypto.blind_index(_index_key(), value)


class NotSearchable(TypeError):
    """A lookup by the value of a sealed field."""


class EncryptedMixin:
    """Seals on the way into the database, opens on the way out."""

    name: str

    def get_internal_type(self) -> str:
        # A text column whatever the plain value's length: the sealed form is longer.
        return "TextField"

    def from_db_value(self, value: str | None, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        return None if value is None else self.from_plain(decrypt(value))

    def get_db_prep_save(self, value: Any, connection: BaseDatabaseWrapper) -> Any:
        if value is None or hasattr(value, "as_sql"):
            return value
        return encrypt(self.to_plain(value))

    def get_lookup(self, lookup_name: str) -> Any:
        # Pattern lookups (icontains, startswith...) never prepare their value: they
        # would search the ciphertext and silently find nothing. Exact and in reach
        # get_prep_value, which refuses a value; isnull and "" stay useful.
        if lookup_name not in {"exact", "in", "isnull"}:
            raise NotSearchable(f"{self.name} is encrypted: no {lookup_name} lookup (use its blind index)")
        return super().get_lookup(lookup_name)  # type: ignore[misc]

    def get_prep_value(self, value: Any) -> Any:
        if value is None or value == "":
            return value
        raise NotSearchable(f"{self.name} is encrypted: it cannot be looked up by value (use its blind index)")

    def from_plain(self, text: str) -> Any:
        return text

    def to_plain(self, value: Any) -> str:
        return str(value)


class EncryptedCharField(EncryptedMixin, models.CharField[str | int | Combinable, str]):
    """A CharField (``max_length`` checks the plain value) kept sealed."""


class EncryptedTextField(EncryptedMixin, models.TextField[str | Combinable, str]):
    pass


class EncryptedJSONField(EncryptedMixin, models.TextField[Any, Any]):
    """JSON kept sealed as one value: for staging data that is only read whole."""

    if TYPE_CHECKING:  # what django-stubs' plugin types the attribute as: JSON, not text
        _pyi_private_set_type: Any
        _pyi_private_get_type: Any

    def from_plain(self, text: str) -> Any:
        return json.loads(text) if text else None

    def to_plain(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    def get_db_prep_save(self, value: Any, connection: BaseDatabaseWrapper) -> Any:
        if value is None or hasattr(value, "as_sql"):
            return value
        return keyring().encrypt(self.to_plain(value))

    def to_python(self, value: Any) -> Any:
        return value

    def value_to_string(self, obj: models.Model) -> str:
        return self.to_plain(self.value_from_object(obj))


def encrypted_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [field for field in model._meta.concrete_fields if isinstance(field, EncryptedMixin)]


def encrypted_names(model: type[models.Model]) -> frozenset[str]:
    return frozenset(field.name for field in encrypted_fields(model))


class BlindIndexField(models.CharField[str | int | Combinable, str]):
    """The blind index of the field named ``source``, kept in step whenever the
    row is written: by ``save()`` (with ``source`` in ``update_fields``, the
    model adds this one) and by ``bulk_create``, which both call ``pre_save``."""

    def __init__(self, *args: Any, source: str, **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", crypto.BLIND_INDEX_CHARACTERS)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        if kwargs.get("max_length") == crypto.BLIND_INDEX_CHARACTERS:
            del kwargs["max_length"]
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = getattr(model_instance, self.source)
        index = blind_index(value) if value else ""
        setattr(model_instance, self.attname, index)
        return index


# --- sealing rows already written: the data migrations and key rotation ----------


@dataclass(frozen=True)
class Columns:
    """The sealed columns of one table, by name, as a migration freezes them:
    ``index`` maps a blind-index column to the column it is the index of."""

    table: str
    columns: tuple[str, ...]
    index: Mapping[str, str] = dataclass_field(default_factory=dict)
    key: str = "id"  # a whole number, walked in order


def reseal_batch(
    table: Columns, *, after: int, batch: int, unseal: bool = False, using: str = DEFAULT_DB_ALIAS
) -> tuple[int | None, int]:
    """Seal with the newest key the next ``batch`` rows of ``table`` (by key,
    after ``after``) that hold a plain value or one sealed with an older key,
    and fill their blind indexes; with ``unseal``, write the plain values back
    instead (a migration undone). Returns the last key looked at (None when
    the table is done) and how many rows were written.

    Only rows that need it are read, found by the newest key's prefix, so a
    run stopped anywhere starts again where the work is, and a finished table
    costs one scan. Call it inside a transaction: a batch is written whole or
    not at all."""
    ring, connection = keyring(), connections[using]
    quote = connection.ops.quote_name
    key = quote(table.key)
    if unseal:
        pending = [f"{quote(c)} LIKE %s" for c in table.columns]
        params = [f"{crypto.VERSION}.%"] * len(table.columns)
    else:
        pending = [f"({quote(c)} <> '' AND {quote(c)} NOT LIKE %s)" for c in table.columns]
        pending += [f"{quote(c)} = ''" for c in table.index]
        params = [ring.current_prefix + "%"] * len(table.columns)
    select = (
        f"SELECT {key}, {', '.join(quote(c) for c in table.columns)} FROM {quote(table.table)} "  # noqa: S608
        f"WHERE {key} > %s AND ({' OR '.join(pending)}) ORDER BY {key} LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(select, [after, *params, batch])
        rows = cursor.fetchall()
        if not rows:
            return None, 0
        if unseal:
            targets, updates = table.columns, [[*(_opened(ring, v) for v in row[1:]), row[0]] for row in rows]
        else:
            targets, updates = (*table.columns, *table.index), [_resealed(ring, table, row) for row in rows]
        assignments = ", ".join(f"{quote(c)} = %s" for c in targets)
        update = f"UPDATE {quote(table.table)} SET {assignments} WHERE {key} = %s"  # noqa: S608
        cursor.executemany(update, updates)
    return int(rows[-1][0]), len(rows)


def _resealed(ring: crypto.KeyRing, table: Columns, row: Sequence[Any]) -> list[Any]:
    key, stored = row[0], row[1:]
    plain = [_opened(ring, value) for value in stored]
    sealed = [ring.encrypt(text) if text else value for text, value in zip(plain, stored, strict=True)]
    named = dict(zip(table.columns, plain, strict=True))
    indexes = [blind_index(named[source]) if named[source] else "" for source in table.index.values()]
    return [*sealed, *indexes, key]


def _opened(ring: crypto.KeyRing, value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    # A plain value (written before encryption) is sealed as it is.
    return ring.decrypt(text) if crypto.is_sealed(text) else text


def reseal(table: Columns, *, batch: int = 1000, unseal: bool = False, using: str = DEFAULT_DB_ALIAS) -> int:
    """Every row of ``table`` that needs it, one transaction per batch: a run
    stopped part way keeps the batches it finished."""
    after: int | None = -1
    written = 0
    while after is not None:
        with transaction.atomic(using=using):
            after, count = reseal_batch(table, after=after, batch=batch, unseal=unseal, using=using)
        written += count
    return written


def sealed_tables() -> list[Columns]:
    """Every table with sealed columns, as the models are now (rotation reads these;
    migrations freeze their own lists)."""
    from django.apps import apps  # noqa: PLC0415 - the registry is ready only once Django is set up

    tables = []
    for model in apps.get_models():
        fields = encrypted_fields(model)
        if fields:
            index = {f.column: _column(model, f.source) for f in _blind_indexes(model)}
            tables.append(Columns(model._meta.db_table, tuple(f.column for f in fields), index, model._meta.pk.column))
    return sorted(tables, key=lambda table: table.table)


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # noqa: S101 - a blind index names a column of its model
    return str(field.column)


def _blind_indexes(model: type[models.Model]) -> list[BlindIndexField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, BlindIndexField)]


def pending(table: Columns, *, using: str = DEFAULT_DB_ALIAS) -> int:
    """How many rows of ``table`` hold a value not sealed with the newest key."""
    connection = connections[using]
    quote = connection.ops.quote_name
    waiting = " OR ".join(f"({quote(c)} <> '' AND {quote(c)} NOT LIKE %s)" for c in table.columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {quote(table.table)} WHERE {waiting}",  # noqa: S608 - names from the models
            [keyring().current_prefix + "%"] * len(table.columns),
        )
        (count,) = cursor.fetchone()
    return int(count)
