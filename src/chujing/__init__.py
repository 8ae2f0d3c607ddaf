"""chujing (出境): cross-border data export compliance for China's free trade zones."""

__version__ = "0.1.0"
