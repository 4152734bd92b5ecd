"""Model constraints' conditions decided in Python where that is certain, before Django asks the database.

``Model.validate_constraints`` checks each ``CheckConstraint`` (and the condition of each conditional
``UniqueConstraint``) with a query, ``SELECT 1 WHERE <condition on the instance's values>``, inside a savepoint when a
transaction is open: three statements for ``amount >= 0``. A filing is validated twice (the form, then the service)
and each time asked the database five times, a tenth of the statements of a month-end filing post.

``PythonConstraintsMixin`` decides a condition in Python when every part of it is a plain comparison of a field's
plain value (a number, a string, a date, a boolean) with a constant, as SQL would; anything else (a NULL, an
expression, a lookup not listed here, values of different kinds) goes to Django's own check, unchanged. A violated
check gives the same error as Django's; a conditional unique constraint whose condition does not hold for the
instance cannot be violated, and is not queried. tests/core/test_constraints.py holds it to Django's answers.
"""

import datetime as dt
import operator
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, router

UNDECIDED = None
_COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}
_DATE_PARTS = {"day": "day", "month": "month", "year": "year"}


def _kind(value):
    """The kind of a plain value, or None for anything SQL might compare differently from Python."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | Decimal):
        return "number"
    if isinstance(value, str):
        return "text"
    if type(value) is dt.date:  # a datetime's day depends on the database's time zone
        return "date"
    return None


def _lookup(model, path: str, rhs, instance):
    name, *parts = path.split("__")
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return UNDECIDED
    if not field.concrete or field.many_to_many:
        return UNDECIDED
    value = getattr(instance, field.attname)
    lookup = parts.pop() if parts and (parts[-1] in _COMPARISONS or parts[-1] == "in") else "exact"
    for part in parts:
        if part not in _DATE_PARTS or _kind(value) != "date":
            return UNDECIDED
        value = getattr(value, _DATE_PARTS[part])
    kind = _kind(value)
    if kind is None:
        return UNDECIDED
    if lookup == "in":
        if not isinstance(rhs, list | tuple | set | frozenset) or any(_kind(v) != kind for v in rhs):
            return UNDECIDED
        return value in rhs
    if _kind(rhs) != kind:
        return UNDECIDED
    return _COMPARISONS[lookup](value, rhs)


def decide(model, condition, instance):
    """True or False where Python is certain of the condition on the instance as the database would be, else None."""
    if condition.connector not in (models.Q.AND, models.Q.OR):
        return UNDECIDED
    results = []
    for child in condition.children:
        if isinstance(child, models.Q):
            result = decide(model, child, instance)
        elif isinstance(child, tuple) and len(child) == 2 and isinstance(child[0], str):
            result = _lookup(model, *child, instance)
        else:
            return UNDECIDED
        if result is UNDECIDED:
            return UNDECIDED
        results.append(result)
    result = all(results) if condition.connector == models.Q.AND else any(results)
    return not result if condition.negated else result


def _names(condition):
    for child in condition.children:
        if isinstance(child, models.Q):
            yield from _names(child)
        elif isinstance(child, tuple) and isinstance(child[0], str):
            yield child[0].split("__")[0]


def _excluded(condition, exclude) -> bool:
    """Django skips a condition naming an excluded field (its check raises FieldError, which it passes over)."""
    return bool(exclude) and any(name in exclude for name in _names(condition))


class PythonConstraintsMixin:
    def validate_constraints(self, exclude=None):
        exclude = set(exclude or ())
        using = router.db_for_write(self.__class__, instance=self)
        errors = {}
        for model_class, model_constraints in self.get_constraints():
            for constraint in model_constraints:
                condition = getattr(constraint, "condition", None)
                if isinstance(condition, models.Q) and not _excluded(condition, exclude):
                    holds = decide(model_class, condition, self)
                    if isinstance(constraint, models.CheckConstraint):
                        if holds is True:
                            continue
                        if holds is False:
                            error = ValidationError(
                                constraint.get_violation_error_message(), code=constraint.violation_error_code
                            )
                            errors = error.update_error_dict(errors)
                            continue
                    elif isinstance(constraint, models.UniqueConstraint) and holds is False:
                        continue  # the instance is outside the constraint's rows
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as e:  # as Model.validate_constraints files it
                    if getattr(e, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(e)
                    else:
                        errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
