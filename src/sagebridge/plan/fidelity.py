"""What a plan note means for the generated file it concerns (issue 11: migrate exits 0 only
when what it generated is complete).

Notes are text (for migrate's report and the guide); their type says what they do:

    Unfaithful(text, step)  the generated file would not do what the script does (loader
                            arguments not reproduced, a split or label that can't be known)
                            -> the artifact is left out with this reason
    Informational(text)     a fact to know; the file is complete as generated
    Review(text)            generated and faithful at the script's defaults, but a person must
    (or any other str)      act or check (it says what to do) -> "needs review", exit 3

An unmarked note counts as needing review, so a new note can't make migrate claim more than it
knows. A typed note may concern one constructor argument of the rebuilt model (`argument=`,
plan/constructor_args.py): a loader that rebuilds the model from its own saved arguments
(Lightning's `load_from_checkpoint`) drops those (`without_constructor_notes`).
"""

from __future__ import annotations

from collections.abc import Iterable

from sagebridge.model import StrEnum


class NoteStep(StrEnum):
    PREPROCESS = "preprocess"  # code/preprocess.py's staging or test split
    EVALUATE = "evaluate"  # code/evaluate.py's reading of the test set
    MODEL = "model"  # the model as evaluate.py and inference.py rebuild or load it


class Note(str):
    """A typed note; `argument` is the constructor argument of the rebuilt model it concerns
    ("" when none)."""

    argument: str

    def __new__(cls, text: str, argument: str = "") -> Note:  # noqa: PYI034 (Python 3.10: no typing.Self)
        note = super().__new__(cls, text)
        note.argument = argument
        return note

    def __getnewargs__(self) -> tuple[str, ...]:  # type: ignore[override]  # copy, pickle
        return (str(self), self.argument)


class Unfaithful(Note):
    """A note that leaves out the generated file(s) of `step`."""

    step: NoteStep

    def __new__(cls, text: str, step: NoteStep, argument: str = "") -> Unfaithful:  # noqa: PYI034
        note = str.__new__(cls, text)
        note.argument, note.step = argument, step
        return note

    def __getnewargs__(self) -> tuple[str, ...]:  # type: ignore[override]
        return (str(self), self.step, self.argument)


class Informational(Note):
    """A note that asks nothing of the user: the artifact stays complete."""


class Review(Note):
    """A note a person must act on (as any untyped note): the artifact needs review."""


def without_constructor_notes(notes: Iterable[str]) -> tuple[str, ...]:
    """`notes` without those about a constructor argument of the rebuilt model."""
    return tuple(n for n in notes if not (isinstance(n, Note) and n.argument))


def unfaithful(notes: Iterable[str], step: NoteStep) -> tuple[str, ...]:
    """The notes that leave out `step`'s files, as plain text."""
    return tuple(str(n) for n in notes if isinstance(n, Unfaithful) and n.step is step)


def to_review(notes: Iterable[str]) -> tuple[str, ...]:
    """The notes a person must act on (neither unfaithful nor informational)."""
    return tuple(str(n) for n in notes if not isinstance(n, (Unfaithful, Informational)))


def informational(notes: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(n) for n in notes if isinstance(n, Informational))
