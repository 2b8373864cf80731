"""The words the window uses for the network's settings and their options, translated."""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

#: How an option of a setting is named (the engine's value: its words), e.g. in the network editor.
OPTIONS = {
    "none": QT_TRANSLATE_NOOP("Words", "none"),
    "relu": QT_TRANSLATE_NOOP("Words", "ReLU"),
    "sigmoid": QT_TRANSLATE_NOOP("Words", "sigmoid"),
    "tanh": QT_TRANSLATE_NOOP("Words", "tanh"),
    "max": QT_TRANSLATE_NOOP("Words", "max"),
    "avg": QT_TRANSLATE_NOOP("Words", "average"),
    "global_avg": QT_TRANSLATE_NOOP("Words", "global average"),
    "dense": QT_TRANSLATE_NOOP("Words", "flatten + dense"),
    "mse": QT_TRANSLATE_NOOP("Words", "mean squared error"),
    "cross_entropy": QT_TRANSLATE_NOOP("Words", "softmax cross-entropy"),
}
#: How a setting of the network is named in a sentence (the Spec's field: its words).
SETTINGS = {
    "height": QT_TRANSLATE_NOOP("Words", "height"),
    "width": QT_TRANSLATE_NOOP("Words", "width"),
    "channels": QT_TRANSLATE_NOOP("Words", "channels"),
    "batch": QT_TRANSLATE_NOOP("Words", "batch"),
    "filters": QT_TRANSLATE_NOOP("Words", "filters"),
    "kernel": QT_TRANSLATE_NOOP("Words", "filter size"),
    "stride": QT_TRANSLATE_NOOP("Words", "stride"),
    "padding": QT_TRANSLATE_NOOP("Words", "padding"),
    "dilation": QT_TRANSLATE_NOOP("Words", "dilation"),
    "bias": QT_TRANSLATE_NOOP("Words", "bias"),
    "activation": QT_TRANSLATE_NOOP("Words", "activation"),
    "pooling": QT_TRANSLATE_NOOP("Words", "pooling"),
    "pool_size": QT_TRANSLATE_NOOP("Words", "pooling window"),
    "pool_stride": QT_TRANSLATE_NOOP("Words", "pooling stride"),
    "head": QT_TRANSLATE_NOOP("Words", "head"),
    "classes": QT_TRANSLATE_NOOP("Words", "classes"),
    "loss": QT_TRANSLATE_NOOP("Words", "loss"),
    "lr": QT_TRANSLATE_NOOP("Words", "learning rate η"),
    "momentum": QT_TRANSLATE_NOOP("Words", "momentum μ"),
}

#: How a layer type of the network contract is named on a box of the network strip, in a picker.
LAYERS = {
    "conv": QT_TRANSLATE_NOOP("Words", "conv"),
    "conv_transpose": QT_TRANSLATE_NOOP("Words", "transposed conv"),
    "relu": QT_TRANSLATE_NOOP("Words", "ReLU"),
    "sigmoid": QT_TRANSLATE_NOOP("Words", "sigmoid"),
    "tanh": QT_TRANSLATE_NOOP("Words", "tanh"),
    "max_pool": QT_TRANSLATE_NOOP("Words", "max pool"),
    "avg_pool": QT_TRANSLATE_NOOP("Words", "avg pool"),
    "global_avg_pool": QT_TRANSLATE_NOOP("Words", "global avg pool"),
    "batch_norm": QT_TRANSLATE_NOOP("Words", "batch norm"),
    "flatten": QT_TRANSLATE_NOOP("Words", "flatten"),
    "dense": QT_TRANSLATE_NOOP("Words", "dense"),
}


def layer_type(kind: str) -> str:
    """The words for a layer type (``max_pool``: max pool); an unknown type, as it is."""
    words = LAYERS.get(kind)
    return QCoreApplication.translate("Words", words) if words else kind


def option(value: str) -> str:
    """The words for an option (``relu``: ReLU); a value that has none, as it is."""
    words = OPTIONS.get(value)
    return QCoreApplication.translate("Words", words) if words else value


def setting(name: str) -> str:
    """The words for a setting (``kernel``: filter size); a setting that has none, by its name."""
    words = SETTINGS.get(name)
    return QCoreApplication.translate("Words", words) if words else name


#: How a phase of an iteration is named in the window (the section's phase: its words).
PHASES = {
    "intro": QT_TRANSLATE_NOOP("Words", "start"),
    "forward": QT_TRANSLATE_NOOP("Words", "forward"),
    "backward": QT_TRANSLATE_NOOP("Words", "backward"),
    "update": QT_TRANSLATE_NOOP("Words", "update"),
}
#: How a unit of stepping is named in the Step by picker (the cursor's unit: its words).
UNITS = {
    "term": QT_TRANSLATE_NOOP("Words", "term"),
    "element": QT_TRANSLATE_NOOP("Words", "element"),
    "layer": QT_TRANSLATE_NOOP("Words", "layer"),
    "phase": QT_TRANSLATE_NOOP("Words", "phase"),
    "iteration": QT_TRANSLATE_NOOP("Words", "iteration"),
}


def phase(name: str) -> str:
    """The words for a phase (``backward``: backward); an unknown phase, as it is."""
    words = PHASES.get(name)
    return QCoreApplication.translate("Words", words) if words else name


def unit(name: str) -> str:
    """The words for a unit of stepping (``element``: element); an unknown unit, as it is."""
    words = UNITS.get(name)
    return QCoreApplication.translate("Words", words) if words else name


#: The phrases the engine's section titles are made of ("Forward · layer 2 (conv): convolution o²"),
#: longest first so that "global average pooling" is not read as "average pooling".
SECTION_PHRASES = (
    QT_TRANSLATE_NOOP("Sections", "dL/dI = dL/do ∗ flipped W (full)"),
    QT_TRANSLATE_NOOP("Sections", "global average pooling"),
    QT_TRANSLATE_NOOP("Sections", "transposed convolution"),
    QT_TRANSLATE_NOOP("Sections", "through the pooling"),
    QT_TRANSLATE_NOOP("Sections", "mean squared error"),
    QT_TRANSLATE_NOOP("Sections", "normalised value"),
    QT_TRANSLATE_NOOP("Sections", "average pooling"),
    QT_TRANSLATE_NOOP("Sections", "scale and shift"),
    QT_TRANSLATE_NOOP("Sections", "batch variance"),
    QT_TRANSLATE_NOOP("Sections", "cross-entropy"),
    QT_TRANSLATE_NOOP("Sections", "dense layer"),
    QT_TRANSLATE_NOOP("Sections", "max pooling"),
    QT_TRANSLATE_NOOP("Sections", "convolution"),
    QT_TRANSLATE_NOOP("Sections", "through the"),
    QT_TRANSLATE_NOOP("Sections", "batch mean"),
    QT_TRANSLATE_NOOP("Sections", "activation"),
    QT_TRANSLATE_NOOP("Sections", "Backward"),
    QT_TRANSLATE_NOOP("Sections", "Forward"),
    QT_TRANSLATE_NOOP("Sections", "flatten"),
    QT_TRANSLATE_NOOP("Sections", "softmax"),
    QT_TRANSLATE_NOOP("Sections", "Update"),
    QT_TRANSLATE_NOOP("Sections", "layer"),
    QT_TRANSLATE_NOOP("Sections", "loss"),
)
_PHRASE = re.compile("|".join(rf"(?<!\w){re.escape(p)}(?!\w)" for p in SECTION_PHRASES))


def section_title(title: str) -> str:
    """A section's title from the engine in the window's language, phrase by phrase, a layer's type
    in brackets as the strip names it; its symbols and numbers as they are."""
    title = _PHRASE.sub(lambda m: QCoreApplication.translate("Sections", m.group(0)), title)
    return _LAYER_TYPE.sub(
        lambda m: f"({layer_type(m.group(1))})" if m.group(1) in LAYERS else m.group(0), title
    )


_LAYER_TYPE = re.compile(r"\((\w+)\)")
