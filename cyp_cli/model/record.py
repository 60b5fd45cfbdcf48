"""The base of the plan model's classes: each field declared once.

A field is an annotated class attribute whose value is a field specifier::

    class Partner(Located):
        id: str | None = key(SLUG, "Stable id that sections and actions use.",
                             required=True)
        name: Localised | None = key(TEXT, "Full name as published.", required=True,
                                     welsh="Welsh name, for the Welsh edition.")
        statutory: bool = key(BOOLEAN, "A statutory partner ...", default=False)

:func:`key` declares a key of the plan contract (its type, its meaning, whether it is
required; :class:`~.spec.Obj` reads it and ``cyp schema`` prints it); :func:`attr` a
model-only attribute (where a value was written, a flag the loader sets). From these
:class:`Record` builds, once per class, the class's ``FIELDS`` (the contract, in
declaration order) and its defaults: no code is generated, so importing the model
costs little on every ``cyp lint`` start (docs/model.md says why).

``welsh=`` makes one attribute of two contract keys: ``name`` and ``name_cy`` as the
author writes them, read into one :class:`Localised` value (the English text, with the
Welsh on it). Rules and the editions ask ``value.in_(lang)`` instead of looking for a
second attribute.

mypy sees the classes through ``dataclass_transform``: constructors take keyword
arguments of the declared types, and each specifier's result has the declared
attribute's type (a default that does not fit is a type error).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, overload

from .spec import Field, Type

if TYPE_CHECKING:
    from typing_extensions import Self, dataclass_transform
else:  # the decorator only informs type checkers; at run time it needs no import

    def dataclass_transform(**_options: object) -> Callable[[type], type]:
        return lambda cls: cls


T = TypeVar("T")

#: The languages a field may have a twin in, as the twin key's suffix (``name_cy``).
WELSH = "cy"


class Localised(str):
    """A free text of the plan in English, with its Welsh (``cy``) when given.

    It *is* the English text (a ``str``: every English use works unchanged, and it
    compares and hashes as that text), so a rule comparing an indicator across
    versions compares the English as before. :meth:`in_` gives an edition's text;
    :meth:`get` says whether a language's text was written at all.

    Built as a plain ``str`` is (``Localised("Council")``, in C), the Welsh set after
    (``.cy``, None until then): a 2000-section plan holds tens of thousands of these,
    and the parse workers and the cache pickle them all.
    """

    cy: str | None = None

    def get(self, lang: str) -> str | None:
        """The text as written in ``lang``; None when it was not written (English
        is the text itself, None when empty)."""
        if lang == WELSH:
            return self.cy
        if lang == "en":
            return str(self) or None
        return None

    def in_(self, lang: str) -> str:
        """The text in ``lang`` when written, else the English."""
        return self.get(lang) or str(self)

    def __repr__(self) -> str:
        return f"Localised({str(self)!r}, cy={self.cy!r})" if self.cy else super().__repr__()


def localised(english: str, cy: str | None = None) -> Localised:
    """A :class:`Localised` text with its Welsh."""
    text = Localised(english)
    if cy is not None:
        text.cy = cy
    return text


class Spec:
    """What :func:`key` and :func:`attr` return at run time: a field's default (or
    factory for a mutable one), and for a contract key its :class:`Field`."""

    __slots__ = ("compare", "default", "factory", "field", "name", "welsh")

    def __init__(self, default: Any, factory: Callable[[], Any] | None,
                 field: Field | None = None, welsh: str | None = None,
                 name: str | None = None, compare: bool = True) -> None:
        self.default, self.factory, self.field = default, factory, field
        self.welsh, self.name, self.compare = welsh, name, compare


@overload
def key(type: Type, doc: str, *, required: bool = ..., welsh: str | None = ...,
        name: str | None = ..., default: T) -> T: ...
@overload
def key(type: Type, doc: str, *, required: bool = ..., welsh: str | None = ...,
        name: str | None = ..., factory: Callable[[], T]) -> T: ...
@overload
def key(type: Type, doc: str, *, required: bool = ..., welsh: str | None = ...,
        name: str | None = ...) -> None: ...
def key(type: Type, doc: str, *, required: bool = False, welsh: str | None = None,
        name: str | None = None, default: Any = None,
        factory: Callable[[], Any] | None = None) -> Any:
    """A key of the plan contract: its ``type`` (``spec``), what it means (``doc``,
    printed by ``cyp schema``), whether the author must give it. ``welsh`` declares
    its Welsh twin ``<key>_cy`` with that description (the value is a
    :class:`Localised`); ``name`` the key as written when it is not the attribute's
    name (``per-file-ignores``). Without ``default`` or ``factory`` the default is
    None."""
    return Spec(default, factory, Field(type, doc, required), welsh, name)


@overload
def attr(*, default: T, compare: bool = ...) -> T: ...
@overload
def attr(*, factory: Callable[[], T], compare: bool = ...) -> T: ...
def attr(*, default: Any = None, factory: Callable[[], Any] | None = None,
         compare: bool = True) -> Any:
    """A model-only attribute, not a key of the contract (``Measure.tbc``,
    ``Actual.origin``, where values were written). ``compare=False`` leaves it out
    of equality."""
    return Spec(default, factory, compare=compare)


@dataclass_transform(kw_only_default=True)
class Record:
    """Builds each subclass's contract and defaults from its declarations.

    ``FIELDS`` lists the class's own keys in declaration order (a Welsh twin right
    after its English key, or after all the English keys with ``welsh_last=True``),
    then the keys it inherits and does not declare again. An inherited key declared
    again with :func:`attr` is no key of the subclass (``Actual.note``).

    Instances hold in ``__dict__`` only what was given and the mutable defaults; the
    other defaults are class attributes. Equality compares the fields (Welsh text
    included) other than those declared with ``compare=False``.
    """

    #: The contract's keys of the class, with their types (``spec.Obj`` reads them).
    FIELDS: ClassVar[dict[str, Field]] = {}
    _SPECS: ClassVar[dict[str, Spec]] = {}  # attribute -> its declaration, inherited too
    _NAMES: ClassVar[frozenset[str]] = frozenset()  # what the constructor accepts
    _FACTORIES: ClassVar[tuple[tuple[str, Callable[[], Any]], ...]] = ()
    _LOCALISED: ClassVar[frozenset[str]] = frozenset()  # attributes with a Welsh twin
    _TWINS: ClassVar[tuple[tuple[str, str], ...]] = ()  # (attribute, Welsh key)
    _RENAMED: ClassVar[tuple[tuple[str, str], ...]] = ()  # (key as written, attribute)
    _COMPARED: ClassVar[tuple[str, ...]] = ()
    _POST_INIT: ClassVar[bool] = False  # the class does something after construction

    def __init_subclass__(cls, welsh_last: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = {name: v for name, v in cls.__dict__.items() if isinstance(v, Spec)}
        for name, annotation in cls.__annotations__.items():  # its own (3.10+)
            if name not in own and "ClassVar" not in str(annotation):
                raise TypeError(f"{cls.__name__}.{name}: declare it with key() or attr()")
        specs = {**cls._SPECS, **own}
        english: dict[str, Field] = {}
        welsh: dict[str, Field] = {}
        for name, spec in own.items():
            f = spec.field
            if f is None:
                continue
            written = spec.name or name
            english[written] = Field(f.type, f.doc, f.required, attr=name)
            if spec.welsh is not None:
                twin = Field(f.type, spec.welsh, attr=name, lang=WELSH)
                (welsh if welsh_last else english)[f"{written}_{WELSH}"] = twin
        inherited = {k: f for k, f in cls.FIELDS.items() if f.attr not in own}
        cls.FIELDS = {**english, **welsh, **inherited}
        cls._SPECS = specs
        cls._NAMES = frozenset(specs)
        cls._FACTORIES = tuple((n, s.factory) for n, s in specs.items() if s.factory)
        twins = [(f.attr, k) for k, f in cls.FIELDS.items() if f.lang]
        cls._TWINS = tuple(twins)
        cls._LOCALISED = frozenset(a for a, _ in twins)
        cls._RENAMED = tuple((k, f.attr) for k, f in cls.FIELDS.items()
                             if not f.lang and k != f.attr)
        cls._COMPARED = tuple(n for n, s in specs.items() if s.compare)
        cls._POST_INIT = cls.__post_init__ is not Record.__post_init__
        for name, spec in own.items():
            if spec.factory is None:
                setattr(cls, name, spec.default)  # read through the class until set
            else:
                delattr(cls, name)  # always in the instance's own __dict__

    def __init__(self, **values: Any) -> None:
        cls = type(self)
        unknown = values.keys() - cls._NAMES
        if unknown:
            raise TypeError(f"{cls.__name__}() got an unexpected keyword argument "
                            f"{min(unknown)!r}")
        d = self.__dict__
        for name, factory in cls._FACTORIES:
            if name not in values:
                d[name] = factory()
        for name in cls._LOCALISED.intersection(values):
            value = values[name]
            if isinstance(value, str) and not isinstance(value, Localised):
                values[name] = Localised(value)
        d.update(values)
        if cls._POST_INIT:
            self.__post_init__()

    def __post_init__(self) -> None:
        """What a class does once its values are in place (nothing by default)."""

    @classmethod
    def from_contract(cls, values: dict[str, Any], **model: Any) -> Self:
        """An instance from values keyed as the author wrote them (``name_cy``,
        ``per-file-ignores``), and ``model`` attributes (``file``, ``pos``): the
        reader's way in, without the checks of ``__init__`` (the reader gives only
        keys of ``FIELDS``)."""
        self = cls.__new__(cls)
        d = self.__dict__
        d.update(values)
        for written, name in cls._RENAMED:
            if written in d:
                d[name] = d.pop(written)
        for name, twin in cls._TWINS:
            english = d.get(name)
            if twin in d:
                d[name] = text = Localised(english or "")
                text.cy = d.pop(twin)
            elif english is not None:
                d[name] = Localised(english)
        d.update(model)
        for name, factory in cls._FACTORIES:
            if name not in d:
                d[name] = factory()
        if cls._POST_INIT:
            self.__post_init__()
        return self

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` (as ``dataclasses.replace``: values are shared)."""
        new = type(self).__new__(type(self))
        new.__dict__.update(self.__dict__)
        new.__dict__.update(changes)
        return new

    def _compared(self) -> tuple[Any, ...]:
        return tuple((v, v.cy) if isinstance(v := getattr(self, n), Localised) else v
                     for n in self._COMPARED)

    def __eq__(self, other: object) -> bool:  # so, as Python does, no __hash__
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return self._compared() == other._compared()

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._COMPARED)
        return f"{type(self).__name__}({shown})"
