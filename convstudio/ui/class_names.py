"""What the window calls a class: its name where the data set gives one (the digits are themselves, an
image folder's classes its subfolders), else its number from 1, as the lessons and equations count."""

from __future__ import annotations

from convstudio.session.session import Session


def class_name(session: Session, k: int) -> str:
    """The name of class ``k`` (0-based, as the labels are)."""
    data = session.data
    names = data.class_names if data is not None else ()
    return names[k] if 0 <= k < len(names) else str(k + 1)


def class_names(session: Session, count: int) -> list[str]:
    return [class_name(session, k) for k in range(count)]


def label_numbers(session: Session, count: int) -> list[int]:
    """The number the labels card shows for each class: the name where every name is a whole number
    (the digits), else the class's number from 1."""
    names = class_names(session, count)
    if all(n.isdigit() for n in names) and len(set(names)) == len(names):
        return [int(n) for n in names]
    return list(range(1, count + 1))


def classes_of(session: Session) -> int:
    """How many classes the session's network scores."""
    if session.spec is not None:
        return session.spec.n_classes
    return int(session.trace.layers[-1].out_shape[0])
