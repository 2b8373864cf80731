"""ConvStudio: see how a convolutional network learns its filters, one multiply-add at a time."""

__version__ = "0.1.0"
